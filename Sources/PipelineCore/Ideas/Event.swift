import Foundation

/// Something that happened to an idea. Events are facts: `evolve` applies them, the store
/// appends them, webhooks deliver them. Their JSON is written by hand (`Event+Wire.swift`), so
/// that renaming a Swift case or label never changes what consumers and the database see.
public struct Event: Sendable, Hashable {
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

    public enum Change: Sendable, Hashable {
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
        /// Put on hold; `until` is the review date, when the idea resurfaces (by a timer).
        case held(reason: String, until: Date?)
        case resumed
        case killed(reason: String, from: String, to: String?)
        case commented(text: String)
    }

    /// The dotted event type of DESIGN.md: `idea.submitted`, `gate.approved`, ...
    public var type: String { change.type }
}

extension Event.Change {
    /// The kind of this change, from the catalog of event types.
    public var eventType: EventType {
        switch self {
        case .submitted: return .ideaSubmitted
        case .updated: return .ideaUpdated
        case .approved: return .gateApproved
        case .reviewed: return .gateReviewed
        case .advanced: return .ideaAdvanced
        case .completed: return .ideaCompleted
        case .recycled: return .ideaRecycled
        case .held: return .ideaHeld
        case .resumed: return .ideaResumed
        case .killed: return .ideaKilled
        case .commented: return .ideaCommented
        }
    }

    /// The dotted type: `idea.advanced`, `gate.approved`, ...
    public var type: String { eventType.name }
}
