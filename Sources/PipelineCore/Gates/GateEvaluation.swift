import Foundation

/// Whether the gate of an idea's current stage holds, check by check, and why not.
///
/// ```swift
/// let evaluation = GateEvaluation.evaluate(gate, idea: idea)
/// evaluation.failures.map(\.explanation)  // ["cost_eur is 310000, must be <= 250000", "1 of 2 approvals from gatekeeper"]
/// ```
public struct GateEvaluation: Sendable, Hashable, Encodable {
    public let gate: String
    public let checks: [GateCheck]

    public var holds: Bool { checks.allSatisfy(\.holds) }
    public var failures: [GateCheck] { checks.filter { !$0.holds } }

    public init(gate: String, checks: [GateCheck]) {
        self.gate = gate
        self.checks = checks
    }

    private enum CodingKeys: String, CodingKey {
        case gate, holds, checks
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(gate, forKey: .gate)
        try container.encode(holds, forKey: .holds)
        try container.encode(checks, forKey: .checks)
    }
}

/// One check of a gate: a deliverable, a must-meet rule, an approval quorum or the scorecard.
public struct GateCheck: Sendable, Hashable, Encodable {
    public enum Kind: String, Sendable, Hashable, Encodable {
        case deliverable
        case rule
        case approvals
        case scorecard
        /// A condition of a conditional go, met by a named person.
        case condition
    }

    /// The numbers behind a check; the explanation is made from them only when asked for.
    public enum Detail: Sendable, Hashable {
        case deliverable(isSet: Bool)
        case rule(reasons: [RuleReason])
        case approvals(have: Int, need: Int)
        case scorecard(reviews: Int, minReviews: Int, average: Double?, passMark: Double)
        case condition(number: Int, due: Date, metBy: String?, overdue: Bool)
    }

    public let kind: Kind
    /// The field id, the rule's label (or source), the approving role, the scorecard's role, or
    /// the condition's text.
    public let subject: String
    public let holds: Bool
    public let detail: Detail

    public init(kind: Kind, subject: String, holds: Bool, detail: Detail) {
        self.kind = kind
        self.subject = subject
        self.holds = holds
        self.detail = detail
    }

    /// What a person reads: "cost_eur is 310000, must be <= 250000", "1 of 2 approvals from gatekeeper".
    public var explanation: String {
        switch detail {
        case .deliverable(let isSet):
            return isSet ? "\(subject) is filled" : "\(subject) is missing"
        case .rule(let reasons):
            return holds ? "\(subject) holds" : reasons.map(\.explanation).joined(separator: "; ")
        case .approvals(let have, let need):
            return "\(have) of \(need) approval\(need == 1 ? "" : "s") from \(subject)"
        case .scorecard(let reviews, let minReviews, let average, let passMark):
            var text = "\(reviews) of \(minReviews) review\(minReviews == 1 ? "" : "s") by \(subject)"
            if let average {
                text += ", average \(GateCheck.format(average)), pass mark \(Value.format(passMark))"
            } else {
                text += ", pass mark \(Value.format(passMark))"
            }
            return text
        case .condition(let number, let due, let metBy, let overdue):
            let state = metBy.map { "met by \($0)" } ?? (overdue ? "overdue" : "open")
            return "condition \(number): \(subject) (due \(CalendarDay.text(due))): \(state)"
        }
    }

    /// Stable codes for programs, one per way a check can stand; the words differ per language.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        case deliverableSet = "deliverable_set"
        case deliverableMissing = "deliverable_missing"
        case ruleMet = "rule_met"
        case ruleNotMet = "rule_not_met"
        case approvalsMet = "approvals_met"
        case approvalsMissing = "approvals_missing"
        case scorecardMet = "scorecard_met"
        /// Fewer reviews than the scorecard needs (whatever their average).
        case reviewsMissing = "reviews_missing"
        /// Enough reviews, but their average is below the pass mark.
        case averageBelowPassMark = "average_below_pass_mark"
        case conditionMet = "condition_met"
        case conditionOpen = "condition_open"
        case conditionOverdue = "condition_overdue"
    }

    public var code: Code {
        switch detail {
        case .deliverable(let isSet): return isSet ? .deliverableSet : .deliverableMissing
        case .rule: return holds ? .ruleMet : .ruleNotMet
        case .approvals: return holds ? .approvalsMet : .approvalsMissing
        case .scorecard(let reviews, let minReviews, _, _):
            if holds { return .scorecardMet }
            return reviews < minReviews ? .reviewsMissing : .averageBelowPassMark
        case .condition(_, _, let metBy, let overdue):
            if metBy != nil { return .conditionMet }
            return overdue ? .conditionOverdue : .conditionOpen
        }
    }

    /// One decimal, as people write scores: 3.2, 4.
    static func format(_ number: Double) -> String {
        Value.format((number * 10).rounded() / 10)
    }

    private enum CodingKeys: String, CodingKey {
        case kind, code, subject, holds, explanation, have, need, reviews, number, due, overdue
        case field, role, reasons, label, message
        case metBy = "met_by"
        case minReviews = "min_reviews"
        case average
        case passMark = "pass_mark"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(code.rawValue, forKey: .code)
        try container.encode(subject, forKey: .subject)
        try container.encode(holds, forKey: .holds)
        try container.encode(explanation, forKey: .explanation)
        if let wording = encoder.userInfo[.gateWording] as? any GateCheckWording {
            try container.encode(wording.label(self), forKey: .label)
            try container.encode(wording.message(self), forKey: .message)
        }
        switch detail {
        case .deliverable:
            try container.encode(subject, forKey: .field)
        case .rule(let reasons):
            try container.encode(reasons, forKey: .reasons)
        case .approvals(let have, let need):
            try container.encode(subject, forKey: .role)
            try container.encode(have, forKey: .have)
            try container.encode(need, forKey: .need)
        case .scorecard(let reviews, let minReviews, let average, let passMark):
            try container.encode(subject, forKey: .role)
            try container.encode(reviews, forKey: .reviews)
            try container.encode(minReviews, forKey: .minReviews)
            try container.encodeIfPresent(average.map { (($0 * 100).rounded()) / 100 }, forKey: .average)
            try container.encode(passMark, forKey: .passMark)
        case .condition(let number, let due, let metBy, let overdue):
            try container.encode(number, forKey: .number)
            try container.encode(CalendarDay.text(due), forKey: .due)
            try container.encodeIfPresent(metBy, forKey: .metBy)
            try container.encode(overdue, forKey: .overdue)
        }
    }
}

/// Words for gate checks in one language, given to an encoder (``CodingUserInfoKey/gateWording``)
/// so that each check and reason carries a `label` and `message` beside its stable data.
public protocol GateCheckWording: Sendable {
    var language: String { get }
    func label(_ check: GateCheck) -> String
    func message(_ check: GateCheck) -> String
    func message(_ reason: RuleReason) -> String
}

extension CodingUserInfoKey {
    /// An encoder's ``GateCheckWording``: checks and reasons encoded with it carry its words.
    public static let gateWording = CodingUserInfoKey(rawValue: "pipeline.gateWording")!
}
