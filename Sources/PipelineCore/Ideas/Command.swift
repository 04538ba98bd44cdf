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
    /// Records that a condition of a conditional go is met, by the person who issues it.
    case meetCondition(number: Int, note: String?)
    /// A due timer, fired by the timer service as ``Actor/system``: the SLA ladder's steps, a
    /// hold's review date, a condition's due date.
    case fire(IdeaTimer)
    /// Gives the idea to a facilitator to hold, as its owner (by facilitators, and by
    /// ``Actor/system`` at intake). The same owner again changes nothing.
    case assignOwner(IdeaPerson)
    /// Names the organisations that submit the idea together with its own (registered names),
    /// replacing the list; an empty list names none.
    case setCoSubmitters([String])
    /// Assigns people to the gate of the idea's current stage, replacing the list; an empty list
    /// assigns nobody.
    case assignGatekeepers([IdeaPerson])
    /// Moves the idea to a newer version of its workflow by that version's `migrate:` rules (admins
    /// only). An idea already on that version is left as it is.
    case migrate(to: Workflow)

    /// The name used in logs and metrics: `submit`, `decide.go`, ...
    public var name: String {
        switch self {
        case .submit: return "submit"
        case .updateFields: return "update"
        case .approve: return "approve"
        case .review: return "review"
        case .decide(let decision): return "decide.\(decision.name)"
        case .comment: return "comment"
        case .meetCondition: return "meet_condition"
        case .fire(let timer): return "timer.\(timer.kind.rawValue)"
        case .assignOwner: return "assign_owner"
        case .setCoSubmitters: return "set_co_submitters"
        case .assignGatekeepers: return "assign_gatekeepers"
        case .migrate: return "migrate"
        }
    }
}

/// A facilitator's decision at a gate.
public enum Decision: Sendable, Hashable {
    /// Advance along the first route whose `when` holds, if the gate holds.
    case go
    /// A go that carries conditions for the next gate ("go, provided that ..."), where the gate
    /// allows it (`conditional_go: true`).
    case conditionalGo([IdeaCondition.Terms])
    /// Send back to an earlier stage, with a reason.
    case recycle(to: String, reason: String)
    /// Pause the idea until a review date (when it resurfaces), with a reason. People's holds need
    /// the review date; `nil` is refused.
    case hold(reason: String, until: Date?)
    case resume
    /// Stop the idea, with a reason.
    case kill(reason: String)

    public var name: String {
        switch self {
        case .go, .conditionalGo: return "go"
        case .recycle: return "recycle"
        case .hold: return "hold"
        case .resume: return "resume"
        case .kill: return "kill"
        }
    }
}
