/// Why the engine refused a command, saying what to change. Never carries secrets.
public enum CommandError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The actor's role or organisation does not allow this command here.
    case forbidden(String)
    /// The idea does not exist, or the actor may not see it.
    case notFound(idea: String)
    /// The idea already exists (a second submit with the same id).
    case alreadyExists(idea: String)
    /// Field values that do not fit the workflow, by field id.
    case invalidFields([FieldProblem])
    /// The command does not fit the idea's status or stage.
    case notAllowedNow(String)
    /// A go was refused because the gate does not hold; the evaluation says why.
    case gateNotMet(GateEvaluation)
    /// Invalid input that is not a field: a score, a reason, a stage to recycle to.
    case invalidInput(String)

    public var description: String {
        switch self {
        case .forbidden(let message), .notAllowedNow(let message), .invalidInput(let message): return message
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

/// One field value that does not fit its field.
public struct FieldProblem: Sendable, Hashable, Codable {
    public let field: String
    public let message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}
