/// Why a must-meet rule does not hold, as data: a stable code, the field (or roll-up name) it is
/// about, what the rule expects and what the idea has. Programs read the code; the pages and the
/// API word it per language; ``explanation`` is the engine's own English sentence.
///
/// ```swift
/// // cost_eur <= 250000 with cost_eur 340000:
/// reason.code      // .comparison
/// reason.field     // "cost_eur"
/// reason.operator  // .lessOrEqual
/// reason.expected  // .number(250000)
/// reason.actual    // .number(340000)
/// ```
public struct RuleReason: Sendable, Hashable {
    /// Stable codes for programs: a new kind of reason gets a new code, an old one keeps its name.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// The field has no value.
        case notSet = "not_set"
        /// A yes/no field that is no.
        case notTrue = "not_true"
        /// `subject operator expected` does not hold for `actual`.
        case comparison
        /// `x is not set`, but x has a value.
        case mustNotBeSet = "must_not_be_set"
        /// `x is empty`, but x has content.
        case mustBeEmpty = "must_be_empty"
        /// `x is not empty`, but x is empty.
        case isEmpty = "is_empty"
        /// Anything else that does not hold: the expression and the values it read.
        case notHeld = "not_held"
        /// An `or` of which no side holds: the alternatives, each a reason.
        case noneOf = "none_of"
    }

    public let code: Code
    /// The field or roll-up name the reason is about, when it is about one (`cost_eur`,
    /// `adoptions.live`); nil for a computed subject such as `len(partners)`.
    public let field: String?
    /// What is compared or checked, as written: the field's id or an expression (`len(partners)`).
    public let subject: String
    public let `operator`: Expression.BinaryOperator?
    /// What the rule asks for: the literal it compares with, or the value of the field named in
    /// ``expectedField`` when it compares two fields.
    public let expected: Value?
    public let expectedField: String?
    /// What the idea has; nil when it has nothing.
    public let actual: Value?
    /// The failing part of the rule, as written.
    public let expression: String
    /// The values the failing part read, by field (for ``Code/notHeld``).
    public let values: [String: Value]
    /// For ``Code/noneOf``: why each alternative does not hold.
    public let alternatives: [RuleReason]

    public init(
        _ code: Code, field: String? = nil, subject: String, operator: Expression.BinaryOperator? = nil,
        expected: Value? = nil, expectedField: String? = nil, actual: Value? = nil, expression: String,
        values: [String: Value] = [:], alternatives: [RuleReason] = []
    ) {
        self.code = code
        self.field = field
        self.subject = subject
        self.operator = `operator`
        self.expected = expected
        self.expectedField = expectedField
        self.actual = actual
        self.expression = expression
        self.values = values
        self.alternatives = alternatives
    }

    /// The engine's sentence: `cost_eur is 310000, must be <= 250000`, `funding is not set`.
    public var explanation: String {
        switch code {
        case .notSet: return "\(subject) is not set"
        case .notTrue: return "\(subject) is not true"
        case .mustNotBeSet: return "\(subject) must not be set"
        case .mustBeEmpty: return "\(subject) must be empty"
        case .isEmpty: return "\(subject) is empty"
        case .comparison:
            let target = expectedField ?? expected.map(Expression.source(of:)) ?? "?"
            let have = actual.map(\.description) ?? "not set"
            return "\(subject) is \(have), must be \(self.operator?.rawValue ?? "?") \(target)"
        case .notHeld:
            let shown = values.keys.sorted().map { "\($0) is \(values[$0]!)" }
            return "\(expression) does not hold" + (shown.isEmpty ? "" : " (\(shown.joined(separator: ", ")))")
        case .noneOf:
            return "none of: " + alternatives.map(\.explanation).joined(separator: ", or ")
        }
    }
}

extension RuleReason: Encodable {
    private enum CodingKeys: String, CodingKey {
        case code, field, subject, expected, actual, expression, values, alternatives, explanation, message
        case `operator`
        case expectedField = "expected_field"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code.rawValue, forKey: .code)
        try container.encodeIfPresent(field, forKey: .field)
        try container.encode(subject, forKey: .subject)
        try container.encodeIfPresent(self.operator?.rawValue, forKey: .operator)
        try container.encodeIfPresent(expected, forKey: .expected)
        try container.encodeIfPresent(expectedField, forKey: .expectedField)
        try container.encodeIfPresent(actual, forKey: .actual)
        try container.encode(expression, forKey: .expression)
        if !values.isEmpty { try container.encode(values, forKey: .values) }
        if !alternatives.isEmpty { try container.encode(alternatives, forKey: .alternatives) }
        try container.encode(explanation, forKey: .explanation)
        if let wording = encoder.userInfo[.gateWording] as? any GateCheckWording {
            try container.encode(wording.message(self), forKey: .message)
        }
    }
}
