import Foundation
import PipelineCore
import PipelineStore
import PostgresNIO

extension PostgresStore {
    public func recipients(_ audience: Notice.Audience) async throws(StoreError) -> [Recipient] {
        let facilitators =
            "p.active AND p.id IN (SELECT person_id FROM person_roles WHERE role = 'facilitator')"
        var query: PostgresQuery
        switch audience {
        case .organisation(let name):
            query =
                "WHERE p.active AND p.organisation_id IN (SELECT id FROM organisations WHERE name_key = \(Registration.nameKey(name)))"
        case .role(let role):
            query = "WHERE p.active AND p.id IN (SELECT person_id FROM person_roles WHERE role = \(role))"
        case .facilitators(let region):
            // The region's facilitators, or the national ones when nobody serves it.
            query = """
                WHERE \(unescaped: facilitators) AND (
                    p.id IN (SELECT person_id FROM person_regions WHERE region = \(region))
                    OR (NOT EXISTS (SELECT 1 FROM person_regions g JOIN person_roles r USING (person_id)
                                    JOIN people q ON q.id = g.person_id
                                    WHERE g.region = \(region) AND r.role = 'facilitator' AND q.active)
                        AND p.id NOT IN (SELECT person_id FROM person_regions)))
                """
        case .person(let id):
            query = "WHERE p.active AND p.id = \(id)"
        }
        query = PostgresQuery(
            unsafeSQL: PostgresStore.personQuery.replacingOccurrences(
                of: "FROM people p",
                with: ", o.name FROM people p LEFT JOIN organisations o ON o.id = p.organisation_id")
                + " " + query.sql + " ORDER BY p.name, p.id",
            binds: query.binds)
        return try await rows(query) { row in
            let person = try PostgresStore.person(row)
            let organisation = try row.decode(
                (String, String, String, String?, String, Bool, Int64, Int64, [String], [String], String?).self
            ).10
            return Recipient(person: person, organisation: organisation)
        }
    }

    public func notifications(
        personID: String, unreadOnly: Bool, before: Int64?, limit: Int
    ) async throws(StoreError) -> [NotificationRecord] {
        let before = before ?? Int64.max
        let limit = max(0, limit)
        let query: PostgresQuery =
            unreadOnly
            ? """
            SELECT \(unescaped: PostgresStore.notificationColumns) FROM notifications
            WHERE person_id = \(personID) AND seq < \(before) AND read_at IS NULL ORDER BY seq DESC LIMIT \(limit)
            """
            : """
            SELECT \(unescaped: PostgresStore.notificationColumns) FROM notifications
            WHERE person_id = \(personID) AND seq < \(before) ORDER BY seq DESC LIMIT \(limit)
            """
        return try await rows(query, PostgresStore.notification)
    }

    public func notification(id: String) async throws(StoreError) -> NotificationRecord? {
        try await rows(
            "SELECT \(unescaped: PostgresStore.notificationColumns) FROM notifications WHERE id = \(id)",
            PostgresStore.notification
        ).first
    }

    public func unreadNotificationCount(personID: String) async throws(StoreError) -> Int {
        try await rows(
            "SELECT count(*) FROM notifications WHERE person_id = \(personID) AND read_at IS NULL"
        ) { try $0.decode(Int.self) }.first ?? 0
    }

    public func markNotificationRead(id: String, personID: String, at time: Date) async throws(StoreError) -> Bool {
        try await changes(
            """
            UPDATE notifications SET read_at = coalesce(read_at, \(time.milliseconds))
            WHERE id = \(id) AND person_id = \(personID) RETURNING seq
            """) > 0
    }

    public func markAllNotificationsRead(personID: String, at time: Date) async throws(StoreError) -> Int {
        try await changes(
            """
            UPDATE notifications SET read_at = \(time.milliseconds)
            WHERE person_id = \(personID) AND read_at IS NULL RETURNING seq
            """)
    }

    /// One statement: rows another claim has locked are skipped (`SKIP LOCKED`), and one whose
    /// lease another claim has just taken no longer matches when PostgreSQL checks it again.
    public func claimMail(
        now: Date, digestBefore: Date, limit: Int, leaseUntil: Date
    ) async throws(StoreError) -> [MailJob] {
        guard limit > 0 else { return [] }
        let now = now.milliseconds
        // Mail for someone who since asked for none, or left, is not sent.
        try await execute(
            """
            UPDATE notifications SET mail_status = 'none', lease_until = NULL
            WHERE mail_status = 'pending' AND next_attempt_at <= \(now)
              AND person_id IN (SELECT id FROM people WHERE notify = 'off' OR NOT active)
            """)
        let jobs = try await rows(
            """
            WITH claimed AS (
                UPDATE notifications SET mail_status = 'sending', lease_until = \(leaseUntil.milliseconds)
                WHERE seq IN (
                    SELECT seq FROM notifications
                    WHERE mail_status IN ('pending', 'sending') AND next_attempt_at <= \(now)
                      AND (mail_status = 'pending' OR lease_until < \(now))
                      AND (mail = 'immediate' OR created_at < \(digestBefore.milliseconds))
                    ORDER BY next_attempt_at, seq LIMIT \(limit)
                    FOR UPDATE SKIP LOCKED)
                RETURNING \(unescaped: PostgresStore.notificationColumns), attempts, person_id AS owner)
            SELECT claimed.*, p.name, p.email FROM claimed JOIN people p ON p.id = claimed.owner
            """, PostgresStore.job)
        return jobs.sorted { $0.notification.sequence < $1.notification.sequence }
    }

