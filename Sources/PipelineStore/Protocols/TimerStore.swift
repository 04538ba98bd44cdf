import Foundation
import PipelineCore

/// The ideas' timers: written by commands (``CommandCommit/timers``, in the command's
/// transaction), claimed by timer services when due, and fired by the command each one causes
/// (``CommandCommit/firedTimer``), which fails with ``StoreError/timerNotPending(_:)`` when the
/// timer fired or was cancelled meanwhile. So a timer fires at most once however many instances
/// claim it, and a claim that dies with its instance is taken again when its lease is over.
///
/// ```swift
/// for timer in try await store.claimDueTimers(now: now, limit: 50, leaseUntil: now + 60) {
///     // decide through the engine, then commit with `firedTimer: timer.id`
/// }
/// ```
public protocol TimerStore: Sendable {
    /// Every timer of an idea, whatever its status, by due time (then by id).
    func timers(ideaID: String) async throws(StoreError) -> [TimerRecord]

    /// Timers due before `dueBefore` (`nil`: whenever), of one status (`nil`: any), by due time
    /// (then by id); at most `limit`, between 1 and 10,000.
    func timers(dueBefore: Date?, status: TimerRecord.Status?, limit: Int) async throws(StoreError) -> [TimerRecord]

    /// The pending timers of these ideas that are due by `dueBy`, whoever holds them, by due time
    /// (then by id): the runner checks with it that no earlier timer of an idea is held elsewhere.
    func pendingTimers(ideaIDs: [String], dueBy: Date) async throws(StoreError) -> [TimerRecord]

    /// Takes up to `limit` pending timers due at `now` (`dueAt <= now`), earliest first, that
    /// nobody holds: never claimed, given back, or with a lease that ended before `now`. Each is
    /// leased until `leaseUntil` under a new ``TimerRecord/leaseToken``. Concurrent claims, from
    /// this instance or others, never take one timer at the same time.
    func claimDueTimers(now: Date, limit: Int, leaseUntil: Date) async throws(StoreError) -> [TimerRecord]

    /// Gives a claim back before its lease ends (a timer service that stops, or that could not
    /// fire the timer now): the timer is due again at once. False when the claim is no longer
    /// the timer's (claimed again since) or the timer is not pending.
    @discardableResult
    func releaseTimer(id: Int64, leaseToken: Int64) async throws(StoreError) -> Bool

    /// Cancels a pending timer that has nothing left to do (the engine decided no effect for
    /// it), at `now`. False when it is not pending.
    @discardableResult
    func cancelTimer(id: Int64, now: Date) async throws(StoreError) -> Bool
}
