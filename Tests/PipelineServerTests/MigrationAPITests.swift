import Foundation
import HTTPTypes
import PipelineCore
import PipelineStore
import PipelineTestSupport
import Testing

/// After `pipeline migrate apply`, the API answers about an idea by its new version.
@Suite("The API after a migration")
struct MigrationAPITests {
    @Test("the idea, its gate and its history follow the version it moved to")
    func answersOnTheNewVersion() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        let id = try await fixture.withServer { api in
            let id = try await api.ideaInBusinessCase()
            try await api.update(
                id,
                #"{"cost_eur": 85000, "funding": "eigen_middelen", "business_case_url": "https://example.org/bc.pdf", "#
                    + #""privacy_checked": true, "pilot_start": "2030-02-01", "expected_fte_saved": 2.5}"#)
            return id
        }
        let handler = CommandHandler(store: fixture.store, library: BundledWorkflows.libraryWithVersion2)
        let report = try await handler.applyMigration(
            workflowID: "primary-care-innovation", to: 2, actor: Actor(name: "ahmed", role: "admin"))
        #expect(report.migrated == [id])

        try await fixture.withServer(library: BundledWorkflows.libraryWithVersion2) { api in
            let idea = try await api.send(.get, "/v1/ideas/\(id)")
            #expect(idea.status == 200)
            #expect((idea.json["workflow"] as? [String: Any])?["version"] as? Int == 2)
            let fields = idea.json["fields"] as? [String: Any] ?? [:]
            #expect(fields["avg_checked"] as? Bool == true)
            #expect(fields["privacy_checked"] == nil && fields["expected_fte_saved"] == nil)

            let gate = try await api.send(.get, "/v1/ideas/\(id)/gate?language=en")
            #expect(gate.json["gate"] as? String == "business_case_review")
            let checks = gate.json["checks"] as? [[String: Any]] ?? []
            let hours = checks.first { $0["subject"] as? String == "expected_hours_saved" }
            #expect(hours?["code"] as? String == "deliverable_missing")
            #expect(!checks.contains { ($0["subject"] as? String) == "pilot_start" }, "version 1's deliverable is gone")

            let history = try await api.send(.get, "/v1/ideas/\(id)/history").json["events"] as? [[String: Any]] ?? []
            let last = try #require(history.last)
            #expect(last["type"] as? String == "idea.migrated")
            let data = last["data"] as? [String: Any] ?? [:]
            #expect(data["to_version"] as? Int == 2 && data["from_stage"] as? String == "business_case")
            #expect(data["renamed_fields"] as? [String: String] == ["privacy_checked": "avg_checked"])
        }
    }
}
