import PipelineCore

/// A workflow definition as JSON: what a client needs to build forms and read gates.
struct WorkflowResource: Encodable {
    struct FieldResource: Encodable {
        let id: String
        let label: String
        let type: String
        let help: String?
        let required: Bool
        let maxLength: Int?
        let min: Double?
        let max: Double?
        let options: [OptionResource]?

        enum CodingKeys: String, CodingKey {
            case id, label, type, help, required, min, max, options
            case maxLength = "max_length"
        }
    }

    struct OptionResource: Encodable {
        let value: String
        let label: String
    }

    struct StageResource: Encodable {
        let id: String
        let name: String
        let editable: [String]
        let sla: String?
        let slaLadder: LadderResource?
        /// Only on working stages: ideas are not held in an end state.
        let onReview: String?
        let terminal: String?
        let shared: Bool

        enum CodingKeys: String, CodingKey {
            case id, name, editable, sla, terminal, shared
            case slaLadder = "sla_ladder"
            case onReview = "on_review"
        }
    }

    /// The steps of a stage's SLA ladder as durations (`45d`); a step that is not there is left out.
    struct LadderResource: Encodable {
        let remind: String?
        let escalate: String?
        let escalateTo: String?
        let hold: String?

        init(_ ladder: SLALadder) {
            remind = ladder.remind?.description
            escalate = ladder.escalate?.description
            escalateTo = ladder.escalateTo
            hold = ladder.hold?.description
        }

        enum CodingKeys: String, CodingKey {
            case remind, escalate, hold
            case escalateTo = "escalate_to"
        }
    }

    struct GateResource: Encodable {
        struct RouteResource: Encodable {
            let to: String
            let when: String?
        }

        struct RuleResource: Encodable {
            let rule: String
            let label: String?
        }

        let id: String
        let name: String
        let from: [String]
        let routes: [RouteResource]
        let deliverables: [String]
        let mustMeet: [RuleResource]
        let approvals: [ApprovalRuleResource]
        let scorecard: ScorecardResource?
        let conditionalGo: Bool
        let maxConditions: Int?
        let recusal: Bool

        enum CodingKeys: String, CodingKey {
            case id, name, from, routes, deliverables, approvals, scorecard, recusal
            case mustMeet = "must_meet"
            case conditionalGo = "conditional_go"
            case maxConditions = "max_conditions"
        }
    }

    struct ApprovalRuleResource: Encodable {
        let role: String
        let count: Int
    }

    struct ScorecardResource: Encodable {
        struct CriterionResource: Encodable {
            let id: String
            let label: String
            let weight: Double
        }

        let role: String
        let scale: [Int]
        let minReviews: Int
        let passMark: Double
        let criteria: [CriterionResource]

        enum CodingKeys: String, CodingKey {
            case role, scale, criteria
            case minReviews = "min_reviews"
            case passMark = "pass_mark"
        }
    }

    let id: String
    let version: Int
    let name: String
    let description: String?
    let roles: [String: String]
    let fields: [FieldResource]
    let stages: [StageResource]
    let gates: [GateResource]

    init(_ workflow: Workflow) {
        id = workflow.id
        version = workflow.version
        name = workflow.name
        description = workflow.description
        roles = Dictionary(workflow.roles.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        fields = workflow.fields.map(WorkflowResource.field)
        stages = workflow.stages.map {
            StageResource(
                id: $0.id, name: $0.name, editable: $0.editable, sla: $0.sla?.description,
                slaLadder: $0.ladder.map(LadderResource.init), onReview: $0.isTerminal ? nil : $0.onReview.rawValue,
                terminal: $0.terminal?.rawValue, shared: $0.shared)
        }
        gates = workflow.gates.map { gate in
            GateResource(
                id: gate.id, name: gate.name, from: gate.from,
                routes: gate.routes.map { .init(to: $0.to, when: $0.guardSource) }, deliverables: gate.deliverables,
                mustMeet: gate.mustMeet.map { .init(rule: $0.source, label: $0.label) },
                approvals: gate.approvals.map { .init(role: $0.role, count: $0.count) },
                scorecard: gate.scorecard.map { card in
                    ScorecardResource(
                        role: card.role, scale: [card.scale.lowerBound, card.scale.upperBound],
                        minReviews: card.minReviews,
                        passMark: card.passMark,
                        criteria: card.criteria.map { .init(id: $0.id, label: $0.label, weight: $0.weight) })
                }, conditionalGo: gate.conditionalGo, maxConditions: gate.maxConditions, recusal: gate.recusal)
        }
    }

    private static func field(_ field: FieldDefinition) -> FieldResource {
        var maxLength: Int?
        var range: NumberRange?
        switch field.type {
        case .text(let length): maxLength = length
        case .number(let bounds), .integer(let bounds), .money(let bounds): range = bounds
        default: break
        }
        let options = field.type.options.map { OptionResource(value: $0.value, label: $0.label) }
        return FieldResource(
            id: field.id, label: field.label, type: field.type.name, help: field.help, required: field.required,
            maxLength: maxLength, min: range?.min, max: range?.max, options: options.isEmpty ? nil : options)
    }
}

/// A workflow in a list: enough to choose one.
struct WorkflowSummary: Encodable {
    let id: String
    let version: Int
    let name: String
    let stages: [String]
}
