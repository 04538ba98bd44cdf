import Foundation
import PipelineStore
import PostgresNIO

extension PostgresStore {
    public func createSession(_ record: SessionRecord) async throws(StoreError) {
        try await transaction { connection in
            try await connection.query(
                "DELETE FROM sessions WHERE ends_at <= \(record.createdAt.milliseconds)", logger: logger)
            try await connection.query(
                """
                INSERT INTO sessions (id_hash, token_hash, csrf, created_at, last_seen_at, idle_ms, expires_at)
                VALUES (\(record.idHash), \(record.tokenHash), \(record.csrf), \(record.createdAt.milliseconds),
                        \(record.lastSeenAt.milliseconds), \(record.idleMilliseconds), \(record.expiresAt.milliseconds))
                """, logger: logger)
        }
    }

    public func session(idHash: String, now: Date) async throws(StoreError) -> SessionRecord? {
        // Read first: most page views find a session seen within the minute and write nothing.
        let found = try await rows(
            """
            SELECT id_hash, token_hash, csrf, created_at, last_seen_at, idle_ms, expires_at FROM sessions
            WHERE id_hash = \(idHash) AND ends_at > \(now.milliseconds)
            """, PostgresStore.session
        ).first
        guard let found, found.needsTouch(at: now) else { return found }
        // Signed out or ended since the read: then no row changes, and there is no session.
        let touched = try await changes(
            """
            UPDATE sessions SET last_seen_at = GREATEST(last_seen_at, \(now.milliseconds))
            WHERE id_hash = \(idHash) AND ends_at > \(now.milliseconds)
            RETURNING id_hash
            """
        )
        return touched > 0 ? found.seen(at: Date(milliseconds: now.milliseconds)) : nil
    }

    @discardableResult
    public func deleteSession(idHash: String) async throws(StoreError) -> Bool {
        try await changes("DELETE FROM sessions WHERE id_hash = \(idHash) RETURNING id_hash") > 0
    }

    @discardableResult
    public func deleteExpiredSessions(now: Date) async throws(StoreError) -> Int {
        try await changes("DELETE FROM sessions WHERE ends_at <= \(now.milliseconds) RETURNING id_hash")
    }

    private static func session(_ row: PostgresRow) throws -> SessionRecord {
        let (idHash, tokenHash, csrf, created, lastSeen, idle, expires) = try row.decode(
            (String, String, String, Int64, Int64, Int64, Int64).self)
        return SessionRecord(
            idHash: idHash, tokenHash: tokenHash, csrf: csrf, createdAt: Date(milliseconds: created),
            lastSeenAt: Date(milliseconds: lastSeen), idleLifetime: Double(idle) / 1000,
            expiresAt: Date(milliseconds: expires))
    }
}
