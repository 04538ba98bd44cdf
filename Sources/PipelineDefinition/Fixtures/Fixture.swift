import PipelineCore

/// A test file of a workflow, read and checked: the workflow it tests and its cases. Made by
/// ``FixtureDefinition/load(_:library:)`` from a file under `workflows/tests/`; run by
/// ``FixtureRunner``. See docs/workflows.md, "Testing a workflow".
///
/// ```yaml
/// workflow: primary-care-innovation
/// cases:
///   - name: Kosten boven de grens zonder subsidie
///     stage: business_case
///     fields: {cost_eur: 340000, funding: eigen_middelen, ...}
///     approvals: [facilitator]
///     reviews: [4, 4, 4]
///     expect:
///       gate: refused
///       because: [rule_not_met: Kosten boven 250.000 euro alleen met subsidie]
/// ```
public struct FixtureFile: Sendable {
    public let path: String
    public let workflow: Workflow
    public let cases: [FixtureCase]
}

/// Where something stands in a test file: 1-based line and column.
public struct FixtureLocation: Sendable, Hashable, Codable, Comparable {
    public let line: Int
    public let column: Int

    public init(line: Int, column: Int) {
        self.line = max(1, line)
        self.column = max(1, column)
    }

    public static func < (lhs: FixtureLocation, rhs: FixtureLocation) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}

/// One case: an idea placed in a stage with its fields, approvals and reviews, what is decided
/// and how much time passes, and what must come of it.
public struct FixtureCase: Sendable {
    public let name: String
    /// The case's item in the file (its first key).
    public let location: FixtureLocation
    /// Where the idea is placed: the workflow's first stage unless the case says another.
    public let stage: String
    /// Checked and canonical, as the engine keeps them.
    public let fields: FieldValues
    /// What a region's implementations add up to, for an idea workflow with `adoption:`.
    public let adoptions: AdoptionRollup?
    public let conditions: [Condition]
    /// One approval per item, each by another person with the role.
    public let approvals: [Located<String>]
    /// One review per item, by another person of the scorecard's role: a score per criterion.
    public let reviews: [Located<[String: Int]>]
    /// Decisions and waits, in order.
    public let steps: [Located<Step>]
    public let expectations: [Located<Expectation>]

    /// An open (or met) condition of the gate of `stage`, as a conditional go at the gate before
    /// left it.
    public struct Condition: Sendable, Hashable {
        public let text: String
        /// After how long it is due, from the moment the idea is placed.
        public let due: StageDuration
        public let met: Bool
    }

    /// A decision by a facilitator, or time passing.
    public enum Step: Sendable, Hashable {
        case go
        /// A go carrying conditions for the next gate, each due after `due`.
        case goWithConditions([String], due: StageDuration)
        case kill
        /// On hold, with a review date after the duration.
        case hold(StageDuration)
        case resume
        case recycle(to: String)
        /// The clock moves on; timers that fall due on the way fire, in order.
        case wait(StageDuration)

        /// `go`, `go_with_conditions`, `kill`, ... as written in a test file.
        public var name: String {
            switch self {
            case .go: return "go"
            case .goWithConditions: return "go_with_conditions"
            case .kill: return "kill"
            case .hold: return "hold"
            case .resume: return "resume"
            case .recycle: return "recycle"
            case .wait: return "after"
            }
        }

        var isDecision: Bool {
            if case .wait = self { return false }
            return true
        }
    }

    /// What must come of the case.
    public enum Expectation: Sendable, Hashable {
        /// The gate of the idea's stage at the end holds, or refuses a go for exactly these reasons
        /// (`nil`: for any reason).
        case gate(holds: Bool, because: [Reason]?)
        /// The last decision (a go unless the case decides something) is a go that leads to the stage.
        case go(to: String)
        /// The last decision (a go unless the case decides something) is refused, and the engine's
        /// message contains the text.
        case refused(containing: String)
        case stage(String)
        case status(Idea.Status)
        /// The roles the SLA reminders named, in order of the reminders; empty: none.
        case reminded([String])
        /// The roles told by SLA escalations; empty: none.
        case escalated([String])
        /// Event types that happened after the idea was placed, in this order (others may come between).
        case events([String])
    }

    /// One reason a gate refuses a go: a check's code (`rule_not_met`) or a rule reason's code
    /// (`comparison`), and what it is about, when given.
    public struct Reason: Sendable, Hashable, CustomStringConvertible {
        public let code: String
        public let subject: String?

        public var description: String { subject.map { "\(code) '\($0)'" } ?? code }
    }
}

/// A value and where it stands in the test file.
public struct Located<Wrapped: Sendable & Hashable>: Sendable, Hashable {
    public let value: Wrapped
    public let location: FixtureLocation
}
