import Foundation
import PipelineCore
import PipelineStore
import PostgresNIO

extension PostgresStore {
    public func idea(_ id: String) async throws(StoreError) -> Idea? {
        let states = try await rows("SELECT state FROM ideas WHERE id = \(id)") { try $0.decode(String.self) }
        return try states.first.map { text throws(StoreError) in try decodedIdeas.idea(id, state: text) }
    }

    public func ideas(_ query: IdeaQuery) async throws(StoreError) -> IdeaPage {
        var conditions: [String] = []
        var binds = PostgresBindings()
        /// Binds a value and names its placeholder: only placeholders go into the SQL text.
        func bind(_ value: some PostgresNonThrowingEncodable) -> String {
            binds.append(value)
            return "$\(binds.count)"
        }
        let filters: [(String, String?)] = [
            ("workflow_id", query.workflowID), ("stage", query.stage), ("status", query.status?.rawValue),
            ("region", query.region), ("theme", query.theme), ("organisation", query.organisation),
        ]
        for (column, value) in filters {
            guard let value else { continue }
            conditions.append("\(column) = \(bind(value))")
        }
        conditions += query.recordConditions { bind($0) }
        // The total counts what the query matches on every page: the conditions without the cursor.
        let count =
            query.countsTotal
            ? PostgresQuery(
                unsafeSQL: "SELECT COUNT(*)::BIGINT FROM ideas"
                    + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")),
                binds: binds)
            : nil
        if let encoded = query.cursor {
            let cursor = try IdeaCursor(encoded: encoded)
            let submitted = bind(cursor.submittedAtMilliseconds)
            conditions.append(
                "(submitted_at > \(submitted) OR (submitted_at = \(submitted) AND id > \(bind(cursor.ideaID))))")
        }
        let sql =
            "SELECT state, submitted_at, id FROM ideas"
            + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "))
            + " ORDER BY submitted_at, id LIMIT \(bind(query.limit + 1))"
        let limit = query.limit
        let found = try await rows(PostgresQuery(unsafeSQL: sql, binds: binds)) {
            try $0.decode((String, Int64, String).self)
        }
        var total: Int?
        if let count { total = try await rows(count) { try $0.decode(Int.self) }.first ?? 0 }
        var ideas: [Idea] = []
        for row in found.prefix(limit) { ideas.append(try decodedIdeas.idea(row.2, state: row.0)) }
        let next = found.count > limit ? found[limit - 1] : nil
        return IdeaPage(
            ideas: ideas, nextCursor: next.map { IdeaCursor(submittedAtMilliseconds: $0.1, ideaID: $0.2).encoded },
            total: total)
    }

    public func history(of id: String) async throws(StoreError) -> [StoredEvent] {
        let found = try await rows(
            """
            SELECT position, sequence, type, occurred_at, actor, change FROM events
            WHERE idea_id = \(id) ORDER BY sequence
            """
        ) { try $0.decode((Int64, Int, String, Int64, String, String).self) }
        var events: [StoredEvent] = []
        for (position, sequence, type, occurredAt, actor, change) in found {
            let event = Event(
                ideaID: id, actor: try StoredJSON.decode(Actor.self, from: actor),
                at: Date(timeIntervalSince1970: Double(occurredAt) / 1000),
                change: try StoredJSON.decodeChange(type: type, from: change),
                isImplementation: EventType.named(type)?.isImplementation ?? false)
            events.append(StoredEvent(sequence: sequence, position: position, event: event))
        }
        return events
    }

    public func stageCounts(
        workflowID: String?, visibility: IdeaVisibility?
    ) async throws(StoreError) -> [StageCount] {
        let (condition, binds) = PostgresStore.countCondition(workflowID: workflowID, visibility: visibility)
        let found = try await rows(
            PostgresQuery(
                unsafeSQL: """
                    SELECT workflow_id, stage, status, COUNT(*) FROM ideas WHERE \(condition)
                    GROUP BY workflow_id, stage, status ORDER BY workflow_id, stage, status
                    """, binds: binds)
        ) { try $0.decode((String, String, String, Int).self) }
        var counts: [StageCount] = []
        for (workflow, stage, status, count) in found {
            guard let status = Idea.Status(rawValue: status) else { throw .corrupt("unknown status") }
            counts.append(StageCount(workflowID: workflow, stage: stage, status: status, count: count))
        }
        return counts
    }

