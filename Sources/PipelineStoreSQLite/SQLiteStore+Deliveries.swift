import Foundation
import GRDB
import PipelineCore
import PipelineStore

extension SQLiteStore {
    public func subscriptions() async throws(StoreError) -> [Subscription] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM subscriptions ORDER BY created_at, id").map { row in
                Subscription(
                    id: row["id"], url: row["url"],
                    filter: try StoredJSON.decode(EventFilter.self, from: row["filter"]),
                    description: row["description"], secret: row["secret"],
                    status: Subscription.Status(rawValue: row["status"]) ?? .disabled)
            }
        }
    }

    public func setSubscriptionStatus(id: String, status: Subscription.Status) async throws(StoreError) -> Bool {
        try await write { db in
            try db.execute(sql: "UPDATE subscriptions SET status = ? WHERE id = ?", arguments: [status.rawValue, id])
            return db.changesCount > 0
        }
    }

    public func rotateSecret(id: String, newSecret: String, previousValidUntil: Date) async throws(StoreError) -> Bool {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE subscriptions SET previous_secret = secret, previous_secret_until = ?, secret = ?
                    WHERE id = ?
                    """, arguments: [previousValidUntil.milliseconds, newSecret, id])
            return db.changesCount > 0
        }
    }

    public func deleteSubscription(id: String) async throws(StoreError) -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM delivery_attempts WHERE subscription_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM outbox WHERE subscription_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM subscriptions WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    public func claimDeliveries(limit: Int, now: Date, leaseUntil: Date) async throws(StoreError) -> [Delivery] {
        try await write { db in try SQLiteStore.claim(limit: limit, now: now, leaseUntil: leaseUntil, db) }
    }

    public func recordAttempts(_ results: [DeliveryResult]) async throws(StoreError) {
        guard !results.isEmpty else { return }
        try await write { db in try SQLiteStore.record(results, db) }
    }

    public func recordAttempts(_ results: [DeliveryResult], thenClaim limit: Int, now: Date, leaseUntil: Date)
        async throws(StoreError) -> [Delivery]
    {
        try await write { db in
            try SQLiteStore.record(results, db)
            return try SQLiteStore.claim(limit: limit, now: now, leaseUntil: leaseUntil, db)
        }
    }

    /// The claim of ``claimDeliveries(limit:now:leaseUntil:)`` inside the caller's transaction.
    /// Its statements are prepared once per connection: a loop claims many times a second.
    private static func claim(limit: Int, now: Date, leaseUntil: Date, _ db: Database) throws -> [Delivery] {
        guard limit > 0 else { return [] }
        // Leases of a worker that died are over: those rows are due again.
        try db.cachedStatement(sql: "UPDATE outbox SET status = 'pending' WHERE status = 'sending' AND lease_until < ?")
            .execute(arguments: [now.milliseconds])
        let rows = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT o.id, o.subscription_id, o.idea_id, o.sequence, o.type, o.event_position, o.payload, o.attempts,
                           s.url, s.secret, COALESCE(s.last_success_at, s.created_at) AS failing_since,
                           CASE WHEN s.previous_secret_until > ? THEN s.previous_secret END AS previous_secret,
                           o.lease_token
                    FROM outbox o JOIN subscriptions s ON s.id = o.subscription_id AND s.status = 'active'
                    WHERE o.status = 'pending' AND o.next_attempt_at <= ?
                      AND NOT EXISTS (
                          SELECT 1 FROM outbox p
                          WHERE p.subscription_id = o.subscription_id AND p.idea_id = o.idea_id AND p.id < o.id
                            AND p.status IN ('pending', 'sending'))
                    ORDER BY o.next_attempt_at, o.id
                    LIMIT ?
                    """), arguments: [now.milliseconds, now.milliseconds, limit])
        guard !rows.isEmpty else { return [] }
        // One statement leases them all. This transaction holds the only writer, so each row's
        // new token is the one just read plus one.
        let ids = "[" + rows.map { String($0[0] as Int64) }.joined(separator: ",") + "]"
        try db.cachedStatement(
            sql: """
                UPDATE outbox SET status = 'sending', lease_until = ?, lease_token = lease_token + 1
                WHERE id IN (SELECT value FROM json_each(?))
                """
        ).execute(arguments: [leaseUntil.milliseconds, ids])
        // Columns by position: a name is looked up without regard to case, which costs more here.
        let deliveries = rows.map { row in
            let id: Int64 = row[0]
            let position: Int64? = row[5]
            let failingSince: Int64 = row[10]
            let leaseToken: Int64 = row[12]
            return Delivery(
                outboxID: id, subscriptionID: row[1], url: row[8], secret: row[9], previousSecret: row[11],
                ideaID: row[2], sequence: row[3], eventType: row[4],
                messageID: DeliveryRecord.messageID(eventPosition: position, outboxID: id),
                body: row[6], attempts: row[7],
                failingSince: Date(timeIntervalSince1970: Double(failingSince) / 1000),
                leaseToken: leaseToken + 1)
        }
        return deliveries
    }

    /// The record of ``recordAttempts(_:)`` inside the caller's transaction.
    private static func record(_ results: [DeliveryResult], _ db: Database) throws {
        // The rows first, each fenced by its claim's token: a result whose row was claimed again
        // meanwhile (a late worker) records nothing at all.
        let recorded = try results.filter { try fence($0, db) }
        guard !recorded.isEmpty else { return }
        // Their attempts in one statement (one prepared statement per batch size).
        let values = Array(repeating: "(?, ?, ?, ?, ?, ?, ?)", count: recorded.count).joined(separator: ", ")
        var arguments = StatementArguments()
        for result in recorded {
            let (attempt, delivery) = (result.attempt, result.delivery)
            arguments += [
                delivery.outboxID, delivery.subscriptionID, attempt.at.milliseconds, attempt.durationMilliseconds,
                attempt.status, attempt.response, attempt.error,
            ]
        }
        try db.cachedStatement(
            sql: """
                INSERT INTO delivery_attempts (outbox_id, subscription_id, attempted_at, duration_ms, status, response, error)
                VALUES \(values)
                """
        ).execute(arguments: arguments)
        var lastSuccess: [String: Int64] = [:]
        for result in recorded {
            let delivery = result.delivery
            switch result.outcome {
            case .delivered:
                lastSuccess[delivery.subscriptionID] = max(
                    lastSuccess[delivery.subscriptionID] ?? 0, result.attempt.at.milliseconds)
            case .disableSubscription(let reason):
                try db.cachedStatement(
                    sql: "UPDATE subscriptions SET status = 'disabled' WHERE id = ? AND status != 'disabled'"
                ).execute(arguments: [delivery.subscriptionID])
                if db.changesCount > 0 {
                    try queueDisabledNotice(for: delivery, reason: reason, at: result.attempt.at, db)
                }
            case .retry: break
            }
        }
        // Once per subscription, not once per message.
        for (subscription, at) in lastSuccess {
            try db.cachedStatement(
                sql: "UPDATE subscriptions SET last_success_at = max(COALESCE(last_success_at, 0), ?) WHERE id = ?"
            ).execute(arguments: [at, subscription])
        }
    }

    /// Moves one result's row on, fenced by its claim's token; false when the row was claimed
    /// again meanwhile.
    private static func fence(_ result: DeliveryResult, _ db: Database) throws -> Bool {
        let (attempt, delivery) = (result.attempt, result.delivery)
        switch result.outcome {
        case .delivered:
            try db.cachedStatement(
                sql: """
                    UPDATE outbox SET status = 'delivered', delivered_at = ?, attempts = attempts + 1, lease_until = NULL
                    WHERE id = ? AND lease_token = ?
                    """
            ).execute(arguments: [attempt.at.milliseconds, delivery.outboxID, delivery.leaseToken])
        case .retry(let at):
            try db.cachedStatement(
                sql: """
                    UPDATE outbox SET status = 'pending', next_attempt_at = ?, attempts = attempts + 1, lease_until = NULL
                    WHERE id = ? AND lease_token = ?
                    """
            ).execute(arguments: [at.milliseconds, delivery.outboxID, delivery.leaseToken])
        case .disableSubscription:
            try db.cachedStatement(
                sql: """
                    UPDATE outbox SET status = 'failed', attempts = attempts + 1, lease_until = NULL
                    WHERE id = ? AND lease_token = ?
                    """
            ).execute(arguments: [delivery.outboxID, delivery.leaseToken])
        }
        return db.changesCount > 0
    }

    /// Queues `webhook.disabled` for every other subscription that wants operator events. The
    /// notices share the idea key "" so that they, too, arrive in order.
    private static func queueDisabledNotice(for delivery: Delivery, reason: String, at time: Date, _ db: Database)
        throws
    {
        let notice = OperatorNotice.webhookDisabled(
            id: delivery.subscriptionID, url: delivery.url, reason: reason, at: time,
            link: EventLinks.webhook(delivery.subscriptionID))
        let body = String(decoding: try notice.encoded(), as: UTF8.self)
        let rows = try Row.fetchAll(
            db, sql: "SELECT id, filter FROM subscriptions WHERE status IN ('active', 'paused') AND id != ?",
            arguments: [delivery.subscriptionID])
        for row in rows {
            let filter = try StoredJSON.decode(EventFilter.self, from: row["filter"])
            guard filter.wantsOperatorEvent(notice.type) else { continue }
            try db.execute(
                sql: """
                    INSERT INTO outbox (subscription_id, event_position, idea_id, sequence, type, next_attempt_at,
                                        created_at, payload)
                    VALUES (?, NULL, '', 0, ?, ?, ?, ?)
                    """,
                arguments: [row["id"] as String, notice.type, time.milliseconds, time.milliseconds, body])
        }
    }

    public func redeliver(subscriptionID: String, since: Date, now: Date) async throws(StoreError) -> Int {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE outbox SET status = 'pending', next_attempt_at = ?, lease_until = NULL
                    WHERE subscription_id = ? AND status = 'failed' AND created_at >= ?
                    """, arguments: [now.milliseconds, subscriptionID, since.milliseconds])
            return db.changesCount
        }
    }

    public func redeliver(subscriptionID: String, outboxID: Int64, now: Date) async throws(StoreError) -> Bool {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE outbox SET status = 'pending', next_attempt_at = ?, lease_until = NULL, delivered_at = NULL
                    WHERE subscription_id = ? AND id = ? AND status != 'sending'
                    """, arguments: [now.milliseconds, subscriptionID, outboxID])
            return db.changesCount > 0
        }
    }

    public func deliveries(_ query: DeliveryQuery) async throws(StoreError) -> [DeliveryRecord] {
        try await read { db in
            var conditions = ["subscription_id = ?"]
            var arguments: StatementArguments = [query.subscriptionID]
            if let status = query.status {
                conditions.append("status = ?")
                _ = arguments.append(contentsOf: [status.rawValue])
            }
            if let type = query.eventType {
                if type == "*" {
                } else if type.hasSuffix(".*") {
                    conditions.append("substr(type, 1, ?) = ?")
                    _ = arguments.append(contentsOf: [type.count - 1, String(type.dropLast())])
                } else {
                    conditions.append("type = ?")
                    _ = arguments.append(contentsOf: [type])
                }
            }
            if let idea = query.ideaID {
                conditions.append("idea_id = ?")
                _ = arguments.append(contentsOf: [idea])
            }
            if let before = query.before {
                conditions.append("id < ?")
                _ = arguments.append(contentsOf: [before])
            }
            _ = arguments.append(contentsOf: [max(1, min(query.limit, 500))])
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, event_position, idea_id, sequence, type, status, attempts, created_at, next_attempt_at,
                           delivered_at
                    FROM outbox WHERE \(conditions.joined(separator: " AND ")) ORDER BY id DESC LIMIT ?
                    """, arguments: arguments)
            return try rows.map { row in
                let id: Int64 = row["id"]
                let attempts = try Row.fetchAll(
                    db.cachedStatement(
                        sql: "SELECT * FROM delivery_attempts WHERE outbox_id = ? ORDER BY id DESC LIMIT 10"),
                    arguments: [id]
                ).map(SQLiteStore.attempt)
                let deliveredAt: Int64? = row["delivered_at"]
                return DeliveryRecord(
                    outboxID: id,
                    messageID: DeliveryRecord.messageID(eventPosition: row["event_position"], outboxID: id),
                    ideaID: row["idea_id"], sequence: row["sequence"], eventType: row["type"],
                    status: DeliveryRecord.Status(rawValue: row["status"]) ?? .pending, attemptCount: row["attempts"],
                    createdAt: Date(milliseconds: row["created_at"]),
                    nextAttemptAt: Date(milliseconds: row["next_attempt_at"]),
                    deliveredAt: deliveredAt.map(Date.init(milliseconds:)), attempts: attempts)
            }
        }
    }

    static func attempt(_ row: Row) -> DeliveryAttempt {
        DeliveryAttempt(
            outboxID: row["outbox_id"], at: Date(milliseconds: row["attempted_at"]),
            durationMilliseconds: row["duration_ms"], status: row["status"], response: row["response"],
            error: row["error"])
    }

    public func attempts(subscriptionID: String) async throws(StoreError) -> [DeliveryAttempt] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM delivery_attempts WHERE subscription_id = ? ORDER BY id",
                arguments: [subscriptionID]
            ).map(SQLiteStore.attempt)
        }
    }
}
