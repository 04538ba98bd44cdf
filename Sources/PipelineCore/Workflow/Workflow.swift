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
        stages: [Stage], gates: [Gate]
    ) {
        self.id = id
        self.version = version
        self.name = name
        self.description = description
        self.roles = roles
        self.fields = fields
        self.stages = stages
        self.gates = gates
    }

    /// Where every new idea starts.
    public var initialStage: Stage? { stages.first }

    public func field(_ id: String) -> FieldDefinition? { fields.first { $0.id == id } }
    public func stage(_ id: String) -> Stage? { stages.first { $0.id == id } }
    public func gate(_ id: String) -> Gate? { gates.first { $0.id == id } }

    /// The gate that guards the exit of a stage; a stage has at most one.
    public func gate(leaving stageID: String) -> Gate? { gates.first { $0.from.contains(stageID) } }
}
