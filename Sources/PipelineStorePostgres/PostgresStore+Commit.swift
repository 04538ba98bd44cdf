import PipelineCore
import PipelineStore
import PostgresNIO

extension PostgresStore {
    /// One transaction per command. The version check is the write itself: the idea's row is
    /// inserted only if it is missing, or updated only at the expected version. A concurrent
    /// command on the same idea waits for the row lock and then finds another version, so exactly
    /// one command wins per version without SERIALIZABLE.
    public func commit(_ commit: CommandCommit) async throws(StoreError) {
        let encoded = try EncodedCommit(commit)
        try await transaction { connection in
            try await PostgresStore.write(encoded, connection, logger: logger)
        }
    }

    private static func write(_ encoded: EncodedCommit, _ connection: PostgresConnection, logger: Logger) async throws {
        let commit = encoded.commit
        let idea = commit.idea
        let written: [Int]
        if commit.expectedVersion == 0 {
            written = try await connection.rows(
                """
                INSERT INTO ideas (id, workflow_id, workflow_version, organisation, region, theme, title, stage, status,
                                   version, submitted_at, stage_entered_at, updated_at, state, owner_id, parent_id,
                                   adoption_step)
                VALUES (\(idea.id), \(idea.workflowID), \(idea.workflowVersion), \(idea.organisation), \(idea.region),
                        \(idea.theme), \(idea.title), \(idea.stage), \(idea.status.rawValue), \(idea.version),
                        \(idea.submittedAt.milliseconds), \(idea.stageEnteredAt.milliseconds),
                        \(idea.updatedAt.milliseconds), \(encoded.state), \(idea.owner?.id), \(idea.parent),
                        \(commit.adoption?.step.rawValue))
                ON CONFLICT (id) DO NOTHING
                RETURNING version
                """, logger: logger
            ) { try $0.decode(Int.self) }
        } else {
            written = try await connection.rows(
                """
                UPDATE ideas SET workflow_version = \(idea.workflowVersion), theme = \(idea.theme), title = \(idea.title), stage = \(idea.stage),
                    status = \(idea.status.rawValue), version = \(idea.version),
                    stage_entered_at = \(idea.stageEnteredAt.milliseconds), updated_at = \(idea.updatedAt.milliseconds),
                    state = \(encoded.state), owner_id = \(idea.owner?.id),
                    adoption_step = \(commit.adoption?.step.rawValue)
                WHERE id = \(commit.ideaID) AND version = \(commit.expectedVersion)
                RETURNING version
                """, logger: logger
            ) { try $0.decode(Int.self) }
        }
        guard !written.isEmpty else {
            let actual = try await connection.rows(
                "SELECT version FROM ideas WHERE id = \(commit.ideaID)", logger: logger
            ) { try $0.decode(Int.self) }
            throw StoreError.conflict(idea: commit.ideaID, expected: commit.expectedVersion, actual: actual.first ?? 0)
        }
        if let adoption = commit.adoption {
            try await connection.query(
                "DELETE FROM adoption_outcomes WHERE implementation_id = \(idea.id)", logger: logger)
            for (field, value) in adoption.outcomes.sorted(by: { $0.key < $1.key }) {
                try await connection.query(
                    """
                    INSERT INTO adoption_outcomes (implementation_id, field, value, region, adoption_step)
                    VALUES (\(idea.id), \(field), \(value), \(idea.region), \(adoption.step.rawValue))
                    """,
                    logger: logger)
            }
        }
        try await writeTimers(encoded, connection, logger: logger)
        try await writeNotifications(encoded, connection, logger: logger)
        if let record = commit.idempotency {
            let inserted = try await connection.changes(
                """
                INSERT INTO idempotency_keys (principal, key, request_hash, status, body, created_at)
                VALUES (\(record.principal), \(record.key), \(record.requestHash), \(record.status), \(record.body),
                        \(record.createdAt.milliseconds))
                ON CONFLICT (principal, key) DO NOTHING
                RETURNING principal
                """, logger: logger)
            guard inserted > 0 else { throw StoreError.duplicateIdempotencyKey }
        }
        let subscriptions = try await activeSubscriptions(connection, logger: logger)
        var queued = false
        for (offset, stored) in encoded.events.enumerated() {
            let sequence = commit.expectedVersion + offset + 1
            let event = stored.event
            let positions = try await connection.rows(
                """
                INSERT INTO events (idea_id, sequence, type, occurred_at, actor, change)
                VALUES (\(commit.ideaID), \(sequence), \(event.type), \(event.at.milliseconds), \(stored.actor),
                        \(stored.change))
                RETURNING position
                """, logger: logger
            ) { try $0.decode(Int64.self) }
            guard let position = positions.first else { throw StoreError.unavailable("an event was not written") }
            for subscription in subscriptions where subscription.filter.matches(event, of: idea) {
                try await connection.query(
                    """
                    INSERT INTO outbox (subscription_id, event_position, idea_id, sequence, type, next_attempt_at,
                                        created_at, payload)
                    VALUES (\(subscription.id), \(position), \(commit.ideaID), \(sequence), \(event.type),
                            \(event.at.milliseconds), \(event.at.milliseconds), \(stored.message))
                    """, logger: logger)
                queued = true
            }
        }
        // Sent at commit, to every instance listening: their delivery loops and mail services
        // wake at once (instead of at their next poll).
        if queued || !commit.notifications.isEmpty {
            try await connection.query("NOTIFY \(unescaped: PostgresStore.outboxChannel)", logger: logger)
        }
    }

