import Foundation
import PipelineCore
import Testing

/// Who hears of what, by audience: decided from a command's events like its timers.
@Suite("Notices")
struct NoticeTests {
    static let linde = Notice.Audience.organisation("HAP De Linde")
    static let twente = Notice.Audience.facilitators(region: "Twente")

    /// The notices of the last command run on the fixture.
    static func notices(_ fixture: inout EngineFixture, _ command: Command, as actor: Actor) throws -> [String] {
        let events = try fixture.run(command, as: actor)
        let idea = try #require(fixture.idea)
        return IdeaEngine.notices(after: events, idea: idea, workflow: fixture.workflow).map(Self.describe)
    }

    static func describe(_ notice: Notice) -> String {
        let audience: String
        switch notice.audience {
        case .organisation(let name): audience = "org \(name)"
        case .role(let role): audience = "role \(role)"
        case .facilitators(let region): audience = "facilitators \(region)"
        case .person(let id): audience = "person \(id)"
        }
        return "\(notice.topic.rawValue) -> \(audience)" + (notice.excluding.map { " (not \($0))" } ?? "")
    }

    @Test("a go tells the organisation and the region's facilitators, and the next gate's roles that it waits")
    func go() throws {
        var fixture = EngineFixture()
        try fixture.submit()
        #expect(
            try Self.notices(&fixture, .comment("Graag feedback"), as: EngineFixture.practice) == [
                "comment -> org HAP De Linde (not anna)", "comment -> facilitators Twente (not anna)",
            ])
        try fixture.run(
            .updateFields([
                "problem": .text("Te weinig stageplaatsen"), "partners": .list([.text("mbo")]),
            ]), as: EngineFixture.practice)
        #expect(try Self.notices(&fixture, .approve(comment: nil), as: EngineFixture.facilitator) == [])
        #expect(
            try Self.notices(&fixture, .decide(.go), as: EngineFixture.facilitator) == [
                "decision -> org HAP De Linde (not fenna)", "decision -> facilitators Twente (not fenna)",
                "gate_waiting -> role gatekeeper (not fenna)",
            ])
    }

    @Test("a hold, a recycle and a stop are decisions for the organisation; field changes tell nobody")
    func decisions() throws {
        var fixture = EngineFixture()
        try fixture.submit()
        #expect(
            try Self.notices(&fixture, .updateFields(["problem": .text("x")]), as: EngineFixture.practice) == [])
        let hold = Command.decide(.hold(reason: "Subsidie", until: fixture.now + 86_400 * 30))
        #expect(
            try Self.notices(&fixture, hold, as: EngineFixture.facilitator).first
                == "decision -> org HAP De Linde (not fenna)")
        try fixture.run(.decide(.resume), as: EngineFixture.facilitator)
        #expect(
            try Self.notices(&fixture, .decide(.kill(reason: "Dubbel")), as: EngineFixture.facilitator).count == 2)
    }

    @Test("an owner hears of their assignment, and beside the region's facilitators of decisions and comments")
    func owner() throws {
        var fixture = EngineFixture()
        try fixture.submit()
        let fenna = IdeaPerson(id: "per_fenna", name: "fenna")
        #expect(try Self.notices(&fixture, .assignOwner(fenna), as: .system) == ["owner_assigned -> person per_fenna"])
        let frank = IdeaPerson(id: "per_frank", name: "frank")
        #expect(
            try Self.notices(&fixture, .assignOwner(frank), as: EngineFixture.facilitator)
                == ["owner_assigned -> person per_frank (not fenna)"], "the previous owner is not told")
        #expect(
            try Self.notices(&fixture, .comment("Graag feedback"), as: EngineFixture.practice) == [
                "comment -> org HAP De Linde (not anna)", "comment -> facilitators Twente (not anna)",
                "comment -> person per_frank (not anna)",
            ])
        #expect(try Self.notices(&fixture, .setCoSubmitters(["ROS Twente"]), as: EngineFixture.practice) == [])
        let hold = Command.decide(.hold(reason: "Subsidie", until: fixture.now + 86_400 * 30))
        #expect(
            try Self.notices(&fixture, hold, as: EngineFixture.facilitator) == [
                "decision -> org HAP De Linde (not fenna)", "decision -> facilitators Twente (not fenna)",
                "decision -> person per_frank (not fenna)",
            ])
        let idea = try #require(fixture.idea)
        let overdue = Event(
            ideaID: idea.id, actor: .system, at: fixture.now,
            change: .holdReviewDue(until: fixture.now, resumes: false))
        #expect(
            IdeaEngine.notices(after: [overdue], idea: idea, workflow: fixture.workflow).map(Self.describe) == [
                "hold_review_due -> facilitators Twente", "hold_review_due -> person per_frank",
            ])
    }

    @Test("assigned gatekeepers hear of it, each; the gate's roles are still told when the idea enters the stage")
    func gatekeepers() throws {
        var fixture = EngineFixture()
        try fixture.submit()
        try fixture.passProposal()
        let assigned = [IdeaPerson(id: "per_gerrit", name: "gerrit"), IdeaPerson(id: "per_fenna", name: "fenna")]
        #expect(
            try Self.notices(&fixture, .assignGatekeepers(assigned), as: EngineFixture.facilitator) == [
                "gatekeeper_assigned -> person per_gerrit (not fenna)",
                "gatekeeper_assigned -> person per_fenna (not fenna)",
            ])
        #expect(try Self.notices(&fixture, .assignGatekeepers([]), as: EngineFixture.facilitator) == [])
    }

    @Test("timers: a reminder reaches whom the idea waits for, an escalation its role, the system is never excluded")
    func timers() {
        let submitted = Event(
            ideaID: "i", actor: EngineFixture.practice, at: Date(timeIntervalSince1970: 0),
            change: .submitted(
                workflowID: "primary-care-innovation", workflowVersion: 1, organisation: "HAP De Linde",
                region: "Twente", stage: "business_case", fields: [:]))
        let idea = IdeaEngine.evolve(nil, submitted)!
        let at = Date(timeIntervalSince1970: 86_400)
        func notices(_ change: Event.Change) -> [String] {
            IdeaEngine.notices(
                after: [Event(ideaID: "i", actor: .system, at: at, change: change)], idea: idea,
                workflow: EngineFixture.workflow()
            ).map(Self.describe)
        }
        #expect(
            notices(
                .slaReminder(
                    stage: "business_case", enteredAt: at, waitingFor: ["submitter", "gatekeeper", "facilitator"]))
                == [
                    "sla_reminder -> org HAP De Linde", "sla_reminder -> role gatekeeper",
                    "sla_reminder -> facilitators Twente",
                ])
        #expect(
            notices(.slaEscalated(stage: "business_case", enteredAt: at, escalateTo: "programme_lead"))
                == ["sla_escalated -> role programme_lead"])
        #expect(
            notices(.slaEscalated(stage: "business_case", enteredAt: at, escalateTo: "facilitator"))
                == ["sla_escalated -> facilitators Twente"])
        #expect(
            notices(.autoHeld(stage: "business_case", reason: "SLA", until: at)) == [
                "decision -> org HAP De Linde", "decision -> facilitators Twente",
            ])
        #expect(
            notices(.conditionOverdue(number: 1, text: "DPIA", due: at)) == ["condition_overdue -> facilitators Twente"]
        )
        #expect(notices(.holdReviewDue(until: at, resumes: false)) == ["hold_review_due -> facilitators Twente"])
    }
}
