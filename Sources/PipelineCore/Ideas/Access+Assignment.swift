/// Who may hold an idea and who may be assigned to its gate, and who may change either. The
/// application layer asks these with people of the register (``Assignee``) before it runs the
/// command, and the pages ask them to offer only who fits; the engine itself knows people only by
/// id and name.
extension Access {
    /// Facilitators and admins give an idea an owner; so does the pipeline itself at intake.
    public static func requireCanAssignOwner(_ actor: Actor) throws(CommandError) {
        guard actor.runsPipeline || actor.isSystem else { throw .forbidden("only facilitators assign an idea's owner") }
    }

    /// Facilitators and admins, and submitters of the submitting organisation, name the
    /// organisations that co-submit an idea.
    public static func requireCanSetCoSubmitters(_ idea: Idea, actor: Actor) throws(CommandError) {
        if actor.runsPipeline { return }
        guard actor.role == Actor.submitter, actor.organisation == idea.organisation else {
            throw .forbidden("only the submitting organisation and facilitators name co-submitting organisations")
        }
    }

    /// Facilitators and admins assign gatekeepers.
    public static func requireCanAssignGatekeepers(_ actor: Actor) throws(CommandError) {
        guard actor.runsPipeline else { throw .forbidden("only facilitators assign gatekeepers") }
    }

    /// Why `candidate` may not hold an idea, or `nil` when they may: an idea's owner is an active
    /// facilitator of the register.
    public static func ownerRefusal(_ candidate: Assignee) -> String? {
        guard candidate.active else {
            return "\(candidate.words) is not active; an idea's owner is an active facilitator"
        }
        guard candidate.roles.contains(Actor.facilitator) else {
            return "\(candidate.words) is not a facilitator; an idea's owner is an active facilitator"
        }
        return nil
    }

    /// Why `candidate` may not be assigned to `gate`, the gate of `idea`'s stage, or `nil` when
    /// they may: an active person who holds a role the gate asks for (approvals or scorecard), and
    /// who is not recused (see ``recusal(of:from:at:)``).
    public static func gatekeeperRefusal(_ candidate: Assignee, idea: Idea, gate: Gate) -> String? {
        guard candidate.active else { return "\(candidate.words) is not active" }
        let roles = gate.gatekeeperRoles
        guard candidate.roles.contains(where: roles.contains) else {
            return "\(candidate.words) is not \(roles.joined(separator: " or ")), "
                + "the role\(roles.count == 1 ? "" : "s") gate '\(gate.id)' asks for"
        }
        if let recusal = recusal(of: candidate.organisation, from: idea, at: gate) {
            return "\(candidate.words) belongs to \(recusal), and so is not assigned to gate '\(gate.id)' (recusal)"
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

    /// "Fenna de Vries (per_k3f9x2m7qa)"
    var words: String { "\(person.name) (\(person.id))" }
}
