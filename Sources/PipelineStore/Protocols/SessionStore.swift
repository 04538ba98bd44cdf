import Foundation

/// The pages' sign-in sessions, kept in the database so that any instance serves any page.
///
/// The store knows nothing of tokens' validity: the web layer checks a session's token again on
/// every request, so a revoked token ends its sessions although their rows are still there.
///
/// ```swift
/// try await store.createSession(record)
/// let live = try await store.session(idHash: record.idHash, now: clock.now())
/// ```
public protocol SessionStore: Sendable {
    /// Stores a new session, and deletes the sessions that ended before its `createdAt` (so the
    /// table stays as small as the number of live sessions without a cleaning job).
    func createSession(_ record: SessionRecord) async throws(StoreError)

    /// The session with this id hash if it is live at `now`, marked as seen at `now`. To spare a
    /// write on every page view, the mark is written only when the stored one is at least
    /// `SessionRecord.touchInterval` old: a session's idle lifetime is counted from its last use,
    /// give or take that interval. `nil` for an unknown or ended session.
    func session(idHash: String, now: Date) async throws(StoreError) -> SessionRecord?

    /// Ends a session (signing out); false when there was none.
    @discardableResult
    func deleteSession(idHash: String) async throws(StoreError) -> Bool

    /// Deletes every session that ended at or before `now`; how many there were.
    @discardableResult
    func deleteExpiredSessions(now: Date) async throws(StoreError) -> Int
}
