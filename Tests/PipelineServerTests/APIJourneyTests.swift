import Foundation
import HTTPTypes
import PipelineTestSupport
import Testing

@Suite("API journey")
struct APIJourneyTests {
    @Test("an idea from submission to national implementation, over HTTP")
    func journey() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        try await fixture.withServer { api in
            let id = try await api.ideaInBusinessCase()
            var reply = try await api.update(
                id,
                #"{"cost_eur": 120000, "funding": "subsidie", "business_case_url": "https://example.org/bc.pdf", "privacy_checked": true, "pilot_start": "2027-02-01"}"#
            )
            #expect(reply.status == 200)
            #expect(reply.etag == "\"\(reply.json["version"] as? Int ?? 0)\"")

            reply = try await api.send(.get, "/v1/ideas/\(id)/gate")
            #expect(reply.status == 200)
            #expect(reply.json["holds"] as? Bool == false)

            #expect(
                try await api.send(.post, "/v1/ideas/\(id)/approvals", json: #"{"comment": "akkoord"}"#).status == 200)
            for person in [APIFixture.Person.gatekeeper, .secondGatekeeper, .thirdGatekeeper] {
                reply = try await api.send(
                    .post, "/v1/ideas/\(id)/reviews", as: person,
                    json:
                        #"{"scores": {"impact": 4, "feasibility": 4, "scalability": 3, "value": 5}, "comment": "Sterk"}"#
                )
                #expect(reply.status == 200, "\(reply.text)")
            }
            #expect(try await api.send(.post, "/v1/ideas/\(id)/decisions", json: #"{"decision": "go"}"#).status == 200)
            try await api.update(
                id,
                #"{"pilot_participants": 25, "pilot_satisfaction": 8.4, "pilot_hours_saved": 16, "pilot_report_url": "https://example.org/p.pdf", "scale": "nationaal", "regions_interested": 11}"#
            )
            #expect(try await api.send(.post, "/v1/ideas/\(id)/approvals", json: "{}").status == 200)
            #expect(try await api.send(.post, "/v1/ideas/\(id)/approvals", as: .gatekeeper, json: "{}").status == 200)
            #expect(
                try await api.send(.post, "/v1/ideas/\(id)/approvals", as: .secondGatekeeper, json: "{}").status == 200)
            reply = try await api.send(.post, "/v1/ideas/\(id)/decisions", json: #"{"decision": "go"}"#)
            #expect(reply.json["stage"] as? String == "national_implementation")

            reply = try await api.send(.get, "/v1/ideas/\(id)/history")
            let events = reply.json["events"] as? [[String: Any]] ?? []
            #expect(events.map { $0["sequence"] as? Int ?? 0 } == Array(1...events.count))
            #expect(events.last?["type"] as? String == "idea.advanced")
            let advanced = events.last?["data"] as? [String: String]
            #expect(advanced == ["gate": "scale_decision", "from": "pilot", "to": "national_implementation"])
            let submitted = events.first?["data"] as? [String: Any]
            #expect(submitted?["workflow_id"] as? String == "primary-care-innovation", "flat, in snake_case")

            reply = try await api.send(.get, "/v1/reports/counts?by=region")
            #expect((reply.json["counts"] as? [[String: Any]])?.first?["value"] as? String == "Twente")
            #expect(try await api.send(.get, "/v1/workflows").status == 200)
            #expect(try await api.send(.get, "/v1/workflows/primary-care-innovation").json["version"] as? Int == 1)
            reply = try await api.send(.get, "/v1/workflows/quick-wins/graph")
            #expect(reply.text.hasPrefix("flowchart LR"))
        }
    }

    @Test("health, metrics and the OpenAPI document are served without a token")
    func system() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        try await fixture.withServer { api in
            #expect(try await api.send(.get, "/health", as: nil).json["database"] as? String == "ok")
            _ = try await api.send(.post, "/v1/ideas/nope/decisions", json: #"{"decision": "go"}"#)
            let metrics = try await api.send(.get, "/metrics", as: nil)
            #expect(metrics.text.contains("pipeline_http_requests_total"))
            #expect(metrics.text.contains("pipeline_commands_total{command=\"decide.go\",outcome=\"refused\"}"))
            let document = try await api.send(.get, "/openapi.yaml", as: nil)
            #expect(document.text.hasPrefix("openapi: 3.1.0"))
        }
    }

    @Test("pages of ideas follow the cursor, and filters apply")
    func pagination() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        try await fixture.withServer { api in
            var ids: [String] = []
            for _ in 0..<7 { ids.append(try await api.submitIdea()) }
            var seen: [String] = []
            var cursor: String?
            repeat {
                let path = "/v1/ideas?limit=3" + (cursor.map { "&cursor=\($0)" } ?? "")
                let reply = try await api.send(.get, path)
                seen += (reply.json["ideas"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                cursor = reply.json["next_cursor"] as? String
            } while cursor != nil
            #expect(Set(seen) == Set(ids))
            #expect(seen.count == 7)
            let other = try await api.send(.get, "/v1/ideas", as: .otherPractice)
            #expect((other.json["ideas"] as? [Any])?.isEmpty == true, "another organisation's proposals are invisible")
            #expect(try await api.send(.get, "/v1/ideas?stage=pilot").json["ideas"] as? [Any] != nil)
        }
    }

    @Test("a hold carries its review date: in the history, the webhook shape and the timers planned with it")
    func holdWithReviewDate() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        try await fixture.withServer { api in
            let id = try await api.submitIdea()
            let held = try await api.send(
                .post, "/v1/ideas/\(id)/decisions",
                json: #"{"decision": "hold", "reason": "subsidie", "until": "2099-03-01"}"#)
            #expect(held.status == 200, "\(held.text)")
            let history = try await api.send(.get, "/v1/ideas/\(id)/history").json["events"] as? [[String: Any]] ?? []
            let change = history.last?["data"] as? [String: Any]
            #expect(change?["until"] as? String == "2099-03-01T00:00:00.000Z")
            for (until, status) in [("2000-01-01", 422), ("morgen", 400), ("2099-02-30", 400)] {
                let id = try await api.submitIdea()
                let reply = try await api.send(
                    .post, "/v1/ideas/\(id)/decisions",
                    json: #"{"decision": "hold", "reason": "subsidie", "until": "\#(until)"}"#)
                #expect(reply.status == status, "until \(until): \(reply.text)")
            }
        }
    }
}
