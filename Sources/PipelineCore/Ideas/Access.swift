/// Who may do what, from the actor's role and organisation. Every edge (CLI, API, pages) asks here.
public enum Access {
    /// What an actor may read in lists, counts and reports: `nil` for every idea; for a submitter,
    /// their organisation's ideas and every idea in a shared stage. The same rule as ``canView(_:actor:workflow:)``,
    /// in a form a store can turn into a query.
    public static func visibility(for actor: Actor, in library: WorkflowLibrary) -> IdeaVisibility? {
        guard actor.role == Actor.submitter else { return nil }
        return IdeaVisibility(
            organisation: actor.organisation ?? "",
            sharedStages: library.sharedStages.map { .init(workflowID: $0.workflowID, stage: $0.stage) },
            regions: actor.regions)
    }

    /// Whether a role runs the pipeline's administration: tokens, webhooks and people.
    public static func isAdmin(_ actor: Actor) -> Bool { actor.role == Actor.admin }

    /// Submitters see their own organisation's ideas, and every idea in a shared stage (good
    /// examples, read only). Everyone else sees every idea.
    ///
    /// A region's implementation of an adopted idea is seen by the organisations of that region
    /// (and the one that registered it) and by everyone who is not a submitter.
    public static func canView(_ idea: Idea, actor: Actor, workflow: Workflow) -> Bool {
        guard actor.role == Actor.submitter else { return true }
        if idea.isImplementation {
            return actor.regions.contains(idea.region)
                || (!idea.organisation.isEmpty && idea.organisation == actor.organisation)
        }
        return idea.organisation == actor.organisation || workflow.stage(idea.stage)?.shared == true
    }

    /// A facilitator scoped to regions acts only on their records (a national one, and every
    /// other role, as their other rules say).
    static func requireActsIn(_ region: String, actor: Actor) throws(CommandError) {
        guard actor.actsIn(region) else {
            throw .forbidden(.actsInOtherRegions(person: actor.name, regions: actor.regions, region: region))
        }
    }

    /// Who registers an adoption for `region`: a facilitator acting there (or an admin), or a
    /// submitter of an organisation of that region (a facilitator approves it at the
    /// implementation's first gate).
    static func requireCanAdopt(for region: String, actor: Actor) throws(CommandError) {
        if actor.runsPipeline { return try requireActsIn(region, actor: actor) }
        guard actor.role == Actor.submitter else { throw .forbidden(.roleDoesNotAdopt(role: actor.role)) }
        guard actor.regions.contains(region) else {
            throw .forbidden(.adoptOwnRegionOnly)
        }
    }

    static func requireCanSubmit(for organisation: String, actor: Actor) throws(CommandError) {
        if actor.runsPipeline { return }
        guard actor.role == Actor.submitter else { throw .forbidden(.roleDoesNotSubmit(role: actor.role)) }
        guard actor.organisation == organisation else {
            throw .forbidden(.submitOwnOrganisationOnly)
        }
    }

    static func requireCanEdit(_ idea: Idea, actor: Actor, stage: Stage) throws(CommandError) {
        guard actor.runsPipeline || (actor.role == Actor.submitter && actor.organisation == idea.organisation) else {
            throw .forbidden(.editNotAllowed)
        }
        guard !stage.editable.isEmpty else { throw .notAllowedNow(.noEditableFields(stage: stage.id)) }
    }

    /// Recusal: a person of the submitting organisation, or of a co-submitting one, neither
    /// approves nor scores its idea, unless the gate says `recusal: false`.
    static func requireNotRecused(_ idea: Idea, gate: Gate, actor: Actor, for action: Refusal.Action)
        throws(CommandError)
    {
        guard let recusal = recusal(of: actor.organisation, from: idea, at: gate) else { return }
        throw .forbidden(.recused(person: actor.name, recusal: recusal, action: action, gate: gate.id))
    }

    /// Why people of `organisation` may not approve or score `idea` at `gate`: it submitted or
    /// co-submitted the idea. `nil` when they may, or the gate says `recusal: false`. Names are
    /// compared as the register compares them, whatever their case.
    public static func recusal(of organisation: String?, from idea: Idea, at gate: Gate) -> Recusal? {
        guard gate.recusal, let organisation else { return nil }
        let key = Registration.nameKey(organisation)
        if Registration.nameKey(idea.organisation) == key { return .submitting(organisation) }
        if idea.coSubmitters.contains(where: { Registration.nameKey($0) == key }) { return .coSubmitting(organisation) }
        return nil
    }

    /// Why an organisation's people are recused at an idea's gate.
    public enum Recusal: Sendable, Hashable, CustomStringConvertible {
        /// It submitted the idea.
        case submitting(String)
        /// It submits the idea together with the submitting organisation.
        case coSubmitting(String)

        public var organisation: String {
            switch self {
            case .submitting(let name), .coSubmitting(let name): return name
            }
        }

        /// "HAP De Linde, which submitted this idea"
        public var description: String {
            switch self {
            case .submitting(let name): return "\(name), which submitted this idea"
            case .coSubmitting(let name): return "\(name), which co-submitted this idea"
            }
        }
    }

    static func requireCanApprove(_ gate: Gate, actor: Actor) throws(CommandError) {
        let roles = gate.approvals.map(\.role)
        guard !roles.isEmpty else { throw .notAllowedNow(.gateWithoutApprovals(gate: gate.id)) }
        guard roles.contains(actor.role) else {
            throw .forbidden(.approveWrongRole(gate: gate.id, roles: roles, role: actor.role))
        }
    }

    static func requireCanReview(_ scorecard: Scorecard, gate: Gate, actor: Actor) throws(CommandError) {
        guard actor.role == scorecard.role else {
            throw .forbidden(.scoreWrongRole(gate: gate.id, scorer: scorecard.role, role: actor.role))
        }
    }

    static func requireCanDecide(_ actor: Actor) throws(CommandError) {
        guard actor.runsPipeline else { throw .forbidden(.decideNotFacilitator) }
    }

    /// Moving ideas to another version of their workflow changes the rules they are judged by:
    /// the admins' work, as the workflow files are.
    public static func requireCanMigrate(_ actor: Actor) throws(CommandError) {
        guard isAdmin(actor) else { throw .forbidden(.migrateNotAdmin) }
    }

    static func requireCanComment(_ idea: Idea, actor: Actor, workflow: Workflow) throws(CommandError) {
        if actor.role == Actor.submitter, actor.organisation != idea.organisation {
            throw .forbidden(.sharedReadOnly)
        }
    }
}

/// The ideas a submitter may read: their organisation's (an actor without one sees none of
/// those) and every idea in a shared stage, read only.
public struct IdeaVisibility: Sendable, Hashable {
    public let organisation: String
    public let sharedStages: [SharedStage]
    /// The regions whose implementations they see: their organisation's.
    public let regions: [String]

    public init(organisation: String, sharedStages: [SharedStage], regions: [String] = []) {
        self.organisation = organisation
        self.sharedStages = sharedStages
        self.regions = regions
    }

    /// A stage of a workflow whose ideas everyone may read (good examples).
    public struct SharedStage: Sendable, Hashable {
        public let workflowID: String
        public let stage: String

        public init(workflowID: String, stage: String) {
            self.workflowID = workflowID
            self.stage = stage
        }
    }
}
