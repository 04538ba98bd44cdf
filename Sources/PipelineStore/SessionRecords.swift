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
public protocol SessionRecords: Sendable {
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

/// A signed-in browser as stored: never the session id itself (only the browser's cookie holds
/// it), so a reader of the database cannot take over a live session.
public struct SessionRecord: Sendable, Hashable {
    /// How old a session's `lastSeenAt` must be before seeing it again is written.
    public static let touchInterval: TimeInterval = 60

    /// SHA-256 of the session id, 64 lowercase hex digits (the database refuses anything else).
    public let idHash: String
    /// SHA-256 of the token the person signed in with, as `tokens.hash`; checked again on every request.
    public let tokenHash: String
    /// Sent in a hidden field of every form and compared on every POST.
    public let csrf: String
    public let createdAt: Date
    public let lastSeenAt: Date
    /// A session unused this long ends.
    public let idleLifetime: TimeInterval
    /// When the session ends however often it is used.
    public let expiresAt: Date

    public init(
        idHash: String, tokenHash: String, csrf: String, createdAt: Date, lastSeenAt: Date,
        idleLifetime: TimeInterval, expiresAt: Date
    ) {
        self.idHash = idHash
        self.tokenHash = tokenHash
        self.csrf = csrf
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
        self.idleLifetime = idleLifetime
        self.expiresAt = expiresAt
    }

    /// When the session ends unless it is seen again: the earlier of its idle end and its expiry.
    public var endsAt: Date { min(lastSeenAt.addingTimeInterval(idleLifetime), expiresAt) }

    /// The idle lifetime in whole milliseconds, as the backends store it.
    public var idleMilliseconds: Int64 { Int64((idleLifetime * 1000).rounded()) }

    /// Whether seeing the session at `now` is worth a write (see `touchInterval`).
    public func needsTouch(at now: Date) -> Bool { now.timeIntervalSince(lastSeenAt) >= Self.touchInterval }

    /// The same session, seen at `now` (never earlier than it was already seen).
    public func seen(at now: Date) -> SessionRecord {
        SessionRecord(
            idHash: idHash, tokenHash: tokenHash, csrf: csrf, createdAt: createdAt,
            lastSeenAt: max(lastSeenAt, now), idleLifetime: idleLifetime, expiresAt: expiresAt)
    }
}
