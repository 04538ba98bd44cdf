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
                    .recused(
                        person: "gea", recusal: .submitting("HAP De Linde"), action: .score,
                        gate: "business_case_review")))
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
                    .recused(
                        person: "gea", recusal: .submitting("HAP De Linde"), action: .approve, gate: "scale_decision")))
        #expect(fixture.refusal(.approve(comment: nil), as: Self.otherGatekeeper) == nil)
        #expect(fixture.idea?.approvals.map(\.person) == ["gijs"])
    }

    @Test("a gatekeeper of a co-submitting organisation may neither score nor approve; the reason names it")
    func coSubmitting() throws {
        var fixture = try Self.businessCase()
        try fixture.run(.setCoSubmitters(["Zorggroep Twente"]), as: EngineFixture.practice)
        let scores = ["impact": 4, "feasibility": 4, "scalability": 4, "value": 4]
        #expect(
            fixture.refusal(.review(scores: scores, comment: "Sterk"), as: Self.otherGatekeeper)
                == .forbidden(
                    .recused(
                        person: "gijs", recusal: .coSubmitting("Zorggroep Twente"), action: .score,
                        gate: "business_case_review")))
        #expect(fixture.idea?.reviews.isEmpty == true)
        try fixture.run(.setCoSubmitters([]), as: EngineFixture.practice)
        try fixture.passBusinessCase()
        try fixture.run(.setCoSubmitters(["ZORGGROEP TWENTE"]), as: EngineFixture.facilitator)
        #expect(
            fixture.refusal(.approve(comment: nil), as: Self.otherGatekeeper)
                == .forbidden(
                    .recused(
                        person: "gijs", recusal: .coSubmitting("Zorggroep Twente"), action: .approve,
                        gate: "scale_decision")), "whatever the case of the name")
    }

    @Test("the quorum counts only eligible people: an organisation named co-submitter later no longer counts")
    func quorum() throws {
        var fixture = try Self.businessCase()
        try fixture.run(.approve(comment: nil), as: EngineFixture.facilitator)
        let third = Actor(name: "gea", role: "gatekeeper", organisation: "ROS Twente")
        for gatekeeper in [EngineFixture.gatekeepers[0], EngineFixture.gatekeepers[1], third] {
            try fixture.review(as: gatekeeper, score: 4)
        }
        let gate = try #require(fixture.workflow.gate("business_case_review"))
        func scorecard() throws -> (holds: Bool, reviews: Int) {
            let idea = try #require(fixture.idea)
            let check = try #require(GateEvaluation.evaluate(gate, idea: idea).checks.last)
            guard case .scorecard(let reviews, _, _, _) = check.detail else { return (check.holds, -1) }
            return (check.holds, reviews)
        }
        #expect(try scorecard() == (true, 3))
        try fixture.run(.setCoSubmitters(["ROS Twente"]), as: EngineFixture.practice)
        #expect(try scorecard() == (false, 2), "three reviews given, two count")
        #expect(fixture.idea?.reviews.count == 3, "the review itself stays")
        guard case .gateNotMet? = fixture.refusal(.decide(.go), as: EngineFixture.facilitator) else {
            Issue.record("a go is refused while the quorum is not met")
            return
        }
        try fixture.run(.setCoSubmitters([]), as: EngineFixture.practice)
        #expect(try scorecard() == (true, 3), "once it no longer co-submits, its people count again")
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
        try fixture.run(.setCoSubmitters(["Zorggroep Twente"]), as: EngineFixture.practice)
        #expect(fixture.refusal(.review(scores: scores, comment: "Mede-indiener"), as: Self.otherGatekeeper) == nil)
        let gate = try #require(workflow.gate("business_case_review"))
        let evaluation = GateEvaluation.evaluate(gate, idea: try #require(fixture.idea))
        guard case .scorecard(let reviews, _, _, _)? = evaluation.checks.last?.detail else {
            Issue.record("the gate has a scorecard")
            return
        }
        #expect(reviews == 2, "both count")
    }
}
