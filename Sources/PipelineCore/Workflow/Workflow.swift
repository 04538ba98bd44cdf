/// A validated workflow: the fields an idea has, the stages it moves through and the gates
/// between them. Made by PipelineDefinition from a workflow file; never half-loaded.
public struct Workflow: Sendable, Hashable {
    public let id: String
    public let version: Int
    public let name: String
    public let description: String?
    /// Role id to display name.
    public let roles: [Role]
    public let fields: [FieldDefinition]
    /// In file order; the first stage is where new ideas start.
    public let stages: [Stage]
    public let gates: [Gate]
    /// What its records are: ideas (the default) or the implementations of adopted ideas.
    public let kind: Kind
    /// How regions adopt this workflow's ideas (`adoption:`); `nil` when no stage is adoptable.
    public let adoption: Adoption?
    /// How ideas on older versions move to this one (`migrate:`), one entry per older version.
    public let migrations: [WorkflowMigration]

    /// `kind: idea` or `kind: implementation` in the file.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Submitted by an organisation, from a proposal on.
        case idea
        /// A region's adoption of an idea: made by `adopt`, never submitted.
        case implementation
    }

    /// `adoption: {workflow: regional-implementation, outcomes: [hours_saved]}`: the implementation
    /// workflow that adoptions follow, and its number fields that the roll-up sums and takes the
    /// median of (`adoptions.sum.hours_saved`).
    public struct Adoption: Sendable, Hashable {
        public let workflowID: String
        public let outcomes: [String]

        public init(workflowID: String, outcomes: [String] = []) {
            self.workflowID = workflowID
            self.outcomes = outcomes
        }
    }

    public struct Role: Sendable, Hashable {
        public let id: String
        public let name: String

        public init(id: String, name: String) {
            self.id = id
            self.name = name
        }
    }

    public init(
        id: String, version: Int, name: String, description: String? = nil, roles: [Role], fields: [FieldDefinition],
        stages: [Stage], gates: [Gate], kind: Kind = .idea, adoption: Adoption? = nil,
        migrations: [WorkflowMigration] = []
    ) {
        self.id = id
        self.version = version
        self.name = name
        self.description = description
        self.roles = roles
        self.fields = fields
        self.stages = stages
        self.gates = gates
        self.kind = kind
        self.adoption = adoption
        self.migrations = migrations
    }

    /// Where every new idea starts.
    public var initialStage: Stage? { stages.first }

    public func field(_ id: String) -> FieldDefinition? { fields.first { $0.id == id } }
    public func stage(_ id: String) -> Stage? { stages.first { $0.id == id } }
    public func gate(_ id: String) -> Gate? { gates.first { $0.id == id } }

    /// Whether an idea in `stageID` has a roll-up worth reading: regions may adopt it there, it
    /// ended there (after adoptions, perhaps), or the stage's gate reads `adoptions.` values.
    public func hasRollup(in stageID: String) -> Bool {
        guard adoption != nil, let stage = stage(stageID) else { return false }
        if stage.adoptable || stage.isTerminal { return true }
        guard let gate = gate(leaving: stageID) else { return false }
        let sources = gate.mustMeet.map(\.source) + gate.routes.compactMap(\.guardSource)
        return sources.contains { $0.contains(AdoptionRollup.prefix) }
    }

    /// Whether regions may adopt an idea that is in `stageID`.
    public func isAdoptable(_ stageID: String) -> Bool { adoption != nil && stage(stageID)?.adoptable == true }

    /// The gate that guards the exit of a stage; a stage has at most one.
    public func gate(leaving stageID: String) -> Gate? { gates.first { $0.from.contains(stageID) } }
}
