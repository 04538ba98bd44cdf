import Foundation
import PipelineCore
import PipelineStore
import PostgresNIO

extension PostgresStore {
    public func subscriptions() async throws(StoreError) -> [Subscription] {
        let found = try await rows(
            "SELECT id, url, filter, description, secret, status FROM subscriptions ORDER BY created_at, id"
        ) { try $0.decode((String, String, String, String?, String, String).self) }
        var subscriptions: [Subscription] = []
        for (id, url, filter, description, secret, status) in found {
            subscriptions.append(
                Subscription(
                    id: id, url: url, filter: try StoredJSON.decode(EventFilter.self, from: filter),
                    description: description, secret: secret, status: Subscription.Status(rawValue: status) ?? .disabled
                ))
        }
        return subscriptions
    }

    public func setSubscriptionStatus(id: String, status: Subscription.Status) async throws(StoreError) -> Bool {
        try await changes("UPDATE subscriptions SET status = \(status.rawValue) WHERE id = \(id) RETURNING id") > 0
    }

    public func rotateSecret(id: String, newSecret: String, previousValidUntil: Date) async throws(StoreError) -> Bool {
        try await changes(
            """
            UPDATE subscriptions SET previous_secret = secret, previous_secret_until = \(previousValidUntil.milliseconds),
                secret = \(newSecret)
            WHERE id = \(id) RETURNING id
            """
        ) > 0
    }

    public func deleteSubscription(id: String) async throws(StoreError) -> Bool {
        try await transaction { connection in
            try await connection.query("DELETE FROM delivery_attempts WHERE subscription_id = \(id)", logger: logger)
            try await connection.query("DELETE FROM outbox WHERE subscription_id = \(id)", logger: logger)
            let deleted = try await connection.changes(
                "DELETE FROM subscriptions WHERE id = \(id) RETURNING id", logger: logger)
            return deleted > 0
        }
    }

    public func claimDeliveries(limit: Int, now: Date, leaseUntil: Date) async throws(StoreError) -> [Delivery] {
        try await transaction { connection in
            try await PostgresStore.claim(limit: limit, now: now, leaseUntil: leaseUntil, connection, logger: logger)
        }
    }

    public func recordAttempts(_ results: [DeliveryResult]) async throws(StoreError) {
        guard !results.isEmpty else { return }
        try await transaction { connection in try await PostgresStore.record(results, connection, logger: logger) }
    }

    public func recordAttempts(_ results: [DeliveryResult], thenClaim limit: Int, now: Date, leaseUntil: Date)
        async throws(StoreError) -> [Delivery]
    {
        try await transaction { connection in
            try await PostgresStore.record(results, connection, logger: logger)
            return try await PostgresStore.claim(
                limit: limit, now: now, leaseUntil: leaseUntil, connection, logger: logger)
        }
    }

    /// The rows of one kind a claim may take, earliest due first, at most `$2`: of an active
    /// subscription, with no earlier message of the same idea and subscription unfinished, not
    /// locked by another claim. `condition` is fixed SQL text; `$1` is now and `$2` the limit.
    private static func claimable(_ condition: String) -> String {
        """
        SELECT o.id, o.next_attempt_at
        FROM outbox o JOIN subscriptions s ON s.id = o.subscription_id AND s.status = 'active'
        WHERE \(condition)
          AND NOT EXISTS (
              SELECT 1 FROM outbox p
              WHERE p.subscription_id = o.subscription_id AND p.idea_id = o.idea_id AND p.id < o.id
                AND p.status IN ('pending', 'sending'))
        ORDER BY o.next_attempt_at, o.id
        LIMIT $2
        FOR UPDATE OF o SKIP LOCKED
        """
    }

