import Foundation
import GRDB
import PipelineCore
import PipelineStore

extension SQLiteStore {
    /// Writes a batch of commands in one transaction, each in its own savepoint: a command whose
    /// version check fails, or whose fired timer is no longer pending, is rolled back alone and
    /// reported as such.
    static func write(_ commits: [EncodedCommit], to pool: DatabasePool) async -> [Result<Void, StoreError>] {
        do {
            return try await pool.write { db in
                let subscriptions = try activeSubscriptions(db)
                var results: [Result<Void, StoreError>] = []
                for commit in commits {
                    do {
                        try db.inSavepoint {
                            try write(commit, subscriptions: subscriptions, db)
                            return .commit
                        }
                        results.append(.success(()))
                    } catch let error as StoreError {
                        results.append(.failure(error))
                    } catch {
                        results.append(.failure(.unavailable(reason(error))))
                    }
                }
                return results
            }
        } catch {
            let failure = StoreError.unavailable(reason(error))
            return commits.map { _ in .failure(failure) }
        }
    }

    private static func write(_ encoded: EncodedCommit, subscriptions: [Subscription], _ db: Database) throws {
        let commit = encoded.commit
        let actual =
            try Int.fetchOne(
                db.cachedStatement(sql: "SELECT version FROM ideas WHERE id = ?"), arguments: [commit.ideaID])
            ?? 0
        guard actual == commit.expectedVersion else {
            throw StoreError.conflict(idea: commit.ideaID, expected: commit.expectedVersion, actual: actual)
        }
        let idea = commit.idea
        do {
            try db.cachedStatement(
                sql: """
                    INSERT INTO ideas (id, workflow_id, workflow_version, organisation, region, theme, title, stage, status,
                                       version, submitted_at, stage_entered_at, updated_at, state, owner_id, parent_id,
                                       adoption_step)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET
                        workflow_version = excluded.workflow_version, theme = excluded.theme, title = excluded.title, stage = excluded.stage, status = excluded.status,
                        version = excluded.version, stage_entered_at = excluded.stage_entered_at,
                        updated_at = excluded.updated_at, state = excluded.state, owner_id = excluded.owner_id,
                        adoption_step = excluded.adoption_step
                    """
            ).execute(arguments: [
                idea.id, idea.workflowID, idea.workflowVersion, idea.organisation, idea.region, idea.theme, idea.title,
                idea.stage, idea.status.rawValue, idea.version, idea.submittedAt.milliseconds,
                idea.stageEnteredAt.milliseconds, idea.updatedAt.milliseconds, encoded.state, idea.owner?.id,
                idea.parent,
                commit.adoption?.step.rawValue,
            ])
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT && idea.parent != nil {
            // The one running implementation per region and idea (ideas_one_adoption_per_region).
            throw StoreError.duplicate(.adoption)
        }
        if let adoption = commit.adoption { try writeOutcomes(adoption, of: idea, db) }
        try writeTimers(encoded, db)
        try writeNotifications(encoded, db)
        if let record = commit.idempotency {
            do {
                try insert(record, db)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                throw StoreError.duplicateIdempotencyKey
            }
        }
        for (offset, stored) in encoded.events.enumerated() {
            let sequence = commit.expectedVersion + offset + 1
            let event = stored.event
            try db.cachedStatement(
                sql:
                    "INSERT INTO events (idea_id, sequence, type, occurred_at, actor, change) VALUES (?, ?, ?, ?, ?, ?)"
            ).execute(arguments: [
                commit.ideaID, sequence, event.type, event.at.milliseconds, stored.actor, stored.change,
            ])
            let position = db.lastInsertedRowID
            for subscription in subscriptions where subscription.filter.matches(event, of: idea) {
                try db.cachedStatement(
                    sql: """
                        INSERT INTO outbox (subscription_id, event_position, idea_id, sequence, type, next_attempt_at,
                                            created_at, payload)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """
                ).execute(arguments: [
                    subscription.id, position, commit.ideaID, sequence, event.type, event.at.milliseconds,
                    event.at.milliseconds, stored.message,
                ])
            }
        }
    }

    /// An implementation's number fields as they are now, with its region and step, for the
    /// regions' sums.
    private static func writeOutcomes(_ adoption: AdoptionRecord, of idea: Idea, _ db: Database) throws {
        try db.cachedStatement(sql: "DELETE FROM adoption_outcomes WHERE implementation_id = ?")
            .execute(arguments: [idea.id])
        for (field, value) in adoption.outcomes.sorted(by: { $0.key < $1.key }) {
            try db.cachedStatement(
                sql: """
                    INSERT INTO adoption_outcomes (implementation_id, field, value, region, adoption_step)
                    VALUES (?, ?, ?, ?, ?)
                    """
            ).execute(arguments: [idea.id, field, value, idea.region, adoption.step.rawValue])
        }
    }

    /// The fired timer first (so that cancelling the idea's pending timers does not take it
    /// too), then the cancelled ones, then the new ones. A fired timer that is no longer pending
    /// fails the command: its savepoint is rolled back, the batch's other commands are not.
    private static func writeTimers(_ encoded: EncodedCommit, _ db: Database) throws {
        let commit = encoded.commit
        if let fired = commit.firedTimer {
            try db.cachedStatement(
                sql: """
                    UPDATE timers SET status = 'fired', fired_at = ?, lease_until = NULL
                    WHERE id = ? AND idea_id = ? AND status = 'pending'
                    """
            ).execute(arguments: [encoded.milliseconds, fired, commit.ideaID])
            guard db.changesCount > 0 else { throw StoreError.timerNotPending(fired) }
        }
        // A new idea has no timers to cancel, though its plan (a restart) says so.
        for selector in commit.timers.cancel where commit.expectedVersion > 0 {
            let kinds = selector.kinds.map(\.rawValue).sorted()
            let placeholders = Array(repeating: "?", count: kinds.count).joined(separator: ", ")
            var arguments: StatementArguments = [encoded.milliseconds, commit.ideaID]
            arguments += StatementArguments(kinds)
            if let subject = selector.subject { arguments += [subject] }
            try db.cachedStatement(
                sql: """
                    UPDATE timers SET status = 'cancelled', cancelled_at = ?, lease_until = NULL
                    WHERE idea_id = ? AND status = 'pending' AND kind IN (\(placeholders))
                    """ + (selector.subject == nil ? "" : " AND subject = ?")
            ).execute(arguments: arguments)
        }
        for timer in commit.timers.schedule {
            try db.cachedStatement(
                sql: "INSERT INTO timers (idea_id, kind, subject, due_at, created_at) VALUES (?, ?, ?, ?, ?)"
            ).execute(arguments: [
                timer.ideaID, timer.kind.rawValue, timer.subject, timer.dueAt.milliseconds, encoded.milliseconds,
            ])
        }
    }

    private static func writeNotifications(_ encoded: EncodedCommit, _ db: Database) throws {
        for (notification, content) in zip(encoded.commit.notifications, encoded.notifications) {
            try db.cachedStatement(
                sql: """
                    INSERT INTO notifications (id, person_id, idea_id, topic, content, created_at, mail, mail_status,
                                               next_attempt_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(arguments: [
                notification.id, notification.personID, notification.ideaID, notification.content.topic.rawValue,
                content, notification.createdAt.milliseconds, notification.mail.rawValue,
                notification.mailStatus.rawValue, notification.createdAt.milliseconds,
            ])
        }
    }

    static func insert(_ record: IdempotencyRecord, _ db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO idempotency_keys (principal, key, request_hash, status, body, created_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            record.principal, record.key, record.requestHash, record.status, record.body, record.createdAt.milliseconds,
        ])
    }

    private static func activeSubscriptions(_ db: Database) throws -> [Subscription] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT id, url, filter, description FROM subscriptions WHERE status IN ('active', 'paused')
                ORDER BY created_at, id
                """
        )
        .map { row in
            Subscription(
                id: row["id"], url: row["url"],
                filter: try StoredJSON.decode(EventFilter.self, from: row["filter"]),
                description: row["description"])
        }
    }
}
