import PipelineCore
import Testing

/// Recusal: people of the submitting organisation neither approve nor score its idea.
@Suite("Recusal")
struct RecusalTests {
    static let ownGatekeeper = Actor(name: "gea", role: "gatekeeper", organisation: "HAP De Linde")
    static let otherGatekeeper = Actor(name: "gijs", role: "gatekeeper", organisation: "Zorggroep Twente")

    /// An idea of HAP De Linde whose business case is filled in and approved by the facilitator.
    static func businessCase(_ workflow: Workflow = EngineFixture.workflow()) throws -> EngineFixture {
        var fixture = EngineFixture(workflow: workflow)
        try fixture.submit()
        try fixture.passProposal()
        try fixture.fillBusinessCase()
        return fixture
    }

    @Test("a gatekeeper of the submitting organisation may not score; one of another organisation may")
    func scoring() throws {
        var fixture = try Self.businessCase()
        let scores = ["impact": 4, "feasibility": 4, "scalability": 4, "value": 4]
        #expect(
            fixture.refusal(.review(scores: scores, comment: "Eigen idee"), as: Self.ownGatekeeper)
                == .forbidden(
                    "gea belongs to HAP De Linde, which submitted this idea, and so does not score at gate 'business_case_review' (recusal)"
                ))
        #expect(fixture.idea?.reviews.isEmpty == true, "nothing was recorded")
        #expect(fixture.refusal(.review(scores: scores, comment: "Sterk"), as: Self.otherGatekeeper) == nil)
        #expect(fixture.idea?.reviews.map(\.person) == ["gijs"], "only the eligible review counts")
    }

    @Test("a gatekeeper of the submitting organisation may not approve the pilot gate")
    func approving() throws {
        var fixture = try Self.businessCase()
        try fixture.passBusinessCase()
        #expect(fixture.idea?.stage == "pilot")
        #expect(
            fixture.refusal(.approve(comment: nil), as: Self.ownGatekeeper)
                == .forbidden(
                    "gea belongs to HAP De Linde, which submitted this idea, and so does not approve at gate 'scale_decision' (recusal)"
                ))
        #expect(fixture.refusal(.approve(comment: nil), as: Self.otherGatekeeper) == nil)
        #expect(fixture.idea?.approvals.map(\.person) == ["gijs"])
    }

    @Test("a gate with recusal: false lets them")
    func turnedOff() throws {
        let base = EngineFixture.workflow()
        let gates = base.gates.map { gate in
            Gate(
                id: gate.id, name: gate.name, description: gate.description, from: gate.from, routes: gate.routes,
                deliverables: gate.deliverables, mustMeet: gate.mustMeet, approvals: gate.approvals,
                scorecard: gate.scorecard, conditionalGo: gate.conditionalGo, maxConditions: gate.maxConditions,
                recusal: false)
        }
        let workflow = Workflow(
            id: base.id, version: base.version, name: base.name, roles: base.roles, fields: base.fields,
            stages: base.stages, gates: gates)
        var fixture = try Self.businessCase(workflow)
        let scores = ["impact": 4, "feasibility": 4, "scalability": 4, "value": 4]
        #expect(fixture.refusal(.review(scores: scores, comment: "Eigen idee"), as: Self.ownGatekeeper) == nil)
    }
}
