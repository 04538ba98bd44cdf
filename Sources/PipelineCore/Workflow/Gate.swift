/// The checks between stages: what must be present, what must hold and who must agree
/// before an idea may go on.
public struct Gate: Sendable, Hashable {
    public let id: String
    public let name: String
    public let description: String?
    /// The stages this gate guards the exit of.
    public let from: [String]
    /// Where a `go` leads: the first route whose guard holds. A single target is one unguarded route.
    public let routes: [Route]
    /// Fields that must be filled.
    public let deliverables: [String]
    public let mustMeet: [Rule]
    public let approvals: [ApprovalRule]
    public let scorecard: Scorecard?
    /// Whether a `go` may carry conditions ("go, provided that ..."), and how many at most
    /// (`nil`: no limit). Written `conditional_go: true` and `max_conditions: 3`.
    public let conditionalGo: Bool
    public let maxConditions: Int?
    /// Whether people of the submitting organisation are kept from approving and scoring at this
    /// gate (recusal). On unless the gate says `recusal: false`.
    public let recusal: Bool

    public init(
        id: String, name: String, description: String? = nil, from: [String], routes: [Route],
        deliverables: [String] = [], mustMeet: [Rule] = [], approvals: [ApprovalRule] = [], scorecard: Scorecard? = nil,
        conditionalGo: Bool = false, maxConditions: Int? = nil, recusal: Bool = true
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.from = from
        self.routes = routes
        self.deliverables = deliverables
        self.mustMeet = mustMeet
        self.approvals = approvals
        self.scorecard = scorecard
        self.conditionalGo = conditionalGo
        self.maxConditions = maxConditions
        self.recusal = recusal
    }

    /// The first route whose guard holds for these values, if any.
    public func route(for values: FieldValues) -> Route? {
        routes.first { $0.guard?.holds(values) ?? true }
    }

    /// The roles that approve or score at this gate, once each, approvals first: who may be
    /// assigned to it. Empty for a gate that asks neither.
    public var gatekeeperRoles: [String] {
        var roles: [String] = []
        for role in approvals.map(\.role) + (scorecard.map { [$0.role] } ?? []) where !roles.contains(role) {
            roles.append(role)
        }
        return roles
    }
}

/// One way out of a gate: to a stage, when the guard holds (or always, without one).
public struct Route: Sendable, Hashable {
    public let to: String
    public let `guard`: Expression?
    /// The guard as written in the file, for people.
    public let guardSource: String?

    public init(to: String, guard: Expression? = nil, guardSource: String? = nil) {
        self.to = to
        self.guard = `guard`
        self.guardSource = guardSource ?? `guard`?.description
    }
}

/// A must-meet criterion: a boolean expression over the fields, with an optional label.
public struct Rule: Sendable, Hashable {
    public let expression: Expression
    /// The expression as written in the file.
    public let source: String
    public let label: String?

    public init(expression: Expression, source: String, label: String? = nil) {
        self.expression = expression
        self.source = source
        self.label = label
    }
}

/// A quorum: `count` distinct people with `role` must approve.
public struct ApprovalRule: Sendable, Hashable {
    public let role: String
    public let count: Int

    public init(role: String, count: Int) {
        self.role = role
        self.count = count
    }
}

/// Weighted criteria that people with `role` score on a scale; the weighted average over at
/// least `minReviews` reviews must reach `passMark`.
public struct Scorecard: Sendable, Hashable {
    public let role: String
    public let scale: ClosedRange<Int>
    public let minReviews: Int
    public let passMark: Double
    public let criteria: [Criterion]

    public init(role: String, scale: ClosedRange<Int>, minReviews: Int, passMark: Double, criteria: [Criterion]) {
        self.role = role
        self.scale = scale
        self.minReviews = minReviews
        self.passMark = passMark
        self.criteria = criteria
    }

    public struct Criterion: Sendable, Hashable {
        public let id: String
        public let label: String
        public let weight: Double

        public init(id: String, label: String, weight: Double) {
            self.id = id
            self.label = label
            self.weight = weight
        }
    }
}
