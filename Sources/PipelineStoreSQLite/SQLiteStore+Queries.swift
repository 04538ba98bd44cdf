import Foundation
import GRDB
import PipelineCore
import PipelineStore

extension SQLiteStore {
    public func idea(_ id: String) async throws(StoreError) -> Idea? {
        let state = try readHere(oneStatement: true) { db in
            try String.fetchOne(db.cachedStatement(sql: "SELECT state FROM ideas WHERE id = ?"), arguments: [id])
        }
        return try state.map { text throws(StoreError) in try decodedIdeas.idea(id, state: text) }
    }

    public func ideas(_ query: IdeaQuery) async throws(StoreError) -> IdeaPage {
        var conditions: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        let filters: [(String, String?)] = [
            ("workflow_id", query.workflowID), ("stage", query.stage), ("status", query.status?.rawValue),
            ("region", query.region), ("theme", query.theme), ("organisation", query.organisation),
        ]
        for (column, value) in filters {
            guard let value else { continue }
            conditions.append("\(column) = ?")
            arguments.append(value)
        }
        conditions += query.recordConditions { value in
            arguments.append(value)
            return "?"
        }
        // The total counts what the query matches on every page: the conditions without the cursor.
        let countSQL =
            query.countsTotal
            ? "SELECT COUNT(*) FROM ideas"
                + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "))
            : nil
        let countArguments = StatementArguments(arguments)
        if let encoded = query.cursor {
            let cursor = try IdeaCursor(encoded: encoded)
            conditions.append("(submitted_at > ? OR (submitted_at = ? AND id > ?))")
            arguments += [cursor.submittedAtMilliseconds, cursor.submittedAtMilliseconds, cursor.ideaID]
        }
        let sql =
            "SELECT state, submitted_at, id FROM ideas"
            + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "))
            + " ORDER BY submitted_at, id LIMIT ?"
        arguments.append(query.limit + 1)
        let statementArguments = StatementArguments(arguments)
        let limit = query.limit
        // One read: the page and its total from the same snapshot. A page alone is short and read
        // here; a count may scan many rows and is read off the calling thread (`read`).
        let page = { @Sendable (db: Database) throws -> ([(String, Int64, String)], Int?) in
            // A prepared statement kept per SQL text (the texts are as few as the filters'
            // combinations), its rows read in place by column position: compiling the statement
            // and copying each row took a fifth of a page.
            var rows: [(String, Int64, String)] = []
            rows.reserveCapacity(limit + 1)
            let cursor = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: statementArguments)
            while let row = try cursor.next() { rows.append((row[0], row[1], row[2])) }
            let total = try countSQL.map { try Int.fetchOne(db, sql: $0, arguments: countArguments) ?? 0 }
            return (rows, total)
        }
        let (rows, total) = try await (countSQL == nil ? readHere(oneStatement: true, page) : read(page))
        var ideas: [Idea] = []
        for row in rows.prefix(limit) { ideas.append(try decodedIdeas.idea(row.2, state: row.0)) }
        let next = rows.count > limit ? rows[limit - 1] : nil
        return IdeaPage(
            ideas: ideas, nextCursor: next.map { IdeaCursor(submittedAtMilliseconds: $0.1, ideaID: $0.2).encoded },
            total: total)
    }

    public func history(of id: String) async throws(StoreError) -> [StoredEvent] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT position, sequence, type, occurred_at, actor, change FROM events
                    WHERE idea_id = ? ORDER BY sequence
                    """,
                arguments: [id]
            ).map { row in
                let milliseconds: Int64 = row["occurred_at"]
                let type: String = row["type"]
                let event = Event(
                    ideaID: id, actor: try StoredJSON.decode(Actor.self, from: row["actor"]),
                    at: Date(timeIntervalSince1970: Double(milliseconds) / 1000),
                    change: try StoredJSON.decodeChange(type: type, from: row["change"]),
                    isImplementation: EventType.named(type)?.isImplementation ?? false)
                return StoredEvent(sequence: row["sequence"], position: row["position"], event: event)
            }
        }
    }

    public func stageCounts(
        workflowID: String?, visibility: IdeaVisibility?
    ) async throws(StoreError) -> [StageCount] {
        let (condition, arguments) = SQLiteStore.countCondition(workflowID: workflowID, visibility: visibility)
        return try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT workflow_id, stage, status, COUNT(*) AS count FROM ideas WHERE \(condition)
                    GROUP BY workflow_id, stage, status ORDER BY workflow_id, stage, status
                    """, arguments: arguments
            ).map { row in
                guard let status = Idea.Status(rawValue: row["status"]) else {
                    throw StoreError.corrupt("unknown status")
                }
                return StageCount(
                    workflowID: row["workflow_id"], stage: row["stage"], status: status, count: row["count"])
            }
        }
    }

    public func addSubscription(_ subscription: Subscription) async throws(StoreError) {
        let filter: String
        do { filter = try StoredJSON.encode(subscription.filter) } catch { throw .corrupt("a filter does not encode") }
        let createdAt = clock.now().milliseconds
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO subscriptions (id, url, filter, description, status, secret, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    subscription.id, subscription.url, filter, subscription.description, subscription.status.rawValue,
                    subscription.secret, createdAt,
                ])
        }
    }

    public func pendingOutbox(limit: Int) async throws(StoreError) -> [OutboxMessage] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql:
                    "SELECT id, subscription_id, idea_id, sequence, type FROM outbox WHERE status = 'pending' ORDER BY id LIMIT ?",
                arguments: [limit]
            ).map {
                OutboxMessage(
                    id: $0["id"], subscriptionID: $0["subscription_id"], ideaID: $0["idea_id"],
                    sequence: $0["sequence"],
                    eventType: $0["type"])
            }
        }
    }

    public func hasUnfinishedOutbox() async throws(StoreError) -> Bool {
        try await read { db in
            try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM outbox WHERE status IN ('pending', 'sending'))") ?? false
        }
    }

    /// SQLite's own consistency check and the foreign keys, for tests and operators.
    public func integrityProblems() async throws(StoreError) -> [String] {
        try await read { db in
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
            let foreignKeys = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").map { "foreign key: \($0)" }
            return integrity + foreignKeys
        }
    }

    /// The WHERE condition of a count: the workflow, and what the reader may see.
    static func countCondition(
        workflowID: String?, visibility: IdeaVisibility?
    ) -> (sql: String, arguments: StatementArguments) {
        var values: [String] = []
        var conditions = ["parent_id IS NULL"]
        if let workflowID {
            conditions.append("workflow_id = ?")
            values.append(workflowID)
        }
        if let visibility {
            conditions.append(
                visibility.sqlCondition { value in
                    values.append(value)
                    return "?"
                })
        }
        return (conditions.joined(separator: " AND "), StatementArguments(values))
    }

    public func implementations(of parent: String) async throws(StoreError) -> [Idea] {
        let states = try await read { db in
            try String.fetchAll(
                db, sql: "SELECT state FROM ideas WHERE parent_id = ? ORDER BY submitted_at, id", arguments: [parent])
        }
        var ideas: [Idea] = []
        for state in states { ideas.append(try StoredJSON.decode(Idea.self, from: state)) }
        return ideas
    }

    public func adoptionCounts(outcomes: [String]) async throws(StoreError) -> [AdoptionCount] {
        try await read { db in
            let counts = try Row.fetchAll(
                db,
                sql: """
                    SELECT region, adoption_step, COUNT(*) AS count FROM ideas WHERE parent_id IS NOT NULL
                    GROUP BY region, adoption_step ORDER BY region, adoption_step
                    """)
            var sums: [String: [String: Double]] = [:]
            if !outcomes.isEmpty {
                let placeholders = Array(repeating: "?", count: outcomes.count).joined(separator: ", ")
                for row in try Row.fetchAll(
                    db,
                    sql: """
                        SELECT region, adoption_step, field, SUM(value) AS total FROM adoption_outcomes
                        WHERE field IN (\(placeholders))
                        GROUP BY field, region, adoption_step
                        """, arguments: StatementArguments(outcomes))
                {
                    let region: String = row["region"]
                    let step: String = row["adoption_step"]
                    sums["\(region)\u{0}\(step)", default: [:]][row["field"]] = row["total"]
                }
            }
            return try counts.map { row in
                let region: String = row["region"]
                let stepText: String = row["adoption_step"]
                guard let step = AdoptionStep(rawValue: stepText) else {
                    throw StoreError.corrupt("unknown adoption step")
                }
                return AdoptionCount(
                    region: region, step: step, count: row["count"], sums: sums["\(region)\u{0}\(stepText)"] ?? [:])
            }
        }
    }
}
