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
    /// Sizes of the batches written so far, for tests and benchmarks.
    private(set) var batchSizes: [Int] = []

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
        batchSizes.append(batch.count)
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
