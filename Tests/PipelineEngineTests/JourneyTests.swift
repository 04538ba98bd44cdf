import Foundation
import PipelineCore
import Testing

@Suite("The journey of an idea through the main workflow")
struct JourneyTests {
    @Test("proposal to national implementation to completed")
    func toNational() throws {
        var fixture = EngineFixture()
        try fixture.submit()
        #expect(fixture.idea?.stage == "proposal")
        #expect(fixture.idea?.version == 1)
        try fixture.passProposal()
        #expect(fixture.idea?.stage == "business_case")
        try fixture.passBusinessCase()
        #expect(fixture.idea?.stage == "pilot")
        try fixture.passPilot(scale: "nationaal", regions: 7)
        #expect(fixture.idea?.stage == "national_implementation")
        try fixture.run(
            .updateFields(["implementation_plan_url": .text("https://example.org/plan")]), as: EngineFixture.practice)
        try fixture.run(.approve(comment: nil), as: EngineFixture.facilitator)
        try fixture.run(.approve(comment: nil), as: EngineFixture.gatekeepers[2])
        let events = try fixture.run(.decide(.go), as: EngineFixture.facilitator)
        #expect(events.map(\.type) == ["idea.advanced", "idea.completed"])
        #expect(fixture.idea?.stage == "completed")
        #expect(fixture.idea?.status == .completed)
        #expect(fixture.idea?.workflowID == "primary-care-innovation")
        #expect(fixture.idea?.workflowVersion == 1)
    }

    @Test("a regional pilot goes to regional implementation; the national go waits until five regions are live")
    func regional() throws {
        var fixture = EngineFixture()
        try fixture.submit()
        try fixture.passProposal()
        try fixture.passBusinessCase()
        try fixture.passPilot(scale: "nationaal", regions: 2)
        #expect(fixture.idea?.stage == "regional_implementation", "too few regions for national: the fallback route")
        try fixture.run(
            .updateFields(["implementation_plan_url": .text("https://example.org/plan")]), as: EngineFixture.practice)
        try fixture.run(.approve(comment: nil), as: EngineFixture.facilitator)

        // Without a roll-up (nobody read the implementations) the rule cannot hold.
        #expect(fixture.refusal(.decide(.go), as: EngineFixture.facilitator) != nil)
        var rollup = AdoptionRollup()
        rollup.live = 4
        rollup.adopting = 3
        fixture.idea?.adoptions = rollup
        let refusal = fixture.refusal(.decide(.go), as: EngineFixture.facilitator)
        guard case .gateNotMet(let evaluation)? = refusal else {
            Issue.record("four live regions are not five, but: \(String(describing: refusal))")
            return
        }
        #expect(evaluation.failures.map(\.subject) == ["Minstens vijf andere regio's zijn live"])
        #expect(evaluation.failures.first?.explanation.contains("adoptions.live") == true)
        #expect(fixture.idea?.stage == "regional_implementation")
        rollup.live = 5
        fixture.idea?.adoptions = rollup
        let events = try fixture.run(.decide(.go), as: EngineFixture.facilitator)
        #expect(events.map(\.type) == ["idea.advanced"])
        #expect(fixture.idea?.stage == "national_implementation")
    }

    @Test("kill stops the idea in the stopped stage; hold and resume pause it")
    func killHoldResume() throws {
        var fixture = EngineFixture()
        try fixture.submit()
        try fixture.run(
            .decide(.hold(reason: "wacht op subsidieronde", until: fixture.now.addingTimeInterval(30 * 86_400))),
            as: EngineFixture.facilitator)
        #expect(fixture.idea?.status == .onHold)
        #expect(
            fixture.refusal(.decide(.go), as: EngineFixture.facilitator)
                == .notAllowedNow(.onHold(before: .decideGo)))
        #expect(fixture.refusal(.updateFields(["problem": .text("x")]), as: EngineFixture.practice) != nil)
        try fixture.run(.decide(.resume), as: EngineFixture.facilitator)
        #expect(fixture.idea?.status == .active)
        #expect(
            fixture.refusal(.decide(.resume), as: EngineFixture.facilitator)
                == .notAllowedNow(.notOnHold(status: .active)))
        let events = try fixture.run(.decide(.kill(reason: "dubbel met een ander idee")), as: EngineFixture.facilitator)
        #expect(events.map(\.type) == ["idea.killed"])
        #expect(fixture.idea?.status == .killed)
        #expect(fixture.idea?.stage == "stopped")
        #expect(fixture.refusal(.decide(.go), as: EngineFixture.facilitator) != nil)
        #expect(
            fixture.refusal(.decide(.kill(reason: "again")), as: EngineFixture.facilitator)
                == .notAllowedNow(.alreadyClosed(status: .killed)))
    }

    @Test("every event counts in the version; comments too")
    func versions() throws {
        var fixture = EngineFixture()
        try fixture.submit()
        try fixture.run(.comment("Mooi idee!"), as: EngineFixture.facilitator)
        #expect(fixture.idea?.version == 2)
        // Setting a field to the value it has records nothing.
        let events = try fixture.run(.updateFields(["title": .text("Regionale stagedesk")]), as: EngineFixture.practice)
        #expect(events.isEmpty)
        #expect(fixture.idea?.version == 2)
    }

    @Test("the quick-wins workflow runs too")
    func quickWins() throws {
        var fixture = EngineFixture("quick-wins.yml")
        try fixture.run(
            .submit(
                id: "q1", organisation: "HAP De Linde", region: "Utrecht en omgeving",
                fields: [
                    "title": .text("Terugbelblokken"), "summary": .text("Vaste terugbelblokken"),
                    "cost_eur": .number(300),
                ]),
            as: EngineFixture.practice)
        try fixture.run(.approve(comment: nil), as: EngineFixture.facilitator)
        try fixture.run(.decide(.go), as: EngineFixture.facilitator)
        try fixture.run(.updateFields(["hours_saved_per_week": .number(3)]), as: EngineFixture.practice)
        try fixture.run(.approve(comment: nil), as: EngineFixture.facilitator)
        try fixture.run(.decide(.go), as: EngineFixture.facilitator)
        #expect(fixture.idea?.status == .completed)
        #expect(fixture.idea?.stage == "adopted")
    }
}
