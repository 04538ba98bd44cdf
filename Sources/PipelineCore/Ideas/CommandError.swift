/// Why the engine refused a command, saying what to change. Never carries secrets. A refusal
/// carries its code and values (``Refusal``), so the pages can word it in their language; its
/// description is the English sentence.
public enum CommandError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The actor's role or organisation does not allow this command here.
    case forbidden(Refusal)
    /// The idea does not exist, or the actor may not see it.
    case notFound(idea: String)
    /// The idea already exists (a second submit with the same id).
    case alreadyExists(idea: String)
    /// Field values that do not fit the workflow, by field id.
    case invalidFields([FieldProblem])
    /// The command does not fit the idea's status or stage.
    case notAllowedNow(Refusal)
    /// A go was refused because the gate does not hold; the evaluation says why.
    case gateNotMet(GateEvaluation)
    /// Invalid input that is not a field: a score, a reason, a stage to recycle to.
    case invalidInput(Refusal)

    public var description: String {
        switch self {
        case .forbidden(let refusal), .notAllowedNow(let refusal), .invalidInput(let refusal): return refusal.message
        case .notFound(let idea): return "idea '\(idea)' not found"
        case .alreadyExists(let idea): return "idea '\(idea)' already exists"
        case .invalidFields(let problems):
            return problems.map { "\($0.field): \($0.message)" }.joined(separator: "; ")
        case .gateNotMet(let evaluation):
            return "gate '\(evaluation.gate)' does not hold: "
                + evaluation.failures.map(\.explanation).joined(separator: "; ")
        }
    }
}

/// One field value that does not fit its field: the field's id, and why, as a ``Refusal`` of
/// one of the `field_` codes (its message follows the field's id: "cost_eur: is 310000; at most 250000").
public struct FieldProblem: Sendable, Hashable, Encodable {
    public let field: String
    public let refusal: Refusal

    public init(field: String, _ refusal: Refusal) {
        self.field = field
        self.refusal = refusal
    }

    public var code: Refusal.Code { refusal.code }
    public var message: String { refusal.message }

    enum CodingKeys: String, CodingKey {
        case field, code, message
    }

    /// As the API's `invalid_fields` lists it: `field`, `code`, `message`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(field, forKey: .field)
        try container.encode(code.rawValue, forKey: .code)
        try container.encode(message, forKey: .message)
    }
}
