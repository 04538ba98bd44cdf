import Foundation
import GRDB
import PipelineCore
import PipelineStore

extension SQLiteStore {
    public func recipients(_ audience: Notice.Audience) async throws(StoreError) -> [Recipient] {
        // Part of every command that notifies, and as small as the register: read here.
        try readHere { db in
            let people: [PersonRecord]
            switch audience {
            case .organisation(let name):
                people = try SQLiteStore.people(
                    db,
                    where: "active = 1 AND organisation_id IN (SELECT id FROM organisations WHERE name_key = ?)",
                    [Registration.nameKey(name)])
            case .role(let role):
                people = try SQLiteStore.people(
                    db, where: "active = 1 AND id IN (SELECT person_id FROM person_roles WHERE role = ?)", [role])
            case .facilitators(let region):
                let facilitators =
                    "active = 1 AND id IN (SELECT person_id FROM person_roles WHERE role = 'facilitator')"
                let serving = try SQLiteStore.people(
                    db, where: facilitators + " AND id IN (SELECT person_id FROM person_regions WHERE region = ?)",
                    [region])
                people =
                    serving.isEmpty
                    ? try SQLiteStore.people(
                        db, where: facilitators + " AND id NOT IN (SELECT person_id FROM person_regions)", [])
                    : serving
            case .person(let id):
                people = try SQLiteStore.people(db, where: "active = 1 AND id = ?", [id])
            }
            let organisations = try Dictionary(
                Row.fetchAll(db.cachedStatement(sql: "SELECT id, name FROM organisations")).map { row in
                    (row["id"] as String, row["name"] as String)
                }, uniquingKeysWith: { first, _ in first })
            return people.map { Recipient(person: $0, organisation: $0.organisationID.flatMap { organisations[$0] }) }
        }
    }

