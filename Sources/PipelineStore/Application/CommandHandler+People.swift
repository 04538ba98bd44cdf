import Foundation
import PipelineCore

/// The commands that name people and organisations of the register (an idea's owner, its
/// co-submitting organisations, the gatekeepers of its gate), and the look-ups of the register
/// a submission needs: each name is checked against the register here, the rules are
/// ``Access``'s and the engine's.
extension CommandHandler {
    /// Gives an idea to a person of the register to hold, as its owner: an active facilitator
    /// (``Access/ownerRefusal(_:)``). `person` is their id or e-mail address.
    @discardableResult
    public func assignOwner(
        person reference: String, on ideaID: String, actor: Actor, now: Date, expectedVersion: Int? = nil,
        receipt: Receipt? = nil
    ) async throws(CommandFailure) -> Outcome {
        _ = try await load(ideaID, actor: actor)
        try refusing { () throws(CommandError) in try Access.requireCanAssignOwner(actor) }
        let owner = try await assignee(reference)
        if let refusal = Access.ownerRefusal(owner) { throw .refused(.invalidInput(refusal)) }
        return try await execute(
            .assignOwner(owner.person), on: ideaID, actor: actor, now: now, expectedVersion: expectedVersion,
            receipt: receipt)
    }

    /// Names the organisations that co-submit an idea (registered ones, once the register has
    /// organisations), replacing the list.
    @discardableResult
    public func setCoSubmitters(
        _ organisations: [String], on ideaID: String, actor: Actor, now: Date, expectedVersion: Int? = nil,
        receipt: Receipt? = nil
    ) async throws(CommandFailure) -> Outcome {
        let loaded = try await load(ideaID, actor: actor)
        try refusing { () throws(CommandError) in try Access.requireCanSetCoSubmitters(loaded.idea, actor: actor) }
        let names = try await registeredCoSubmitters(organisations)
        return try await execute(
            .setCoSubmitters(names), on: ideaID, actor: actor, now: now, expectedVersion: expectedVersion,
            receipt: receipt)
    }

    /// Assigns people of the register to the gate of an idea's stage, replacing the list: each an
    /// active person with a role the gate asks for, not recused (``Access/gatekeeperRefusal(_:idea:gate:)``).
    /// `people` are ids or e-mail addresses.
    @discardableResult
    public func assignGatekeepers(
        _ people: [String], on ideaID: String, actor: Actor, now: Date, expectedVersion: Int? = nil,
        receipt: Receipt? = nil
    ) async throws(CommandFailure) -> Outcome {
        let loaded = try await load(ideaID, actor: actor)
        let gate = try refusing { () throws(CommandError) in
            try Access.requireCanAssignGatekeepers(actor)
            return try IdeaEngine.assignableGate(loaded.idea, workflow: loaded.workflow)
        }
        guard people.count <= IdeaEngine.maximumGatekeepers else {
            throw .refused(
                .invalidInput(.tooManyGatekeepers(max: IdeaEngine.maximumGatekeepers, count: people.count)))
        }
        var gatekeepers: [IdeaPerson] = []
        for reference in people {
            let candidate = try await assignee(reference)
            if let refusal = Access.gatekeeperRefusal(candidate, idea: loaded.idea, gate: gate) {
                throw .refused(.invalidInput(refusal))
            }
            gatekeepers.append(candidate.person)
        }
        return try await execute(
            .assignGatekeepers(gatekeepers), on: ideaID, actor: actor, now: now, expectedVersion: expectedVersion,
            receipt: receipt)
    }

    /// An idea's organisation as the register spells it. While the register has no organisations
    /// (an installation from before it, the demo), any name is taken as it is given.
    func registeredOrganisation(_ name: String) async throws(CommandFailure) -> String {
        if let found = try await storeCall({ () async throws(StoreError) in try await store.organisation(named: name) })
        {
            return found.name
        }
        guard try await storeCall({ () async throws(StoreError) in try await store.hasOrganisations() }) else {
            return name
        }
        throw .refused(.invalidInput(.organisationNotRegistered(name)))
    }

    /// The co-submitting organisations as the register spells them; any names while the
    /// register has no organisations. At most ``IdeaEngine/maximumCoSubmitters`` are looked up.
    func registeredCoSubmitters(_ names: [String]) async throws(CommandFailure) -> [String] {
        guard names.count <= IdeaEngine.maximumCoSubmitters else {
            throw .refused(
                .invalidInput(.tooManyCoSubmitters(max: IdeaEngine.maximumCoSubmitters, count: names.count)))
        }
        guard !names.isEmpty, try await storeCall({ () async throws(StoreError) in try await store.hasOrganisations() })
        else { return names }
        var registered: [String] = []
        for name in names {
            guard
                let found = try await storeCall({ () async throws(StoreError) in
                    try await store.organisation(named: name)
                })
            else {
                throw .refused(.invalidInput(.coSubmitterNotRegistered(name)))
            }
            registered.append(found.name)
        }
        return registered
    }

    /// Who holds a new idea of `region` (``IntakeOwner``).
    func intakeOwner(region: String) async throws(CommandFailure) -> IdeaPerson? {
        try await storeCall { () async throws(StoreError) in
            let facilitators = try await store.facilitators(serving: region)
            guard !facilitators.isEmpty else { return nil }
            let owned = try await store.openIdeasOwned(by: facilitators.map(\.id))
            return IntakeOwner.choose(
                facilitators.map {
                    IntakeOwner.Candidate(person: IdeaPerson(id: $0.id, name: $0.name), openIdeas: owned[$0.id] ?? 0)
                })
        }
    }

    /// A person of the register, by id or e-mail address, as the rules of assignment see them.
    private func assignee(_ reference: String) async throws(CommandFailure) -> Assignee {
        let found = try await storeCall { () async throws(StoreError) -> (PersonRecord, String?)? in
            var person = try await store.person(id: reference)
            if person == nil, reference.contains("@") { person = try await store.person(email: reference.lowercased()) }
            guard let person else { return nil }
            guard let organisationID = person.organisationID else { return (person, nil) }
            return (person, try await store.organisation(id: organisationID)?.name)
        }
        guard let (person, organisation) = found else {
            throw .refused(.invalidInput(.personNotInRegister(reference)))
        }
        return Assignee(
            person: IdeaPerson(id: person.id, name: person.name), roles: person.roles, organisation: organisation,
            active: person.active)
    }
}