    public func addSubscription(_ subscription: Subscription) async throws(StoreError) {
        let filter: String
        do { filter = try StoredJSON.encode(subscription.filter) } catch { throw .corrupt("a filter does not encode") }
        try await execute(
            """
            INSERT INTO subscriptions (id, url, filter, description, status, secret, created_at)
            VALUES (\(subscription.id), \(subscription.url), \(filter), \(subscription.description),
                    \(subscription.status.rawValue), \(subscription.secret), \(clock.now().milliseconds))
            """
        )
    }

    public func pendingOutbox(limit: Int) async throws(StoreError) -> [OutboxMessage] {
        try await rows(
            """
            SELECT id, subscription_id, idea_id, sequence, type FROM outbox WHERE status = 'pending'
            ORDER BY id LIMIT \(limit)
            """
        ) { row in
            let (id, subscriptionID, ideaID, sequence, type) = try row.decode((Int64, String, String, Int, String).self)
            return OutboxMessage(
                id: id, subscriptionID: subscriptionID, ideaID: ideaID, sequence: sequence, eventType: type)
        }
    }

    public func hasUnfinishedOutbox() async throws(StoreError) -> Bool {
        try await rows("SELECT EXISTS (SELECT 1 FROM outbox WHERE status IN ('pending', 'sending'))") {
            try $0.decode(Bool.self)
        }.first ?? false
    }

    /// The WHERE condition of a count: the workflow, and what the reader may see.
    static func countCondition(workflowID: String?, visibility: IdeaVisibility?) -> (String, PostgresBindings) {
        var binds = PostgresBindings()
        func bind(_ value: String) -> String {
            binds.append(value)
            return "$\(binds.count)"
        }
        var conditions = ["parent_id IS NULL"]
        if let workflowID { conditions.append("workflow_id = \(bind(workflowID))") }
        if let visibility { conditions.append(visibility.sqlCondition(placeholder: bind)) }
        return (conditions.joined(separator: " AND "), binds)
    }

    public func implementations(of parent: String) async throws(StoreError) -> [Idea] {
        let states = try await rows(
            "SELECT state FROM ideas WHERE parent_id = \(parent) ORDER BY submitted_at, id"
        ) { try $0.decode(String.self) }
        var ideas: [Idea] = []
        for state in states { ideas.append(try StoredJSON.decode(Idea.self, from: state)) }
        return ideas
    }

    public func adoptionCounts(outcomes: [String]) async throws(StoreError) -> [AdoptionCount] {
        let counts = try await rows(
            """
            SELECT region, adoption_step, COUNT(*)::BIGINT FROM ideas WHERE parent_id IS NOT NULL
            GROUP BY region, adoption_step ORDER BY region, adoption_step
            """
        ) { try $0.decode((String, String, Int).self) }
        var sums: [String: [String: Double]] = [:]
        if !outcomes.isEmpty {
            // Each outcome row carries its implementation's region and step (v15): no join.
            let found = try await rows(
                """
                SELECT region, adoption_step, field, SUM(value)::DOUBLE PRECISION FROM adoption_outcomes
                WHERE field = ANY(\(outcomes))
                GROUP BY field, region, adoption_step
                """
            ) { try $0.decode((String, String, String, Double).self) }
            for (region, step, field, total) in found { sums["\(region)\u{0}\(step)", default: [:]][field] = total }
        }
        var result: [AdoptionCount] = []
        for (region, stepText, count) in counts {
            guard let step = AdoptionStep(rawValue: stepText) else { throw .corrupt("unknown adoption step") }
            result.append(
                AdoptionCount(region: region, step: step, count: count, sums: sums["\(region)\u{0}\(stepText)"] ?? [:]))
        }
        return result
    }
}
