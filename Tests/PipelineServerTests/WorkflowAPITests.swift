import Foundation
import HTTPTypes
import PipelineTestSupport
import Testing

@Suite("Workflows over the API")
struct WorkflowAPITests {
    @Test("a workflow's JSON shows the SLA ladder, on_review and conditional go")
    func ladderAndConditionalGo() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        try await fixture.withServer { api in
            let reply = try await api.send(.get, "/v1/workflows/primary-care-innovation", as: .practice)
            #expect(reply.status == 200)
            let stages = try #require(reply.json["stages"] as? [[String: Any]])
            let stage = { (id: String) in stages.first { $0["id"] as? String == id } ?? [:] }

            let businessCase = stage("business_case")
            #expect(businessCase["sla"] as? String == "60d", "the first step is the mark")
            #expect(
                businessCase["sla_ladder"] as? [String: String] == ["remind": "60d", "escalate": "75d", "hold": "90d"])
            #expect(businessCase["on_review"] as? String == "notify")
            #expect(stage("proposal")["sla"] as? String == "30d")
            #expect(stage("proposal")["sla_ladder"] == nil, "a bare sla has no ladder")
            #expect(stage("pilot")["on_review"] as? String == "notify", "the default")
            #expect(stage("completed")["on_review"] == nil, "nothing is held in an end state")

            let gates = try #require(reply.json["gates"] as? [[String: Any]])
            let gate = { (id: String) in gates.first { $0["id"] as? String == id } ?? [:] }
            #expect(gate("business_case_review")["conditional_go"] as? Bool == true)
            #expect(gate("business_case_review")["max_conditions"] as? Int == 5)
            #expect(gate("proposal_review")["conditional_go"] as? Bool == false)
            #expect(gate("proposal_review")["max_conditions"] == nil)
        }
    }
}
