import Foundation

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
