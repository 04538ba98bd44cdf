import PipelineCore
import Testing

@Suite("Gates refuse with the right explanation")
struct GateRefusalTests {
    func goRefusal(_ fixture: inout EngineFixture) -> [String] {
        guard case .gateNotMet(let evaluation)? = fixture.refusal(.decide(.go), as: EngineFixture.facilitator) else {
            Issue.record("go was not refused with a gate evaluation")
            return []
        }
        return evaluation.failures.map(\.explanation)
    }

    @Test("a fresh proposal misses its deliverables and approval")
    func proposal() throws {
        var fixture = EngineFixture()
        try fixture.submit()
        #expect(
            goRefusal(&fixture) == ["problem is missing", "partners is missing", "0 of 1 approval from facilitator"])
        #expect(fixture.idea?.stage == "proposal", "a refused go changes nothing")
    }

    @Test("a must-meet rule says the value and the bound")
    func mustMeet() throws {
        var fixture = EngineFixture()
        try fixture.submit()
        try fixture.run(.updateFields(["summary": .text("Te kort")]), as: EngineFixture.practice)
        try fixture.run(
            .updateFields(["problem": .text("Tekort"), "partners": .list([.text("mbo")])]), as: EngineFixture.practice)
        try fixture.run(.approve(comment: nil), as: EngineFixture.facilitator)
        #expect(goRefusal(&fixture) == ["len(summary) is 7, must be >= 100"])
        guard case .gateNotMet(let evaluation)? = fixture.refusal(.decide(.go), as: EngineFixture.facilitator) else {
            Issue.record("expected a refusal")
            return
        }
        #expect(evaluation.failures.first?.subject == "Samenvatting van minstens 100 tekens")
    }

    @Test("the business case: cost without subsidy, missing privacy check, approvals, scorecard")
    func businessCase() throws {
        var fixture = EngineFixture()
        try fixture.submit()
        try fixture.passProposal()
        try fixture.fillBusinessCase(cost: 310_000)
        try fixture.run(.updateFields(["privacy_checked": .boolean(false)]), as: EngineFixture.practice)
        #expect(
            goRefusal(&fixture) == [
                "none of: cost_eur is 310000, must be <= 250000, or funding is \"eigen_middelen\", must be == \"subsidie\"",
                "privacy_checked is false, must be == true",
                "0 of 1 approval from facilitator",
                "0 of 3 reviews by gatekeeper, pass mark 3.5",
            ])
        try fixture.run(
            .updateFields(["funding": .text("subsidie"), "privacy_checked": .boolean(true)]), as: EngineFixture.practice
        )
        try fixture.run(.approve(comment: nil), as: EngineFixture.facilitator)
        try fixture.review(as: EngineFixture.gatekeepers[0], score: 3)
        try fixture.review(as: EngineFixture.gatekeepers[1], score: 4)
        #expect(goRefusal(&fixture) == ["2 of 3 reviews by gatekeeper, average 3.5, pass mark 3.5"])
        try fixture.review(as: EngineFixture.gatekeepers[2], score: 2)
        #expect(goRefusal(&fixture) == ["3 of 3 reviews by gatekeeper, average 3, pass mark 3.5"])
        // A person's new review replaces their earlier one.
        try fixture.review(as: EngineFixture.gatekeepers[2], score: 5)
        #expect(fixture.idea?.reviews.count == 3)
        try fixture.run(.decide(.go), as: EngineFixture.facilitator)
        #expect(fixture.idea?.stage == "pilot")
    }

    @Test("weighted scores: impact counts three times, value once")
    func weightedAverage() throws {
        var fixture = EngineFixture()
        try fixture.submit()
        try fixture.passProposal()
        try fixture.fillBusinessCase()
        try fixture.run(.approve(comment: nil), as: EngineFixture.facilitator)
        for gatekeeper in EngineFixture.gatekeepers {
            try fixture.run(
                .review(scores: ["impact": 2, "feasibility": 4, "scalability": 4, "value": 5], comment: "ok"),
                as: gatekeeper)
        }
        // (2*3 + 4*2 + 4*2 + 5*1) / 8 = 27 / 8 = 3.375
        #expect(fixture.failures == ["3 of 3 reviews by gatekeeper, average 3.4, pass mark 3.5"])
    }

    @Test("the pilot gate: missing results, low satisfaction and a quorum of two gatekeepers")
    func pilot() throws {
        var fixture = EngineFixture()
        try fixture.submit()
        try fixture.passProposal()
        try fixture.passBusinessCase()
        #expect(
            goRefusal(&fixture) == [
                "pilot_participants is missing", "pilot_satisfaction is missing", "pilot_report_url is missing",
                "scale is missing", "pilot_satisfaction is not set", "pilot_participants is not set",
                "pilot_hours_saved is not set", "0 of 1 approval from facilitator", "0 of 2 approvals from gatekeeper",
            ])
        try fixture.fillPilot(scale: "regionaal", regions: 1)
        try fixture.run(.updateFields(["pilot_satisfaction": .number(6.5)]), as: EngineFixture.practice)
        try fixture.run(.approve(comment: nil), as: EngineFixture.facilitator)
        try fixture.run(.approve(comment: nil), as: EngineFixture.gatekeepers[0])
        #expect(
            goRefusal(&fixture) == [
                "pilot_satisfaction is 6.5, must be >= 7", "1 of 2 approvals from gatekeeper",
            ])
    }

    @Test("approvals count distinct people; one person cannot approve twice")
    func distinctApprovals() throws {
        var fixture = EngineFixture()
        try fixture.submit()
        try fixture.passProposal()
        try fixture.passBusinessCase()
        try fixture.run(.approve(comment: nil), as: EngineFixture.gatekeepers[0])
        #expect(
            fixture.refusal(.approve(comment: nil), as: EngineFixture.gatekeepers[0])
                == .notAllowedNow(.alreadyApproved(person: "gerrit", gate: "scale_decision")))
    }

    @Test("recycle sends the idea back and resets approvals and reviews of the stage")
    func recycleResets() throws {
        var fixture = EngineFixture()
        try fixture.submit()
        try fixture.passProposal()
        try fixture.fillBusinessCase()
        try fixture.run(.approve(comment: nil), as: EngineFixture.facilitator)
        try fixture.review(as: EngineFixture.gatekeepers[0], score: 5)
        try fixture.run(
            .decide(.recycle(to: "proposal", reason: "Probleem scherper maken")), as: EngineFixture.facilitator)
        #expect(fixture.idea?.stage == "proposal")
        #expect(fixture.idea?.approvals.isEmpty == true)
        #expect(fixture.idea?.reviews.isEmpty == true)
        #expect(
            fixture.failures == ["0 of 1 approval from facilitator"],
            "the proposal's approval was given before: it no longer counts")
        try fixture.run(.approve(comment: nil), as: EngineFixture.facilitator)
        try fixture.run(.decide(.go), as: EngineFixture.facilitator)
        #expect(fixture.failures.contains("0 of 1 approval from facilitator"), "business case approvals start afresh")
        #expect(fixture.failures.contains("0 of 3 reviews by gatekeeper, pass mark 3.5"))
    }

    @Test("recycle only goes back, with a reason")
    func recycleRules() throws {
        var fixture = EngineFixture()
        try fixture.submit()
        #expect(
            fixture.refusal(.decide(.recycle(to: "pilot", reason: "x")), as: EngineFixture.facilitator)
                == .invalidInput(.recycleNoneEarlier(stage: "proposal")))
        try fixture.passProposal()
        #expect(
            fixture.refusal(.decide(.recycle(to: "proposal", reason: "  ")), as: EngineFixture.facilitator)
                == .invalidInput(.textRequired(.reason)))
        #expect(
            fixture.refusal(.decide(.recycle(to: "nowhere", reason: "x")), as: EngineFixture.facilitator)
                == .invalidInput(.recycleUnknownStage("nowhere")))
    }

    @Test("scores must cover every criterion within the scale")
    func scoreValidation() throws {
        var fixture = EngineFixture()
        try fixture.submit()
        try fixture.passProposal()
        let gatekeeper = EngineFixture.gatekeepers[0]
        #expect(
            fixture.refusal(.review(scores: ["impact": 4], comment: "ok"), as: gatekeeper)
                == .invalidInput(.criteriaMissing(["feasibility", "scalability", "value"])))
        #expect(
            fixture.refusal(
                .review(scores: ["impact": 6, "feasibility": 1, "scalability": 1, "value": 1], comment: "ok"),
                as: gatekeeper)
                == .invalidInput(.scoreOutOfScale(score: 6, criterion: "impact", scale: 1...5)))
        #expect(
            fixture.refusal(
                .review(scores: ["impact": 1, "feasibility": 1, "scalability": 1, "value": 1, "x": 1], comment: "ok"),
                as: gatekeeper)
                == .invalidInput(.unknownCriterion("x", criteria: ["impact", "feasibility", "scalability", "value"])))
    }
}