    /// One statement, whatever the limit. Rows locked by another server's claim are skipped, not
    /// waited for (`SKIP LOCKED`); a row whose earlier sibling (same idea and subscription) is
    /// pending or being sent is never taken; a row whose lease is over is taken like a due one.
    /// Each claim counts the row's `lease_token` up and hands it out as the fencing token.
    private static func claim(
        limit: Int, now: Date, leaseUntil: Date, _ connection: PostgresConnection, logger: Logger
    ) async throws -> [Delivery] {
        guard limit > 0 else { return [] }
        var binds = PostgresBindings()
        binds.append(now.milliseconds)  // $1
        binds.append(limit)  // $2
        binds.append(leaseUntil.milliseconds)  // $3
        let claimed = try await connection.rows(
            PostgresQuery(
                unsafeSQL: """
                    WITH expired AS (
                        -- Leases of a worker that died are over: those rows are due again.
                        \(claimable("o.status = 'sending' AND o.lease_until < $1"))
                    ), pending AS (
                        \(claimable("o.status = 'pending' AND o.next_attempt_at <= $1"))
                    ), due AS (
                        SELECT id FROM (SELECT * FROM expired UNION ALL SELECT * FROM pending) d
                        ORDER BY next_attempt_at, id LIMIT $2)
                    UPDATE outbox o SET status = 'sending', lease_until = $3, lease_token = o.lease_token + 1
                    FROM due, subscriptions s
                    WHERE o.id = due.id AND s.id = o.subscription_id
                    RETURNING o.id, o.subscription_id, o.idea_id, o.sequence, o.type, o.event_position, o.payload,
                              o.attempts, s.url, s.secret, COALESCE(s.last_success_at, s.created_at),
                              CASE WHEN s.previous_secret_until > $1 THEN s.previous_secret END,
                              o.lease_token, o.next_attempt_at
                    """, binds: binds),
            logger: logger
        ) { row in
            let (
                id, subscriptionID, ideaID, sequence, type, position, payload, attempts, url, secret, failingSince,
                previousSecret, leaseToken, due
            ) = try row.decode(
                (
                    Int64, String, String, Int, String, Int64?, String, Int, String, String, Int64, String?, Int64,
                    Int64
                ).self)
            let delivery = Delivery(
                outboxID: id, subscriptionID: subscriptionID, url: url, secret: secret,
                previousSecret: previousSecret, ideaID: ideaID, sequence: sequence, eventType: type,
                messageID: DeliveryRecord.messageID(eventPosition: position, outboxID: id), body: payload,
                attempts: attempts, failingSince: Date(timeIntervalSince1970: Double(failingSince) / 1000),
                leaseToken: leaseToken)
            return (due: due, delivery: delivery)
        }
        // RETURNING has no order: the claim's own (earliest due first) is restored here.
        return claimed.sorted { ($0.due, $0.delivery.outboxID) < ($1.due, $1.delivery.outboxID) }.map(\.delivery)
    }

