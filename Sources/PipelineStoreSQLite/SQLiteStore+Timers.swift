import Foundation
import GRDB
import PipelineCore
import PipelineStore

extension SQLiteStore {
    static let timerColumns = """
        id, idea_id, kind, subject, due_at, created_at, status, fired_at, cancelled_at, lease_until, lease_token
        """

    public func timers(ideaID: String) async throws(StoreError) -> [TimerRecord] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT \(SQLiteStore.timerColumns) FROM timers WHERE idea_id = ? ORDER BY due_at, id",
                arguments: [ideaID]
            ).map(SQLiteStore.timer)
        }
    }

    public func timers(
        dueBefore: Date?, status: TimerRecord.Status?, limit: Int
    ) async throws(StoreError) -> [TimerRecord] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(SQLiteStore.timerColumns) FROM timers
                    WHERE (?1 IS NULL OR due_at < ?1) AND (?2 IS NULL OR status = ?2)
                    ORDER BY due_at, id LIMIT ?3
                    """,
                arguments: [dueBefore?.milliseconds, status?.rawValue, max(1, min(limit, 10_000))]
            ).map(SQLiteStore.timer)
        }
    }

    public func pendingTimers(ideaIDs: [String], dueBy: Date) async throws(StoreError) -> [TimerRecord] {
        guard !ideaIDs.isEmpty else { return [] }
        return try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(SQLiteStore.timerColumns) FROM timers
                    WHERE idea_id IN (SELECT value FROM json_each(?)) AND status = 'pending' AND due_at <= ?
                    ORDER BY due_at, id
                    """,
                arguments: [try StoredJSON.encode(ideaIDs), dueBy.milliseconds]
            ).map(SQLiteStore.timer)
        }
    }

    /// One writer at a time (SQLite's write lock): concurrent claims follow each other, and the
    /// later one finds the earlier one's leases.
    public func claimDueTimers(now: Date, limit: Int, leaseUntil: Date) async throws(StoreError) -> [TimerRecord] {
        guard limit > 0 else { return [] }
        let claimed = try await write { db in
            try Row.fetchAll(
                db,
                sql: """
                    UPDATE timers SET lease_until = ?1, lease_token = lease_token + 1
                    WHERE id IN (
                        SELECT id FROM timers
                        WHERE status = 'pending' AND due_at <= ?2 AND (lease_until IS NULL OR lease_until < ?2)
                        ORDER BY due_at, id LIMIT ?3)
                    RETURNING \(SQLiteStore.timerColumns)
                    """, arguments: [leaseUntil.milliseconds, now.milliseconds, limit]
            ).map(SQLiteStore.timer)
        }
        // RETURNING follows no ORDER BY.
        return claimed.sorted { ($0.dueAt, $0.id) < ($1.dueAt, $1.id) }
    }

    @discardableResult
    public func releaseTimer(id: Int64, leaseToken: Int64) async throws(StoreError) -> Bool {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE timers SET lease_until = NULL
                    WHERE id = ? AND lease_token = ? AND status = 'pending' AND lease_until IS NOT NULL
                    """, arguments: [id, leaseToken])
            return db.changesCount > 0
        }
    }

    public func cancelTimer(id: Int64, now: Date) async throws(StoreError) -> Bool {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE timers SET status = 'cancelled', cancelled_at = ?, lease_until = NULL
                    WHERE id = ? AND status = 'pending'
                    """, arguments: [now.milliseconds, id])
            return db.changesCount > 0
        }
    }

    private static func timer(_ row: Row) throws -> TimerRecord {
        guard let kind = IdeaTimer.Kind(rawValue: row["kind"]), let status = TimerRecord.Status(rawValue: row["status"])
        else { throw StoreError.corrupt("a timer has an unknown kind or status") }
        let firedAt: Int64? = row["fired_at"]
        let cancelledAt: Int64? = row["cancelled_at"]
        let leaseUntil: Int64? = row["lease_until"]
        return TimerRecord(
            id: row["id"], ideaID: row["idea_id"], kind: kind, subject: row["subject"],
            dueAt: Date(milliseconds: row["due_at"]), createdAt: Date(milliseconds: row["created_at"]), status: status,
            firedAt: firedAt.map(Date.init(milliseconds:)), cancelledAt: cancelledAt.map(Date.init(milliseconds:)),
            leaseUntil: leaseUntil.map(Date.init(milliseconds:)), leaseToken: row["lease_token"])
    }
}
