import Foundation
import GRDB
import PipelineCore
import PipelineStore
import PostgresNIO
import Testing

@testable import PipelineStorePostgres
@testable import PipelineStoreSQLite

/// How events are stored and sent: the flat change beside its type, messages with the schema
/// version and a link made by `EventLinks`, and events stored before schema version 1 still read.
extension StoreContractTests {
    @Test(
        "an event is stored as the flat change beside its type; its message links to the idea",
        arguments: Backend.available)
    func storedWireFormat(backend: Backend) async throws {
        try await backend.withStore { store in
            try await store.addSubscription(
                Subscription(id: "all", url: "https://example.org/all", filter: EventFilter()))
            let handler = CommandHandler(store: store, library: StoreFixture.library)
            try await StoreFixture.submit(handler, id: "idea-1")
            try await handler.execute(
                .decide(.hold(reason: "Subsidie", until: CalendarDay.start(of: "2026-12-01"))), on: "idea-1",
                actor: StoreFixture.facilitator,
                now: StoreFixture.now
            )
            let rows = try await StoreContractTests.storedEvents(of: "idea-1", in: store)
            #expect(rows.map(\.type) == ["idea.submitted", "idea.held"])
            #expect(rows[1].change == #"{"reason":"Subsidie","until":"2026-12-01T00:00:00.000Z"}"#)
            #expect(rows[0].change.contains(#""workflow_id":"primary-care-innovation","workflow_version":1"#))

            // Claims go in order per idea: the first one is the submission's message.
            let sent = try await store.claimDeliveries(
                limit: 10, now: StoreFixture.now + 1, leaseUntil: StoreFixture.now + 60)
            let body = try #require(sent.first { $0.eventType == "idea.submitted" }?.body)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
            let data = try #require(json["data"] as? [String: Any])
            #expect(data["link"] as? String == EventLinks.idea("idea-1"))
            #expect(data["schema_version"] as? Int == EventSchema.version)
            let change = try #require(data["change"] as? [String: Any])
            #expect(change["workflow_id"] as? String == "primary-care-innovation")
            #expect(change["stage"] as? String == "proposal")
        }
    }

    @Test("events stored before schema version 1 read back beside new ones", arguments: Backend.available)
    func legacyStoredEvents(backend: Backend) async throws {
        try await backend.withStore { store in
            let handler = CommandHandler(store: store, library: StoreFixture.library)
            try await StoreFixture.submit(handler, id: "idea-1")
            // Rows as an earlier release wrote them: Swift's synthesized shape, camelCase labels.
            let legacy = [
                ("idea.updated", #"{"updated":{"changes":{"cost_eur":1200,"funding":null}}}"#),
                ("gate.approved", #"{"approved":{"gate":"proposal_review","role":"facilitator"}}"#),
                ("idea.advanced", #"{"advanced":{"from":"proposal","gate":"proposal_review","to":"business_case"}}"#),
                ("idea.held", #"{"held":{"reason":"Subsidie"}}"#), ("idea.resumed", #"{"resumed":{}}"#),
            ]
            for (offset, (type, change)) in legacy.enumerated() {
                try await StoreContractTests.appendRawEvent(
                    to: store, idea: "idea-1", sequence: offset + 2, type: type, change: change)
            }
            let history = try await store.history(of: "idea-1")
            #expect(
                history.dropFirst().map(\.event.change) == [
                    .updated(changes: ["cost_eur": .number(1200), "funding": nil]),
                    .approved(gate: "proposal_review", role: "facilitator", comment: nil),
                    .advanced(gate: "proposal_review", from: "proposal", to: "business_case"),
                    .held(reason: "Subsidie", until: nil), .resumed,
                ])
        }
    }

    /// The `type` and `change` columns of an idea's events, as the database holds them.
    static func storedEvents(of idea: String, in store: any Store) async throws -> [(type: String, change: String)] {
        if let sqlite = store as? SQLiteStore {
            return try await sqlite.read { db in
                try Row.fetchAll(
                    db, sql: "SELECT type, change FROM events WHERE idea_id = ? ORDER BY sequence", arguments: [idea]
                )
                .map { (type: $0["type"] as String, change: $0["change"] as String) }
            }
        }
        let postgres = try #require(store as? PostgresStore)
        return try await postgres.rows("SELECT type, change FROM events WHERE idea_id = \(idea) ORDER BY sequence") {
            let (type, change) = try $0.decode((String, String).self)
            return (type: type, change: change)
        }
    }

    /// Appends an event row directly, as an earlier release would have written it.
    static func appendRawEvent(to store: any Store, idea: String, sequence: Int, type: String, change: String)
        async throws
    {
        let actor = #"{"name":"fenna","role":"facilitator"}"#
        let at = StoreFixture.now.milliseconds
        if let sqlite = store as? SQLiteStore {
            try await sqlite.write { db in
                try db.execute(
                    sql:
                        "INSERT INTO events (idea_id, sequence, type, occurred_at, actor, change) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [idea, sequence, type, at, actor, change])
            }
            return
        }
        let postgres = try #require(store as? PostgresStore)
        try await postgres.execute(
            """
            INSERT INTO events (idea_id, sequence, type, occurred_at, actor, change)
            VALUES (\(idea), \(sequence), \(type), \(at), \(actor), \(change))
            """)
    }
}
