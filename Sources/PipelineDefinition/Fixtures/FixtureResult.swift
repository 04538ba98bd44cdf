import PipelineCore

/// What running one case gave: whether each expectation came true, in words, the gate's
/// checklist at the end, and what the case exercised (for the coverage of a suite).
public struct FixtureResult: Sendable {
    public let path: String
    public let workflow: String
    public let name: String
    public let location: FixtureLocation
    /// What the case expects and what happened, one phrase per expectation, in file order.
    public let expected: [String]
    public let actual: [String]
    /// Every expectation that did not come true, and every step the engine refused that the
    /// case did not expect to be refused.
    public let mismatches: [Mismatch]
    /// The checklist of the gate of the idea's stage at the end (`✗ rule_not_met '...': ...`).
    public let checklist: [String]
    public let coverage: Coverage

    public var passed: Bool { mismatches.isEmpty }

    /// One thing that did not come true, at the place in the test file that asks for it.
    public struct Mismatch: Sendable, Hashable {
        public let location: FixtureLocation
        public let expected: String
        public let actual: String

        public init(location: FixtureLocation, expected: String, actual: String) {
            self.location = location
            self.expected = expected
            self.actual = actual
        }
    }

    /// What a case exercised in its workflow.
    public struct Coverage: Sendable, Hashable {
        /// Accepted goes: the gate and the index of the route taken (0 for the first).
        public var routes: Set<RouteTaken> = []
        /// Accepted decisions by name: `go`, `go_with_conditions`, `kill`, `hold`, `resume`, `recycle`.
        public var decisions: Set<String> = []
        /// Gates whose go carried conditions.
        public var conditionalGoes: Set<String> = []
        /// Failing checks a gate expectation named in `because` and that came true.
        public var refusals: Set<CheckRefusal> = []
        /// Timers that fired with an effect: kind (`sla_remind`, ...) and subject (the stage, or the
        /// condition's number).
        public var timers: Set<TimerFired> = []
        /// Gates that held when the case expected `gate: holds`.
        public var holdingGates: Set<String> = []
    }

    public struct RouteTaken: Sendable, Hashable {
        public let gate: String
        public let route: Int

        public init(gate: String, route: Int) {
            self.gate = gate
            self.route = route
        }
    }

    public struct CheckRefusal: Sendable, Hashable {
        public let gate: String
        /// A ``GateCheck/Code`` raw value: `rule_not_met`, ...
        public let code: String
        /// The check's subject: the field, the rule's label (or source), the role, the condition.
        public let subject: String

        public init(gate: String, code: String, subject: String) {
            self.gate = gate
            self.code = code
            self.subject = subject
        }
    }

    public struct TimerFired: Sendable, Hashable {
        public let kind: String
        public let subject: String

        public init(kind: String, subject: String) {
            self.kind = kind
            self.subject = subject
        }
    }
}