    public func recordMail(
        _ outcomes: [(id: String, disposition: MailDisposition)], at time: Date
    ) async throws(StoreError) {
        guard !outcomes.isEmpty else { return }
        let ids = outcomes.map(\.id)
        let statuses = outcomes.map { outcome -> String in
            switch outcome.disposition {
            case .sent: return "sent"
            case .retry: return "pending"
            case .failed: return "failed"
            }
        }
        // Arrays of optionals do not bind: -1 and "" stand for none.
        let next = outcomes.map { outcome -> Int64 in
            if case .retry(let at, _) = outcome.disposition { return at.milliseconds }
            return -1
        }
        let names = outcomes.map(\.disposition.name)
        let reasons = outcomes.map { $0.disposition.reason ?? "" }
        let milliseconds = time.milliseconds
        // One statement per batch: the results as arrays, unnested into rows; only rows still
        // claimed change, and only they get an attempt in the log.
        try await execute(
            """
            WITH outcome AS (
                SELECT id, status, nullif(next_attempt_at, -1) AS next_attempt_at, name, nullif(reason, '') AS reason
                FROM unnest(\(ids)::text[], \(statuses)::text[], \(next)::bigint[], \(names)::text[],
                            \(reasons)::text[])
                     AS o (id, status, next_attempt_at, name, reason)),
            changed AS (
                UPDATE notifications n SET mail_status = o.status, attempts = n.attempts + 1, lease_until = NULL,
                    next_attempt_at = coalesce(o.next_attempt_at, n.next_attempt_at), last_error = o.reason,
                    sent_at = CASE WHEN o.status = 'sent' THEN \(milliseconds) ELSE n.sent_at END
                FROM outcome o
                WHERE n.id = o.id AND n.mail_status = 'sending'
                RETURNING n.id, o.name, o.reason)
            INSERT INTO mail_attempts (notification_id, attempted_at, outcome, detail)
            SELECT id, \(milliseconds), name, reason FROM changed
            """)
    }

    public func mailAttempts(notificationID: String) async throws(StoreError) -> [MailAttempt] {
        try await rows(
            """
            SELECT notification_id, attempted_at, outcome, detail FROM mail_attempts
            WHERE notification_id = \(notificationID) ORDER BY id
            """
        ) { row in
            let (id, at, outcome, detail) = try row.decode((String, Int64, String, String?).self)
            return MailAttempt(notificationID: id, at: Date(milliseconds: at), outcome: outcome, detail: detail)
        }
    }

    public func failedMail(limit: Int) async throws(StoreError) -> [MailJob] {
        try await rows(
            """
            SELECT n.seq, n.id, n.person_id, n.idea_id, n.content, n.created_at, n.read_at, n.mail, n.mail_status,
                   n.attempts, n.person_id, p.name, p.email
            FROM notifications n JOIN people p ON p.id = n.person_id
            WHERE n.mail_status = 'failed' ORDER BY n.seq DESC LIMIT \(max(0, limit))
            """, PostgresStore.job)
    }

    static let notificationColumns = "seq, id, person_id, idea_id, content, created_at, read_at, mail, mail_status"

    static func notification(_ row: PostgresRow) throws -> NotificationRecord {
        let (seq, id, personID, ideaID, content, createdAt, readAt, mail, status) = try row.decode(
            (Int64, String, String, String, String, Int64, Int64?, String, String).self)
        return try notification(seq, id, personID, ideaID, content, createdAt, readAt, mail, status)
    }

    private static func notification(
        _ seq: Int64, _ id: String, _ personID: String, _ ideaID: String, _ content: String, _ createdAt: Int64,
        _ readAt: Int64?, _ mail: String, _ status: String
    ) throws -> NotificationRecord {
        guard let preference = NotificationPreference(rawValue: mail), let mailStatus = MailStatus(rawValue: status)
        else { throw StoreError.corrupt("notification \(id) has an unknown mail status") }
        return NotificationRecord(
            id: id, sequence: seq, personID: personID, ideaID: ideaID,
            content: try StoredJSON.decode(NotificationContent.self, from: content),
            createdAt: Date(milliseconds: createdAt), readAt: readAt.map(Date.init(milliseconds:)), mail: preference,
            mailStatus: mailStatus)
    }

    private static func job(_ row: PostgresRow) throws -> MailJob {
        let (seq, id, personID, ideaID, content, createdAt, readAt, mail, status, attempts, _, name, email) =
            try row.decode(
                (Int64, String, String, String, String, Int64, Int64?, String, String, Int, String, String, String)
                    .self)
        return MailJob(
            notification: try notification(seq, id, personID, ideaID, content, createdAt, readAt, mail, status),
            name: name, email: email, attempts: attempts)
    }
}
