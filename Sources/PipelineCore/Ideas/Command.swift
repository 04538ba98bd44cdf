import Foundation

/// What a person asks the engine to do with an idea.
public enum Command: Sendable, Hashable {
    /// A new idea in a workflow, for an organisation and region, with its first field values.
    case submit(id: String, organisation: String, region: String, fields: FieldValues)
    /// Sets fields of the current stage; a `nil` value clears the field.
    case updateFields([String: Value?])
    case approve(comment: String?)
    case review(scores: [String: Int], comment: String)
    case decide(Decision)
    case comment(String)

    /// The name used in logs and metrics: `submit`, `decide.go`, ...
    public var name: String {
        switch self {
        case .submit: return "submit"
        case .updateFields: return "update"
        case .approve: return "approve"
        case .review: return "review"
        case .decide(let decision): return "decide.\(decision.name)"
        case .comment: return "comment"
        }
    }
}

/// A facilitator's decision at a gate.
public enum Decision: Sendable, Hashable {
    /// Advance along the first route whose `when` holds, if the gate holds.
    case go
    /// Send back to an earlier stage, with a reason.
    case recycle(to: String, reason: String)
    /// Pause the idea until a review date (when it resurfaces), with a reason.
    case hold(reason: String, until: Date?)
    case resume
    /// Stop the idea, with a reason.
    case kill(reason: String)

    public var name: String {
        switch self {
        case .go: return "go"
        case .recycle: return "recycle"
        case .hold: return "hold"
        case .resume: return "resume"
        case .kill: return "kill"
        }
    }
}
