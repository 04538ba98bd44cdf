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
    public var batchSize = 1_000
    /// How many of a batch fire at once: concurrent commits share a transaction on SQLite (group
    /// commit) and connections on PostgreSQL.
    public var concurrency = 64
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
        /// Timers given back because an earlier timer of their idea is claimed by another instance
        /// (or one that died): they fire after it, never before.
        public var deferred = 0

        public init() {}

        var handled: Int { fired + skipped + failed + deferred }
    }

    /// Fires every timer due at `now`, batch after batch, until none is left or `limit` were
    /// handled. A store failure of a claim ends the call.
    public func fireDue(now: Date, limit: Int = .max) async throws(StoreError) -> Report {
        var report = Report()
        while report.handled < limit {
            let claimed = try await handler.store.claimDueTimers(
                now: now, limit: min(batchSize, limit - report.handled),
                leaseUntil: now.addingTimeInterval(lease))
            if claimed.isEmpty { break }
            let batch = await fire(claimed, now: now)
            report.fired += batch.fired
            report.skipped += batch.skipped
            report.failed += batch.failed
            report.deferred += batch.deferred
            if batch.failed + batch.deferred == claimed.count || claimed.count < batchSize { break }
        }
        return report
    }

    /// Fires a batch: the ideas side by side, each idea's timers one after the other in the order
    /// they fell due, so that a server that was down reminds before it escalates before it holds.
    private func fire(_ timers: [TimerRecord], now: Date) async -> Report {
        var byIdea: [String: [TimerRecord]] = [:]
        var order: [String] = []
        for timer in timers {
            if byIdea[timer.ideaID] == nil { order.append(timer.ideaID) }
            byIdea[timer.ideaID, default: []].append(timer)
        }
        // One read for the whole batch: which due timers of these ideas are pending, ours or not.
        let pending = (try? await handler.store.pendingTimers(ideaIDs: order, dueBy: now)).map {
            Dictionary(grouping: $0, by: \.ideaID)
        }
        return await withTaskGroup(of: Report.self) { group in
            var report = Report()
            var next = order.makeIterator()
            func add(_ ideaID: String) {
                let timers = byIdea[ideaID] ?? []
                group.addTask {
                    var report = Report()
                    let (ready, later) = inOrder(timers, pending: pending.map { $0[ideaID] ?? [] })
                    for timer in later {
                        _ = try? await handler.store.releaseTimer(id: timer.id, leaseToken: timer.leaseToken)
                        report.deferred += 1
                    }
                    for timer in ready {
                        // A timer that fails keeps its claim: it is tried again when the lease is
                        // over, which spaces out the attempts of one that keeps failing.
                        do throws(CommandFailure) {
                            if try await handler.fire(timer, now: now) != nil {
                                report.fired += 1
                            } else {
                                report.skipped += 1
                            }
                        } catch {
                            report.failed += 1
                        }
                    }
                    return report
                }
            }
            for _ in 0..<concurrency {
                guard let ideaID = next.next() else { break }
                add(ideaID)
            }
            while let done = await group.next() {
                report.fired += done.fired
                report.skipped += done.skipped
                report.failed += done.failed
                report.deferred += done.deferred
                if let ideaID = next.next() { add(ideaID) }
            }
            return report
        }
    }

    /// Splits one idea's claimed timers (in due order) into those that may fire now and those
    /// that must wait: every one due after a due timer of the idea that this claim does not hold
    /// (another instance has it, or an instance that died holds it until its lease ends). So the
    /// steps of a ladder take effect in their order even when instances share them. Without the
    /// idea's pending timers (their read failed), all fire: the order is kept within the claim.
    private func inOrder(_ timers: [TimerRecord], pending: [TimerRecord]?) -> (
        ready: [TimerRecord], later: [TimerRecord]
    ) {
        guard let pending else { return (timers, []) }
        let mine = Set(timers.map(\.id))
        let foreign = pending.filter { !mine.contains($0.id) }
        guard let first = foreign.min(by: { ($0.dueAt, $0.id) < ($1.dueAt, $1.id) }) else { return (timers, []) }
        let ready = timers.filter { ($0.dueAt, $0.id) < (first.dueAt, first.id) }
        return (ready, Array(timers.dropFirst(ready.count)))
    }
}