    /// Records a batch of results in one statement (the rows, their attempts and the subscriptions'
    /// last success), fenced by each claim's token: a result whose row was claimed again records
    /// nothing at all. Then what a disabling outcome (rare) changes and queues.
    private static func record(_ results: [DeliveryResult], _ connection: PostgresConnection, logger: Logger)
        async throws
    {
        guard !results.isEmpty else { return }
        var (ids, tokens, statuses, times) = ([Int64](), [Int64](), [String](), [Int64]())
        var (subscriptions, attemptedAt, durations, codes) = ([String](), [Int64](), [Int64](), [Int64]())
        var (responses, errors, hasErrors) = ([String](), [String](), [Bool]())
        for result in results {
            let (attempt, delivery) = (result.attempt, result.delivery)
            // The row's new status, and the time that goes with it (delivered at, or due again at).
            switch result.outcome {
            case .delivered:
                statuses.append("delivered")
                times.append(attempt.at.milliseconds)
            case .retry(let next):
                statuses.append("pending")
                times.append(next.milliseconds)
            case .disableSubscription:
                statuses.append("failed")
                times.append(0)
            }
            ids.append(delivery.outboxID)
            tokens.append(delivery.leaseToken)
            subscriptions.append(delivery.subscriptionID)
            attemptedAt.append(attempt.at.milliseconds)
            durations.append(Int64(attempt.durationMilliseconds))
            codes.append(Int64(attempt.status))
            responses.append(attempt.response)
            errors.append(attempt.error ?? "")
            hasErrors.append(attempt.error != nil)
        }
        let recorded = Set(
            try await connection.rows(
                """
                WITH result AS (
                    SELECT * FROM unnest(\(ids)::bigint[], \(tokens)::bigint[], \(statuses)::text[], \(times)::bigint[],
                                         \(subscriptions)::text[], \(attemptedAt)::bigint[], \(durations)::bigint[],
                                         \(codes)::bigint[], \(responses)::text[], \(errors)::text[], \(hasErrors)::bool[])
                        AS r (id, token, status, at, subscription_id, attempted_at, duration_ms, code, response, error,
                              has_error)
                ), recorded AS (
                    UPDATE outbox o SET status = r.status, attempts = o.attempts + 1, lease_until = NULL,
                        delivered_at = CASE WHEN r.status = 'delivered' THEN r.at ELSE o.delivered_at END,
                        next_attempt_at = CASE WHEN r.status = 'pending' THEN r.at ELSE o.next_attempt_at END
                    FROM result r WHERE o.id = r.id AND o.lease_token = r.token
                    RETURNING o.id
                ), succeeded AS (
                    -- Once per subscription, not once per message.
                    UPDATE subscriptions s SET last_success_at = GREATEST(COALESCE(s.last_success_at, 0), m.at)
                    FROM (SELECT r.subscription_id, max(r.attempted_at) AS at FROM result r JOIN recorded USING (id)
                          WHERE r.status = 'delivered' GROUP BY r.subscription_id) m
                    WHERE s.id = m.subscription_id)
                INSERT INTO delivery_attempts (outbox_id, subscription_id, attempted_at, duration_ms, status, response,
                                               error)
                SELECT r.id, r.subscription_id, r.attempted_at, r.duration_ms, r.code, r.response,
                       CASE WHEN r.has_error THEN r.error END
                FROM result r JOIN recorded USING (id) ORDER BY r.id
                RETURNING outbox_id
                """, logger: logger
            ) { try $0.decode(Int64.self) })
        for result in results where recorded.contains(result.delivery.outboxID) {
            guard case .disableSubscription(let reason) = result.outcome else { continue }
            let delivery = result.delivery
            let disabled = try await connection.changes(
                """
                UPDATE subscriptions SET status = 'disabled'
                WHERE id = \(delivery.subscriptionID) AND status != 'disabled'
                RETURNING id
                """, logger: logger)
            if disabled > 0 {
                try await queueDisabledNotice(
                    for: delivery, reason: reason, at: result.attempt.at, connection, logger: logger)
            }
        }
    }

    /// Queues `webhook.disabled` for every other subscription that wants operator events. The
    /// notices share the idea key "" so that they, too, arrive in order.
    private static func queueDisabledNotice(
        for delivery: Delivery, reason: String, at time: Date, _ connection: PostgresConnection, logger: Logger
    ) async throws {
        let notice = OperatorNotice.webhookDisabled(
            id: delivery.subscriptionID, url: delivery.url, reason: reason, at: time,
            link: EventLinks.webhook(delivery.subscriptionID))
        let body = String(decoding: try notice.encoded(), as: UTF8.self)
        let candidates = try await connection.rows(
            """
            SELECT id, filter FROM subscriptions
            WHERE status IN ('active', 'paused') AND id != \(delivery.subscriptionID)
            """, logger: logger
        ) { try $0.decode((String, String).self) }
        for (id, filter) in candidates
        where try StoredJSON.decode(EventFilter.self, from: filter).wantsOperatorEvent(notice.type) {
            try await connection.query(
                """
                INSERT INTO outbox (subscription_id, event_position, idea_id, sequence, type, next_attempt_at,
                                    created_at, payload)
                VALUES (\(id), NULL, '', 0, \(notice.type), \(time.milliseconds), \(time.milliseconds), \(body))
                """, logger: logger)
        }
    }

    public func redeliver(subscriptionID: String, since: Date, now: Date) async throws(StoreError) -> Int {
        try await changes(
            """
            UPDATE outbox SET status = 'pending', next_attempt_at = \(now.milliseconds), lease_until = NULL
            WHERE subscription_id = \(subscriptionID) AND status = 'failed' AND created_at >= \(since.milliseconds)
            RETURNING id
            """
        )
    }

