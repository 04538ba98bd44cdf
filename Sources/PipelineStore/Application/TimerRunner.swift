import Foundation
import PipelineCore

/// Fires the timers that are due: claims them from the store in batches (each leased, so that
/// instances never take the same one), fires each through the ``CommandHandler`` as the system
/// actor, and gives back what it could not fire. Knows no clock and no sleeping: the server's
/// timer service calls it every second with the wall clock's `now`, `pipeline demo` with a
/// simulated one.
///
/// ```swift
/// let runner = TimerRunner(handler: handler)
/// let fired = try await runner.fireDue(now: handler.clock.now())
/// ```
public struct TimerRunner: Sendable {
    public let handler: CommandHandler
    /// How many timers one claim takes.
    public var batchSize = 200
    /// How many of a batch fire at once: concurrent commits share a transaction on SQLite (group
    /// commit) and connections on PostgreSQL.
    public var concurrency = 32
    /// How long a claim holds: a timer whose instance died is taken again after this.
    public var lease: TimeInterval = 60

    public init(handler: CommandHandler) {
        self.handler = handler
    }

    /// What one call did.
    public struct Report: Sendable, Hashable {
        /// Timers whose effect was committed.
        public var fired = 0
        /// Timers with nothing left to do, or taken care of meanwhile (by a command or an instance).
        public var skipped = 0
        /// Timers that failed to fire (the store, or an unknown workflow); tried again when their
        /// lease is over.
        public var failed = 0

        public init() {}
    }

    /// Fires every timer due at `now`, batch after batch, until none is left or `limit` were
    /// handled. A store failure of a claim ends the call.
    public func fireDue(now: Date, limit: Int = .max) async throws(StoreError) -> Report {
        var report = Report()
        while report.fired + report.skipped + report.failed < limit {
            let claimed = try await handler.store.claimDueTimers(
                now: now, limit: min(batchSize, limit - report.fired - report.skipped - report.failed),
                leaseUntil: now.addingTimeInterval(lease))
            if claimed.isEmpty { break }
            let batch = await fire(claimed, now: now)
            report.fired += batch.fired
            report.skipped += batch.skipped
            report.failed += batch.failed
            if batch.failed == claimed.count || claimed.count < batchSize { break }
        }
        return report
    }

    private func fire(_ timers: [TimerRecord], now: Date) async -> Report {
        await withTaskGroup(of: Result<Bool, CommandFailure>.self) { group in
            var report = Report()
            func count(_ result: Result<Bool, CommandFailure>) {
                switch result {
                case .success(true): report.fired += 1
                case .success(false): report.skipped += 1
                case .failure: report.failed += 1
                }
            }
            var next = timers.makeIterator()
            func add(_ timer: TimerRecord) {
                group.addTask {
                    // A timer that fails keeps its claim: it is tried again when the lease is over,
                    // which spaces out the attempts of one that keeps failing.
                    do throws(CommandFailure) {
                        return .success(try await handler.fire(timer, now: now) != nil)
                    } catch {
                        return .failure(error)
                    }
                }
            }
            for _ in 0..<concurrency {
                guard let timer = next.next() else { break }
                add(timer)
            }
            while let result = await group.next() {
                count(result)
                if let timer = next.next() { add(timer) }
            }
            return report
        }
    }
}