    public func notifications(
        personID: String, unreadOnly: Bool, before: Int64?, limit: Int
    ) async throws(StoreError) -> [NotificationRecord] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(SQLiteStore.notificationColumns) FROM notifications
                    WHERE person_id = ? AND seq < ? \(unreadOnly ? "AND read_at IS NULL" : "")
                    ORDER BY seq DESC LIMIT ?
                    """, arguments: [personID, before ?? Int64.max, max(0, limit)]
            ).map(SQLiteStore.notification)
        }
    }

    public func notification(id: String) async throws(StoreError) -> NotificationRecord? {
        try await read { db in
            try Row.fetchOne(
                db, sql: "SELECT \(SQLiteStore.notificationColumns) FROM notifications WHERE id = ?", arguments: [id]
            ).map(SQLiteStore.notification)
        }
    }

    public func unreadNotificationCount(personID: String) async throws(StoreError) -> Int {
        try await read { db in
            try Int.fetchOne(
                db, sql: "SELECT count(*) FROM notifications WHERE person_id = ? AND read_at IS NULL",
                arguments: [personID]) ?? 0
        }
    }

    public func markNotificationRead(id: String, personID: String, at time: Date) async throws(StoreError) -> Bool {
        try await write { db in
            try db.execute(
                sql: "UPDATE notifications SET read_at = coalesce(read_at, ?) WHERE id = ? AND person_id = ?",
                arguments: [time.milliseconds, id, personID])
            return db.changesCount > 0
        }
    }

    public func markAllNotificationsRead(personID: String, at time: Date) async throws(StoreError) -> Int {
        try await write { db in
            try db.execute(
                sql: "UPDATE notifications SET read_at = ? WHERE person_id = ? AND read_at IS NULL",
                arguments: [time.milliseconds, personID])
            return db.changesCount
        }
    }

    public func claimMail(
        now: Date, digestBefore: Date, limit: Int, leaseUntil: Date
    ) async throws(StoreError) -> [MailJob] {
        guard limit > 0 else { return [] }
        return try await write { db in
            // Mail for someone who since asked for none, or left, is not sent.
            try db.execute(
                sql: """
                    UPDATE notifications SET mail_status = 'none', lease_until = NULL
                    WHERE mail_status = 'pending' AND next_attempt_at <= ?
                      AND person_id IN (SELECT id FROM people WHERE notify = 'off' OR active = 0)
                    """, arguments: [now.milliseconds])
            let claimed = try Row.fetchAll(
                db,
                sql: """
                    UPDATE notifications SET mail_status = 'sending', lease_until = ?1
                    WHERE seq IN (
                        SELECT seq FROM notifications
                        WHERE mail_status IN ('pending', 'sending') AND next_attempt_at <= ?2
                          AND (mail_status = 'pending' OR lease_until < ?2)
                          AND (mail = 'immediate' OR created_at < ?3)
                        ORDER BY next_attempt_at, seq LIMIT ?4)
                    RETURNING \(SQLiteStore.notificationColumns), attempts
                    """,
                arguments: [leaseUntil.milliseconds, now.milliseconds, digestBefore.milliseconds, limit])
            // RETURNING follows no ORDER BY.
            return try SQLiteStore.jobs(claimed, db).sorted {
                $0.notification.sequence < $1.notification.sequence
            }
        }
    }

    public func recordMail(
        _ outcomes: [(id: String, disposition: MailDisposition)], at time: Date
    ) async throws(StoreError) {
        guard !outcomes.isEmpty else { return }
        let outcomes = outcomes.map { (id: $0.id, disposition: $0.disposition) }
        try await write { db in
            for (id, disposition) in outcomes {
                let status: String
                var next: Int64? = nil
                switch disposition {
                case .sent: status = "sent"
                case .retry(let at, _):
                    status = "pending"
                    next = at.milliseconds
                case .failed: status = "failed"
                }
                try db.cachedStatement(
                    sql: """
                        UPDATE notifications SET mail_status = ?, attempts = attempts + 1, lease_until = NULL,
                            next_attempt_at = coalesce(?, next_attempt_at), last_error = ?,
                            sent_at = CASE WHEN ? = 'sent' THEN ? ELSE sent_at END
                        WHERE id = ? AND mail_status = 'sending'
                        """
                ).execute(arguments: [status, next, disposition.reason, status, time.milliseconds, id])
                guard db.changesCount > 0 else { continue }
                try db.cachedStatement(
                    sql: """
                        INSERT INTO mail_attempts (notification_id, attempted_at, outcome, detail)
                        VALUES (?, ?, ?, ?)
                        """
                ).execute(arguments: [id, time.milliseconds, disposition.name, disposition.reason])
            }
        }
    }

    public func mailAttempts(notificationID: String) async throws(StoreError) -> [MailAttempt] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT notification_id, attempted_at, outcome, detail FROM mail_attempts
                    WHERE notification_id = ? ORDER BY id
                    """, arguments: [notificationID]
            ).map { row in
                MailAttempt(
                    notificationID: row["notification_id"], at: Date(milliseconds: row["attempted_at"]),
                    outcome: row["outcome"], detail: row["detail"])
            }
        }
    }

    public func failedMail(limit: Int) async throws(StoreError) -> [MailJob] {
        try await read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT \(SQLiteStore.notificationColumns), attempts FROM notifications
                    WHERE mail_status = 'failed' ORDER BY seq DESC LIMIT ?
                    """, arguments: [max(0, limit)])
            return try SQLiteStore.jobs(rows, db)
        }
    }

    static let notificationColumns =
        "seq, id, person_id, idea_id, content, created_at, read_at, mail, mail_status"

    static func notification(_ row: Row) throws -> NotificationRecord {
        let id: String = row["id"]
        guard let mail = NotificationPreference(rawValue: row["mail"]),
            let status = MailStatus(rawValue: row["mail_status"])
        else { throw StoreError.corrupt("notification \(id) has an unknown mail status") }
        let readAt: Int64? = row["read_at"]
        return NotificationRecord(
            id: id, sequence: row["seq"], personID: row["person_id"], ideaID: row["idea_id"],
            content: try StoredJSON.decode(NotificationContent.self, from: row["content"]),
            createdAt: Date(milliseconds: row["created_at"]), readAt: readAt.map(Date.init(milliseconds:)),
            mail: mail, mailStatus: status)
    }

    /// Claimed or failed notifications with their person's name and address, in the rows' order.
    private static func jobs(_ rows: [Row], _ db: Database) throws -> [MailJob] {
        let notifications = try rows.map { (record: try notification($0), attempts: $0["attempts"] as Int) }
        let ids = Set(notifications.map(\.record.personID))
        guard !ids.isEmpty else { return [] }
        let placeholders = Array(repeating: "?", count: ids.count).joined(separator: ", ")
        var people: [String: (name: String, email: String)] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT id, name, email FROM people WHERE id IN (\(placeholders))",
            arguments: StatementArguments(Array(ids)))
        {
            people[row["id"]] = (row["name"], row["email"])
        }
        return notifications.compactMap { item in
            guard let person = people[item.record.personID] else { return nil }
            return MailJob(notification: item.record, name: person.name, email: person.email, attempts: item.attempts)
        }
    }
}
