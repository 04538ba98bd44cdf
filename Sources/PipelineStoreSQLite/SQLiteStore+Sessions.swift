import Foundation
import GRDB
import PipelineStore

extension SQLiteStore {
    public func createSession(_ record: SessionRecord) async throws(StoreError) {
        try await write { db in
            try db.execute(
                sql: "DELETE FROM sessions WHERE ends_at <= ?", arguments: [record.createdAt.milliseconds])
            try db.execute(
                sql: """
                    INSERT INTO sessions (id_hash, token_hash, csrf, created_at, last_seen_at, idle_ms, expires_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    record.idHash, record.tokenHash, record.csrf, record.createdAt.milliseconds,
                    record.lastSeenAt.milliseconds, record.idleMilliseconds, record.expiresAt.milliseconds,
                ])
        }
    }

    public func session(idHash: String, now: Date) async throws(StoreError) -> SessionRecord? {
        // Read first: most page views find a session seen within the minute and write nothing.
        let found = try await read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT id_hash, token_hash, csrf, created_at, last_seen_at, idle_ms, expires_at FROM sessions
                    WHERE id_hash = ? AND ends_at > ?
                    """, arguments: [idHash, now.milliseconds]
            ).map(SQLiteStore.session)
        }
        guard let found, found.needsTouch(at: now) else { return found }
        // Signed out or ended since the read: then no row changes, and there is no session.
        let touched = try await write { db in
            try db.execute(
                sql: """
                    UPDATE sessions SET last_seen_at = max(last_seen_at, ?)
                    WHERE id_hash = ? AND ends_at > ?
                    """, arguments: [now.milliseconds, idHash, now.milliseconds])
            return db.changesCount > 0
        }
        return touched ? found.seen(at: Date(milliseconds: now.milliseconds)) : nil
    }

    @discardableResult
    public func deleteSession(idHash: String) async throws(StoreError) -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM sessions WHERE id_hash = ?", arguments: [idHash])
            return db.changesCount > 0
        }
    }

    @discardableResult
    public func deleteExpiredSessions(now: Date) async throws(StoreError) -> Int {
        try await write { db in
            try db.execute(sql: "DELETE FROM sessions WHERE ends_at <= ?", arguments: [now.milliseconds])
            return db.changesCount
        }
    }

    private static func session(_ row: Row) -> SessionRecord {
        let created: Int64 = row["created_at"]
        let lastSeen: Int64 = row["last_seen_at"]
        let idle: Int64 = row["idle_ms"]
        let expires: Int64 = row["expires_at"]
        return SessionRecord(
            idHash: row["id_hash"], tokenHash: row["token_hash"], csrf: row["csrf"],
            createdAt: Date(milliseconds: created), lastSeenAt: Date(milliseconds: lastSeen),
            idleLifetime: Double(idle) / 1000, expiresAt: Date(milliseconds: expires))
    }
}