    /// One statement for all the command's notifications: arrays bound as parameters.
    private static func writeNotifications(
        _ encoded: EncodedCommit, _ connection: PostgresConnection, logger: Logger
    ) async throws {
        let notifications = encoded.commit.notifications
        guard !notifications.isEmpty else { return }
        try await connection.query(
            """
            INSERT INTO notifications (id, person_id, idea_id, topic, content, created_at, mail, mail_status,
                                       next_attempt_at)
            SELECT id, person_id, idea_id, topic, content, created_at, mail, mail_status, created_at
            FROM unnest(\(notifications.map(\.id))::text[], \(notifications.map(\.personID))::text[],
                        \(notifications.map(\.ideaID))::text[], \(notifications.map(\.content.topic.rawValue))::text[],
                        \(encoded.notifications)::text[], \(notifications.map(\.createdAt.milliseconds))::bigint[],
                        \(notifications.map(\.mail.rawValue))::text[], \(notifications.map(\.mailStatus.rawValue))::text[])
                 AS row (id, person_id, idea_id, topic, content, created_at, mail, mail_status)
            """, logger: logger)
    }

    /// The fired timer first (so that cancelling the idea's pending timers does not take it
    /// too), then the cancelled ones, then the new ones. Two commands firing one timer are
    /// commands on one idea, serialised by its row lock: the later one finds the idea changed (a
    /// conflict) or, decided again, the timer fired, and fails whole.
    private static func writeTimers(
        _ encoded: EncodedCommit, _ connection: PostgresConnection, logger: Logger
    ) async throws {
        let commit = encoded.commit
        let time = encoded.milliseconds
        if let fired = commit.firedTimer {
            let marked = try await connection.changes(
                """
                UPDATE timers SET status = 'fired', fired_at = \(time), lease_until = NULL
                WHERE id = \(fired) AND idea_id = \(commit.ideaID) AND status = 'pending'
                RETURNING id
                """, logger: logger)
            guard marked > 0 else { throw StoreError.timerNotPending(fired) }
        }
        // A new idea has no timers to cancel, though its plan (a restart) says so.
        for selector in commit.timers.cancel where commit.expectedVersion > 0 {
            let kinds = selector.kinds.map(\.rawValue).sorted()
            if let subject = selector.subject {
                try await connection.query(
                    """
                    UPDATE timers SET status = 'cancelled', cancelled_at = \(time), lease_until = NULL
                    WHERE idea_id = \(commit.ideaID) AND status = 'pending' AND kind = ANY(\(kinds)::text[])
                      AND subject = \(subject)
                    """, logger: logger)
            } else {
                try await connection.query(
                    """
                    UPDATE timers SET status = 'cancelled', cancelled_at = \(time), lease_until = NULL
                    WHERE idea_id = \(commit.ideaID) AND status = 'pending' AND kind = ANY(\(kinds)::text[])
                    """, logger: logger)
            }
        }
        let schedule = commit.timers.schedule
        guard !schedule.isEmpty else { return }
        // One statement for the whole plan: arrays bound as parameters, unnested into rows.
        try await connection.query(
            """
            INSERT INTO timers (idea_id, kind, subject, due_at, created_at)
            SELECT idea_id, kind, subject, due_at, \(time)
            FROM unnest(\(schedule.map(\.ideaID))::text[], \(schedule.map(\.kind.rawValue))::text[],
                        \(schedule.map(\.subject))::text[], \(schedule.map(\.dueAt.milliseconds))::bigint[])
                 AS plan (idea_id, kind, subject, due_at)
            """, logger: logger)
    }

    /// The subscriptions that get outbox rows, in a stable order (as SQLite's): paused ones too,
    /// so they resume where they stopped.
    private static func activeSubscriptions(
        _ connection: PostgresConnection, logger: Logger
    ) async throws -> [Subscription] {
        let rows = try await connection.rows(
            """
            SELECT id, url, filter, description FROM subscriptions WHERE status IN ('active', 'paused')
            ORDER BY created_at, id
            """, logger: logger
        ) { try $0.decode((String, String, String, String?).self) }
        var subscriptions: [Subscription] = []
        for (id, url, filter, description) in rows {
            subscriptions.append(
                Subscription(
                    id: id, url: url, filter: try StoredJSON.decode(EventFilter.self, from: filter),
                    description: description))
        }
        return subscriptions
    }
}
