import Foundation

/// Something that happened to an idea. Events are facts: `evolve` applies them, the store
/// appends them, webhooks deliver them.
public struct Event: Sendable, Hashable, Codable {
    public let ideaID: String
    public let actor: Actor
    public let at: Date
    public let change: Change

    public init(ideaID: String, actor: Actor, at: Date, change: Change) {
        self.ideaID = ideaID
        self.actor = actor
        self.at = at
        self.change = change
    }

    public enum Change: Sendable, Hashable, Codable {
        case submitted(
            workflowID: String, workflowVersion: Int, organisation: String, region: String, stage: String,
            fields: FieldValues)
        case updated(changes: [String: Value?])
        case approved(gate: String, role: String, comment: String?)
        case reviewed(gate: String, scores: [String: Int], comment: String)
        case advanced(gate: String, from: String, to: String)
        /// The idea reached a terminal stage with outcome `completed`.
        case completed(stage: String)
        case recycled(from: String, to: String, reason: String)
        case held(reason: String)
        case resumed
        case killed(reason: String, from: String, to: String?)
        case commented(text: String)
    }

    /// The dotted event type of DESIGN.md: `idea.submitted`, `gate.approved`, ...
    public var type: String { change.type }
}

extension Event.Change {
    public var type: String {
        switch self {
        case .submitted: return "idea.submitted"
        case .updated: return "idea.updated"
        case .approved: return "gate.approved"
        case .reviewed: return "gate.reviewed"
        case .advanced: return "idea.advanced"
        case .completed: return "idea.completed"
        case .recycled: return "idea.recycled"
        case .held: return "idea.held"
        case .resumed: return "idea.resumed"
        case .killed: return "idea.killed"
        case .commented: return "idea.commented"
        }
    }

    /// Every event type, for subscriptions and documentation.
    public static let allTypes = [
        "idea.submitted", "idea.updated", "idea.advanced", "idea.recycled", "idea.held", "idea.resumed",
        "idea.killed", "idea.completed", "idea.commented", "gate.approved", "gate.reviewed",
    ]
}
