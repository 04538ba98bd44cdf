import Foundation

/// The commands about the people of an idea: its owner, its co-submitting organisations and the
/// gatekeepers assigned to its gate. Whether a person of the register fits (an active
/// facilitator, a role the gate asks for, not recused) the application layer asks ``Access``
/// before; the engine checks who may ask, when, and the shape of what is given.
extension IdeaEngine {
    /// How many organisations may co-submit one idea.
    public static let maximumCoSubmitters = 10
    /// How many people may be assigned to one gate of an idea.
    public static let maximumGatekeepers = 20

    /// The gate of the idea's stage, when it asks for approvals or a scorecard and the idea has
    /// not ended: the gate people are assigned to. Otherwise the refusal that says why nobody can be.
    public static func assignableGate(_ idea: Idea, workflow: Workflow) throws(CommandError) -> Gate {
        try requireNotClosed(idea)
        guard let stage = workflow.stage(idea.stage) else {
            throw .notAllowedNow(.stageNotInItsWorkflow(stage: idea.stage))
        }
        let gate = try currentGate(idea, stage, workflow)
        guard !gate.gatekeeperRoles.isEmpty else {
            throw .notAllowedNow(.gateAssignsNobody(gate: gate.id))
        }
        return gate
    }

    static func assignOwner(
        _ person: IdeaPerson, _ idea: Idea, actor: Actor, _ event: (Event.Change) -> Event
    ) throws(CommandError) -> [Event] {
        try Access.requireCanAssignOwner(actor)
        try requireNotClosed(idea)
        let owner = try checked(person, .owner)
        if idea.owner?.id == owner.id { return [] }
        return [event(.ownerAssigned(owner: owner, previous: idea.owner))]
    }

    static func setCoSubmitters(
        _ names: [String], _ idea: Idea, actor: Actor, _ event: (Event.Change) -> Event
    ) throws(CommandError) -> [Event] {
        try Access.requireCanSetCoSubmitters(idea, actor: actor)
        try requireNotClosed(idea)
        guard names.count <= maximumCoSubmitters else {
            throw .invalidInput(.tooManyCoSubmitters(max: maximumCoSubmitters, count: names.count))
        }
        var organisations: [String] = []
        for name in names {
            let organisation = try text(name, .coSubmittingOrganisation, limit: Registration.maximumNameLength)
            if organisation.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                throw .invalidInput(.coSubmitterControlCharacter)
            }
            let key = Registration.nameKey(organisation)
            if key == Registration.nameKey(idea.organisation) {
                throw .invalidInput(.coSubmitterIsSubmitter(organisation: idea.organisation))
            }
            if organisations.contains(where: { Registration.nameKey($0) == key }) {
                throw .invalidInput(.organisationNamedTwice(organisation))
            }
            organisations.append(organisation)
        }
        if organisations == idea.coSubmitters { return [] }
        return [event(.coSubmittersSet(organisations: organisations))]
    }

    static func assignGatekeepers(
        _ people: [IdeaPerson], _ idea: Idea, _ workflow: Workflow, actor: Actor, _ event: (Event.Change) -> Event
    ) throws(CommandError) -> [Event] {
        try Access.requireCanAssignGatekeepers(actor)
        let gate = try assignableGate(idea, workflow: workflow)
        guard people.count <= maximumGatekeepers else {
            throw .invalidInput(.tooManyGatekeepers(max: maximumGatekeepers, count: people.count))
        }
        var gatekeepers: [IdeaPerson] = []
        for person in people {
            let gatekeeper = try checked(person, .gatekeeper)
            if gatekeepers.contains(where: { $0.id == gatekeeper.id }) {
                throw .invalidInput(.gatekeeperNamedTwice(gatekeeper))
            }
            gatekeepers.append(gatekeeper)
        }
        if gatekeepers == idea.gatekeepers { return [] }
        return [event(.gatekeepersAssigned(stage: idea.stage, gate: gate.id, gatekeepers: gatekeepers))]
    }

    /// A person as an idea names them: an id and a name, each trimmed and not empty.
    private static func checked(_ person: IdeaPerson, _ what: Refusal.Subject) throws(CommandError) -> IdeaPerson {
        let id = person.id.trimmingCharacters(in: .whitespacesAndNewlines)
        let name = person.name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !id.isEmpty, !name.isEmpty else { throw .invalidInput(.personNeedsIdAndName(what)) }
        guard id.count <= 100, name.count <= Registration.maximumNameLength else {
            throw .invalidInput(.personTooLong(what, limit: Registration.maximumNameLength))
        }
        return IdeaPerson(id: id, name: name)
    }

    private static func requireNotClosed(_ idea: Idea) throws(CommandError) {
        guard !idea.isClosed else { throw .notAllowedNow(.closedPeopleFixed(status: idea.status)) }
    }
}
