import Foundation
import PipelineCore
import Testing

/// An idea's people: its owner, its co-submitting organisations and the gatekeepers assigned to
/// its gate. Who may change them, when, and what the engine refuses.
@Suite("Owner, co-submitters and assigned gatekeepers")
struct IdeaPeopleTests {
    static let fenna = IdeaPerson(id: "per_fenna", name: "Fenna de Vries")
    static let frank = IdeaPerson(id: "per_frank", name: "Frank Jansen")
    static let gerrit = IdeaPerson(id: "per_gerrit", name: "Gerrit Smit")
    static let greet = IdeaPerson(id: "per_greet", name: "Greet Mulder")

    static func submitted() throws -> EngineFixture {
        var fixture = EngineFixture()
        try fixture.submit()
        return fixture
    }

    @Test("an owner is assigned by the system at intake or by a facilitator; the same owner again is no change")
    func owner() throws {
        var fixture = try Self.submitted()
        #expect(fixture.idea?.owner == nil)
        let first = try fixture.run(.assignOwner(Self.fenna), as: .system)
        #expect(first.map(\.change) == [.ownerAssigned(owner: Self.fenna, previous: nil)])
        #expect(first.map(\.type) == ["idea.owner_assigned"])
        #expect(fixture.idea?.owner == Self.fenna)

        let version = fixture.idea?.version
        #expect(try fixture.run(.assignOwner(Self.fenna), as: EngineFixture.facilitator).isEmpty)
        #expect(fixture.idea?.version == version, "nothing happened")

        let second = try fixture.run(
            .assignOwner(IdeaPerson(id: " per_frank ", name: "Frank Jansen ")), as: EngineFixture.facilitator)
        #expect(second.map(\.change) == [.ownerAssigned(owner: Self.frank, previous: Self.fenna)], "trimmed")
        #expect(fixture.idea?.owner == Self.frank)
        let admin = Actor(name: "ada", role: "admin")
        #expect(fixture.refusal(.assignOwner(Self.fenna), as: admin) == nil)
    }

