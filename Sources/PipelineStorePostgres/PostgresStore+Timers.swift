import Foundation
import PipelineCore
import PipelineStore
import PostgresNIO

extension PostgresStore {
    public func timers(ideaID: String) async throws(StoreError) -> [TimerRecord] {
        try await rows(
            """
            SELECT id, idea_id, kind, subject, due_at, created_at, status, fired_at, cancelled_at, lease_until,
                   lease_token
            FROM timers WHERE idea_id = \(ideaID) ORDER BY due_at, id
            """, PostgresStore.timer)
    }

    public func timers(
        dueBefore: Date?, status: TimerRecord.Status?, limit: Int
    ) async throws(StoreError) -> [TimerRecord] {
        let before = dueBefore?.milliseconds
        let status = status?.rawValue
        return try await rows(
            """
            SELECT id, idea_id, kind, subject, due_at, created_at, status, fired_at, cancelled_at, lease_until,
                   lease_token
            FROM timers
            WHERE (\(before)::bigint IS NULL OR due_at < \(before))
              AND (\(status)::text IS NULL OR status = \(status))
            ORDER BY due_at, id LIMIT \(max(1, min(limit, 10_000)))
            """, PostgresStore.timer)
    }

    public func pendingTimers(ideaIDs: [String], dueBy: Date) async throws(StoreError) -> [TimerRecord] {
        guard !ideaIDs.isEmpty else { return [] }
        return try await rows(
            """
            SELECT id, idea_id, kind, subject, due_at, created_at, status, fired_at, cancelled_at, lease_until,
                   lease_token
            FROM timers
            WHERE idea_id = ANY(\(ideaIDs)::text[]) AND status = 'pending' AND due_at <= \(dueBy.milliseconds)
            ORDER BY due_at, id
            """, PostgresStore.timer)
    }

    /// One statement: timers that another claim has locked are skipped, not waited for (`SKIP
    /// LOCKED`), and one whose lease another claim has just taken no longer matches when
    /// PostgreSQL checks it again under the lock. So no two claims take one timer at once.
    public func claimDueTimers(now: Date, limit: Int, leaseUntil: Date) async throws(StoreError) -> [TimerRecord] {
        guard limit > 0 else { return [] }
        let now = now.milliseconds
        let claimed = try await rows(
            """
            UPDATE timers SET lease_until = \(leaseUntil.milliseconds), lease_token = lease_token + 1
            WHERE id IN (
                SELECT id FROM timers
                WHERE status = 'pending' AND due_at <= \(now) AND (lease_until IS NULL OR lease_until < \(now))
                ORDER BY due_at, id LIMIT \(limit)
                FOR UPDATE SKIP LOCKED)
            RETURNING id, idea_id, kind, subject, due_at, created_at, status, fired_at, cancelled_at, lease_until,
                      lease_token
            """, PostgresStore.timer)
        // RETURNING follows no ORDER BY.
        return claimed.sorted { ($0.dueAt, $0.id) < ($1.dueAt, $1.id) }
    }

    @discardableResult
    public func releaseTimer(id: Int64, leaseToken: Int64) async throws(StoreError) -> Bool {
        try await changes(
            """
            UPDATE timers SET lease_until = NULL
            WHERE id = \(id) AND lease_token = \(leaseToken) AND status = 'pending' AND lease_until IS NOT NULL
            RETURNING id
            """
        ) > 0
    }

    public func cancelTimer(id: Int64, now: Date) async throws(StoreError) -> Bool {
        try await changes(
            """
            UPDATE timers SET status = 'cancelled', cancelled_at = \(now.milliseconds), lease_until = NULL
            WHERE id = \(id) AND status = 'pending'
            RETURNING id
            """
        ) > 0
    }

    private static func timer(_ row: PostgresRow) throws -> TimerRecord {
        let (id, ideaID, kind, subject, dueAt, createdAt, status, firedAt, cancelledAt, leaseUntil, leaseToken) =
            try row.decode((Int64, String, String, String, Int64, Int64, String, Int64?, Int64?, Int64?, Int64).self)
        guard let kind = IdeaTimer.Kind(rawValue: kind), let status = TimerRecord.Status(rawValue: status) else {
            throw StoreError.corrupt("a timer has an unknown kind or status")
        }
        return TimerRecord(
            id: id, ideaID: ideaID, kind: kind, subject: subject, dueAt: Date(milliseconds: dueAt),
            createdAt: Date(milliseconds: createdAt), status: status, firedAt: firedAt.map(Date.init(milliseconds:)),
            cancelledAt: cancelledAt.map(Date.init(milliseconds:)),
            leaseUntil: leaseUntil.map(Date.init(milliseconds:)),
            leaseToken: leaseToken)
    }
}
