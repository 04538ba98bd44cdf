import PipelineStore

/// Commits concurrent commands together: while one transaction is being written, the commands
/// that arrive queue up and are written by the next transaction, each in its own savepoint.
/// One fsync then acknowledges many commands, each still all-or-nothing.
actor GroupCommit {
    typealias Writer = @Sendable ([EncodedCommit]) async -> [Result<Void, StoreError>]

    private struct Waiter {
        let commit: EncodedCommit
        let continuation: CheckedContinuation<Result<Void, StoreError>, Never>
    }

    private let write: Writer
    private let maximumBatch: Int
    private var queue: [Waiter] = []
    private var writing = false
    /// How many transactions and commands were written so far, for tests and benchmarks: two
    /// counters, so that a server that runs for months keeps no list that grows with its commands.
    private(set) var statistics = GroupCommitStatistics()

    init(maximumBatch: Int = 256, write: @escaping Writer) {
        self.maximumBatch = maximumBatch
        self.write = write
    }

    func submit(_ commit: EncodedCommit) async -> Result<Void, StoreError> {
        await withCheckedContinuation { continuation in
            queue.append(Waiter(commit: commit, continuation: continuation))
            startIfIdle()
        }
    }

    private func startIfIdle() {
        guard !writing, !queue.isEmpty else { return }
        writing = true
        let batch = Array(queue.prefix(maximumBatch))
        queue.removeFirst(batch.count)
        statistics.transactions += 1
        statistics.commands += batch.count
        statistics.largestBatch = max(statistics.largestBatch, batch.count)
        let write = self.write
        // One task per batch; it ends when the batch is written and hands over to the next.
        Task {
            let results = await write(batch.map(\.commit))
            for (waiter, result) in zip(batch, results) { waiter.continuation.resume(returning: result) }
            self.finished()
        }
    }

    private func finished() {
        writing = false
        startIfIdle()
    }
}

/// What a store's group commit has done since it opened.
public struct GroupCommitStatistics: Sendable, Equatable {
    /// Transactions written (each one fsync).
    public var transactions = 0
    /// Commands they carried.
    public var commands = 0
    /// The most commands one transaction carried.
    public var largestBatch = 0
}
