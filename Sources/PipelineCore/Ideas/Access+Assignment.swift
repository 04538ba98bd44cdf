/// Who may hold an idea and who may be assigned to its gate, and who may change either. The
/// application layer asks these with people of the register (``Assignee``) before it runs the
/// command, and the pages ask them to offer only who fits; the engine itself knows people only by
/// id and name.
extension Access {
    /// Facilitators and admins give an idea an owner; so does the pipeline itself at intake.
    public static func requireCanAssignOwner(_ actor: Actor) throws(CommandError) {
        guard actor.runsPipeline || actor.isSystem else { throw .forbidden(.assignOwnerNotFacilitator) }
    }

    /// Facilitators and admins, and submitters of the submitting organisation, name the
    /// organisations that co-submit an idea.
    public static func requireCanSetCoSubmitters(_ idea: Idea, actor: Actor) throws(CommandError) {
        if actor.runsPipeline { return }
        guard actor.role == Actor.submitter, actor.organisation == idea.organisation else {
            throw .forbidden(.coSubmittersNotAllowed)
        }
    }

    /// Facilitators and admins assign gatekeepers.
    public static func requireCanAssignGatekeepers(_ actor: Actor) throws(CommandError) {
        guard actor.runsPipeline else { throw .forbidden(.assignGatekeepersNotFacilitator) }
    }

    /// Why `candidate` may not hold an idea, or `nil` when they may: an idea's owner is an active
    /// facilitator of the register.
    public static func ownerRefusal(_ candidate: Assignee) -> Refusal? {
        guard candidate.active else { return .ownerNotActive(candidate.person) }
        guard candidate.roles.contains(Actor.facilitator) else { return .ownerNotFacilitator(candidate.person) }
        return nil
    }

    /// Why `candidate` may not be assigned to `gate`, the gate of `idea`'s stage, or `nil` when
    /// they may: an active person who holds a role the gate asks for (approvals or scorecard), and
    /// who is not recused (see ``recusal(of:from:at:)``).
    public static func gatekeeperRefusal(_ candidate: Assignee, idea: Idea, gate: Gate) -> Refusal? {
        guard candidate.active else { return .gatekeeperNotActive(candidate.person) }
        let roles = gate.gatekeeperRoles
        guard candidate.roles.contains(where: roles.contains) else {
            return .gatekeeperWrongRole(candidate.person, roles: roles, gate: gate.id)
        }
        if let recusal = recusal(of: candidate.organisation, from: idea, at: gate) {
            return .gatekeeperRecused(candidate.person, recusal: recusal, gate: gate.id)
        }
        return nil
    }
}

/// A person of the people register as the rules of owners and gatekeepers see them: who they
/// are, their roles, their organisation's name and whether they are active.
public struct Assignee: Sendable, Hashable {
    public let person: IdeaPerson
    public let roles: [String]
    /// Their organisation's name, as ideas name organisations.
    public let organisation: String?
    public let active: Bool

    public init(person: IdeaPerson, roles: [String], organisation: String?, active: Bool) {
        self.person = person
        self.roles = roles
        self.organisation = organisation
        self.active = active
    }
}