    @Test("only facilitators, admins and the system assign an owner; an owner has an id and a name")
    func ownerRefusals() throws {
        var fixture = try Self.submitted()
        for actor in [EngineFixture.practice, EngineFixture.gatekeepers[0]] {
            #expect(
                fixture.refusal(.assignOwner(Self.fenna), as: actor)
                    == .forbidden(.assignOwnerNotFacilitator))
        }
        #expect(
            fixture.refusal(.assignOwner(Self.fenna), as: EngineFixture.otherPractice) == .notFound(idea: "idea-1"))
        #expect(
            fixture.refusal(.assignOwner(IdeaPerson(id: " ", name: "Fenna")), as: EngineFixture.facilitator)
                == .invalidInput(.personNeedsIdAndName(.owner)))
        #expect(
            fixture.refusal(
                .assignOwner(IdeaPerson(id: String(repeating: "x", count: 101), name: "F")),
                as: EngineFixture.facilitator)
                == .invalidInput(.personTooLong(.owner, limit: 200)))
        try fixture.run(.decide(.kill(reason: "Dubbel")), as: EngineFixture.facilitator)
        #expect(
            fixture.refusal(.assignOwner(Self.fenna), as: EngineFixture.facilitator)
                == .notAllowedNow(.closedPeopleFixed(status: .killed)))
        #expect(fixture.idea?.owner == nil)
    }

    @Test("co-submitting organisations: named by the submitting organisation or a facilitator, the whole list")
    func coSubmitters() throws {
        var fixture = try Self.submitted()
        let events = try fixture.run(
            .setCoSubmitters(["Zorggroep Twente", " ROS Twente "]), as: EngineFixture.practice)
        #expect(events.map(\.change) == [.coSubmittersSet(organisations: ["Zorggroep Twente", "ROS Twente"])])
        #expect(fixture.idea?.coSubmitters == ["Zorggroep Twente", "ROS Twente"])
        #expect(
            try fixture.run(.setCoSubmitters(["Zorggroep Twente", "ROS Twente"]), as: EngineFixture.facilitator).isEmpty
        )
        try fixture.run(.setCoSubmitters([]), as: EngineFixture.facilitator)
        #expect(fixture.idea?.coSubmitters == [])
    }

    @Test(
        "co-submitting organisations: the submitting one, twice the same, more than ten, an empty name, the wrong people",
        arguments: [
            (["hap de linde"], Refusal.coSubmitterIsSubmitter(organisation: "HAP De Linde")),
            (["Zorggroep Twente", "ZORGGROEP twente"], .organisationNamedTwice("ZORGGROEP twente")),
            ((1...11).map { "Organisatie \($0)" }, .tooManyCoSubmitters(max: 10, count: 11)),
            (["  "], .textRequired(.coSubmittingOrganisation)),
            (["Zorggroep\u{7}Twente"], .coSubmitterControlCharacter),
        ])
    func coSubmitterRefusals(organisations: [String], refusal: Refusal) throws {
        var fixture = try Self.submitted()
        #expect(fixture.refusal(.setCoSubmitters(organisations), as: EngineFixture.practice) == .invalidInput(refusal))
        #expect(fixture.idea?.coSubmitters == [])
        #expect(fixture.idea?.version == 1, "nothing happened")
    }

    @Test("co-submitting organisations: other organisations and gatekeepers may not name them")
    func coSubmitterPeople() throws {
        var fixture = try Self.submitted()
        #expect(
            fixture.refusal(.setCoSubmitters(["Zorggroep Twente"]), as: EngineFixture.gatekeepers[0])
                == .forbidden(.coSubmittersNotAllowed))
        #expect(
            fixture.refusal(.setCoSubmitters(["Zorggroep Twente"]), as: EngineFixture.otherPractice)
                == .notFound(idea: "idea-1"))
    }

    @Test("gatekeepers are assigned to the current gate, and the assignment ends when the idea moves on or back")
    func gatekeepers() throws {
        var fixture = try RecusalTests.businessCase()
        let events = try fixture.run(.assignGatekeepers([Self.gerrit, Self.greet]), as: EngineFixture.facilitator)
        #expect(
            events.map(\.change) == [
                .gatekeepersAssigned(
                    stage: "business_case", gate: "business_case_review", gatekeepers: [Self.gerrit, Self.greet])
            ])
        #expect(fixture.idea?.gatekeepers == [Self.gerrit, Self.greet])
        #expect(
            try fixture.run(.assignGatekeepers([Self.gerrit, Self.greet]), as: EngineFixture.facilitator).isEmpty,
            "the same list is no change")
        try fixture.run(.assignGatekeepers([Self.greet]), as: EngineFixture.facilitator)
        #expect(fixture.idea?.gatekeepers == [Self.greet], "the list is replaced")

        try fixture.run(
            .decide(.recycle(to: "proposal", reason: "Doelgroep scherper")), as: EngineFixture.facilitator)
        #expect(fixture.idea?.gatekeepers == [], "recycling ends the assignment")
        try fixture.run(.assignGatekeepers([Self.fenna]), as: EngineFixture.facilitator)
        #expect(fixture.idea?.gatekeepers == [Self.fenna], "the proposal gate is approved by a facilitator")
        try fixture.run(.approve(comment: nil), as: EngineFixture.facilitator)
        try fixture.run(.decide(.go), as: EngineFixture.facilitator)
        #expect(fixture.idea?.stage == "business_case")
        #expect(fixture.idea?.gatekeepers == [], "a go ends the assignment")
    }

    @Test("an assignment of another stage does not apply to the idea")
    func staleAssignment() throws {
        let fixture = try Self.submitted()
        let idea = try #require(fixture.idea)
        let stale = Event(
            ideaID: idea.id, actor: EngineFixture.facilitator, at: fixture.now,
            change: .gatekeepersAssigned(stage: "pilot", gate: "scale_decision", gatekeepers: [Self.gerrit]))
        #expect(IdeaEngine.evolve(idea, stale)?.gatekeepers == [])
    }

    @Test("gatekeepers: facilitators only, at a gate that asks for approvals or a scorecard, each once, at most 20")
    func gatekeeperRefusals() throws {
        var fixture = try RecusalTests.businessCase()
        for actor in [EngineFixture.practice, EngineFixture.gatekeepers[0]] {
            #expect(
                fixture.refusal(.assignGatekeepers([Self.gerrit]), as: actor)
                    == .forbidden(.assignGatekeepersNotFacilitator))
        }
        #expect(
            fixture.refusal(.assignGatekeepers([Self.gerrit, Self.greet, Self.gerrit]), as: EngineFixture.facilitator)
                == .invalidInput(.gatekeeperNamedTwice(Self.gerrit)))
        let many = (1...21).map { IdeaPerson(id: "per_\($0)", name: "Poortwachter \($0)") }
        #expect(
            fixture.refusal(.assignGatekeepers(many), as: EngineFixture.facilitator)
                == .invalidInput(.tooManyGatekeepers(max: 20, count: 21)))
        #expect(
            fixture.refusal(.assignGatekeepers([IdeaPerson(id: "per_x", name: "")]), as: EngineFixture.facilitator)
                == .invalidInput(.personNeedsIdAndName(.gatekeeper)))
        #expect(fixture.idea?.gatekeepers == [])

        // A gate that asks for neither approvals nor a scorecard has nobody to assign.
        let base = EngineFixture.workflow()
        let gates = base.gates.map { gate in
            Gate(id: gate.id, name: gate.name, from: gate.from, routes: gate.routes, deliverables: gate.deliverables)
        }
        var bare = EngineFixture(
            workflow: Workflow(
                id: base.id, version: base.version, name: base.name, roles: base.roles, fields: base.fields,
                stages: base.stages, gates: gates))
        try bare.submit()
        #expect(
            bare.refusal(.assignGatekeepers([Self.gerrit]), as: EngineFixture.facilitator)
                == .notAllowedNow(.gateAssignsNobody(gate: "proposal_review")))
    }

    @Test("who may own an idea or be assigned to its gate: the rules the edges ask with people of the register")
    func eligibility() throws {
        let fixture = try RecusalTests.businessCase()
        let idea = try #require(fixture.idea)
        let gate = try IdeaEngine.assignableGate(idea, workflow: fixture.workflow)
        #expect(gate.id == "business_case_review")
        #expect(gate.gatekeeperRoles == ["facilitator", "gatekeeper"])
        func assignee(_ roles: [String], organisation: String? = nil, active: Bool = true) -> Assignee {
            Assignee(person: Self.gerrit, roles: roles, organisation: organisation, active: active)
        }
        #expect(Access.ownerRefusal(assignee(["facilitator"])) == nil)
        #expect(Access.ownerRefusal(assignee(["facilitator", "admin"])) == nil)
        #expect(
            Access.ownerRefusal(assignee(["submitter"], organisation: "HAP De Linde"))
                == .ownerNotFacilitator(Self.gerrit))
        #expect(
            Access.ownerRefusal(assignee(["facilitator"], active: false))
                == .ownerNotActive(Self.gerrit))

        #expect(
            Access.gatekeeperRefusal(assignee(["gatekeeper"], organisation: "Zorggroep Twente"), idea: idea, gate: gate)
                == nil)
        #expect(Access.gatekeeperRefusal(assignee(["facilitator"]), idea: idea, gate: gate) == nil)
        #expect(
            Access.gatekeeperRefusal(assignee(["submitter"]), idea: idea, gate: gate)
                == .gatekeeperWrongRole(
                    Self.gerrit, roles: ["facilitator", "gatekeeper"], gate: "business_case_review"))
        #expect(
            Access.gatekeeperRefusal(assignee(["gatekeeper"], active: false), idea: idea, gate: gate)
                == .gatekeeperNotActive(Self.gerrit))
        #expect(
            Access.gatekeeperRefusal(assignee(["gatekeeper"], organisation: "hap de linde"), idea: idea, gate: gate)
                == .gatekeeperRecused(Self.gerrit, recusal: .submitting("hap de linde"), gate: "business_case_review"))
    }

    @Test("the intake owner: the facilitator holding the fewest open ideas; on a tie by name, then id")
    func intakeOwner() {
        func candidate(_ id: String, _ name: String, _ open: Int) -> IntakeOwner.Candidate {
            IntakeOwner.Candidate(person: IdeaPerson(id: id, name: name), openIdeas: open)
        }
        #expect(IntakeOwner.choose([]) == nil)
        #expect(
            IntakeOwner.choose([candidate("per_a", "Anna", 3), candidate("per_b", "Bart", 1)])?.id == "per_b")
        #expect(
            IntakeOwner.choose([candidate("per_b", "Bart", 1), candidate("per_a", "Anna", 1)])?.id == "per_a")
        #expect(
            IntakeOwner.choose([candidate("per_z", "Anna", 0), candidate("per_y", "Anna", 0)])?.id == "per_y")
    }

    @Test("a state stored before owners decodes with no owner, co-submitters or gatekeepers")
    func olderState() throws {
        var fixture = try Self.submitted()
        try fixture.run(.assignOwner(Self.fenna), as: .system)
        try fixture.run(.setCoSubmitters(["ROS Twente"]), as: EngineFixture.practice)
        let idea = try #require(fixture.idea)
        var object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(idea)) as? [String: Any])
        #expect(object["owner"] != nil)
        object["owner"] = nil
        object["coSubmitters"] = nil
        object["gatekeepers"] = nil
        let older = try JSONDecoder().decode(Idea.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(older.owner == nil)
        #expect(older.coSubmitters == [])
        #expect(older.gatekeepers == [])
        #expect(older.title == "Regionale stagedesk")
    }
}