    public func redeliver(subscriptionID: String, outboxID: Int64, now: Date) async throws(StoreError) -> Bool {
        try await changes(
            """
            UPDATE outbox SET status = 'pending', next_attempt_at = \(now.milliseconds), lease_until = NULL,
                delivered_at = NULL
            WHERE subscription_id = \(subscriptionID) AND id = \(outboxID) AND status != 'sending'
            RETURNING id
            """
        ) > 0
    }

    public func deliveries(_ query: DeliveryQuery) async throws(StoreError) -> [DeliveryRecord] {
        var exactType: String?
        var typePrefix: String?
        if let type = query.eventType, type != "*" {
            if type.hasSuffix(".*") { typePrefix = String(type.dropLast()) } else { exactType = type }
        }
        let limit = max(1, min(query.limit, 500))
        let found = try await rows(
            """
            SELECT id, event_position, idea_id, sequence, type, status, attempts, created_at, next_attempt_at,
                   delivered_at
            FROM outbox
            WHERE subscription_id = \(query.subscriptionID)
              AND (\(query.status?.rawValue)::text IS NULL OR status = \(query.status?.rawValue))
              AND (\(exactType)::text IS NULL OR type = \(exactType))
              AND (\(typePrefix)::text IS NULL OR starts_with(type, \(typePrefix)))
              AND (\(query.ideaID)::text IS NULL OR idea_id = \(query.ideaID))
              AND (\(query.before)::bigint IS NULL OR id < \(query.before))
            ORDER BY id DESC LIMIT \(limit)
            """
        ) { try $0.decode((Int64, Int64?, String, Int, String, String, Int, Int64, Int64, Int64?).self) }
        guard !found.isEmpty else { return [] }
        let attempts = try await rows(
            """
            SELECT outbox_id, attempted_at, duration_ms, status, response, error FROM (
                SELECT *, row_number() OVER (PARTITION BY outbox_id ORDER BY id DESC) AS n
                FROM delivery_attempts WHERE outbox_id = ANY(\(found.map(\.0)))
            ) latest WHERE n <= 10 ORDER BY outbox_id, id DESC
            """, PostgresStore.attempt)
        let byOutbox = Dictionary(grouping: attempts, by: \.outboxID)
        return found.map { row in
            let (id, position, ideaID, sequence, type, status, attemptCount) =
                (row.0, row.1, row.2, row.3, row.4, row.5, row.6)
            let (createdAt, nextAttemptAt, deliveredAt) = (row.7, row.8, row.9)
            return DeliveryRecord(
                outboxID: id, messageID: DeliveryRecord.messageID(eventPosition: position, outboxID: id),
                ideaID: ideaID, sequence: sequence, eventType: type,
                status: DeliveryRecord.Status(rawValue: status) ?? .pending, attemptCount: attemptCount,
                createdAt: Date(timeIntervalSince1970: Double(createdAt) / 1000),
                nextAttemptAt: Date(timeIntervalSince1970: Double(nextAttemptAt) / 1000),
                deliveredAt: deliveredAt.map { Date(timeIntervalSince1970: Double($0) / 1000) },
                attempts: byOutbox[id] ?? [])
        }
    }

    static func attempt(_ row: PostgresRow) throws -> DeliveryAttempt {
        let (outboxID, at, duration, status, response, error) = try row.decode(
            (Int64, Int64, Int, Int, String, String?).self)
        return DeliveryAttempt(
            outboxID: outboxID, at: Date(timeIntervalSince1970: Double(at) / 1000), durationMilliseconds: duration,
            status: status, response: response, error: error)
    }

    public func attempts(subscriptionID: String) async throws(StoreError) -> [DeliveryAttempt] {
        try await rows(
            """
            SELECT outbox_id, attempted_at, duration_ms, status, response, error FROM delivery_attempts
            WHERE subscription_id = \(subscriptionID) ORDER BY id
            """
        ) { row in
            let (outboxID, at, duration, status, response, error) = try row.decode(
                (Int64, Int64, Int, Int, String, String?).self)
            return DeliveryAttempt(
                outboxID: outboxID, at: Date(timeIntervalSince1970: Double(at) / 1000), durationMilliseconds: duration,
                status: status, response: response, error: error)
        }
    }
}
