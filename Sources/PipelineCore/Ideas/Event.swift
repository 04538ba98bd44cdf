import Foundation

/// Something that happened to an idea. Events are facts: `evolve` applies them, the store
/// appends them, webhooks deliver them. Their JSON is written by hand (`Event+Wire.swift`), so
/// that renaming a Swift case or label never changes what consumers and the database see.
public struct Event: Sendable, Hashable {
    public let ideaID: String
    public let actor: Actor
    public let at: Date
    public let change: Change
    /// Whether the record is a region's implementation of an adopted idea: its events are
    /// `implementation.*` (and its first one `idea.adopted`).
    public let isImplementation: Bool

    public init(ideaID: String, actor: Actor, at: Date, change: Change, isImplementation: Bool = false) {
        self.ideaID = ideaID
        self.actor = actor
        self.at = at
        self.change = change
        self.isImplementation = isImplementation || change.isAdoption
    }

    public enum Change: Sendable, Hashable {
        /// A region adopted the idea `parent`: the first event of its implementation, which
        /// starts in the first stage of the implementation workflow.
        case adopted(
            parent: String, workflowID: String, workflowVersion: Int, organisation: String, region: String,
            stage: String, fields: FieldValues)
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
        /// A conditional go gave conditions for the gate of the stage it entered (with `advanced`).
        case conditionsSet(gate: String, nextGate: String, conditions: [ConditionTerms])
        /// A person met a condition.
        case conditionMet(number: Int, note: String?)
        /// A condition's day is over and it is not met (a timer).
        case conditionOverdue(number: Int, text: String, due: Date)
        /// The SLA ladder's `remind`: whoever must act next is reminded (a timer).
        case slaReminder(stage: String, enteredAt: Date, waitingFor: [String])
        /// The SLA ladder's `escalate`: the facilitators, or the ladder's role, are told (a timer).
        case slaEscalated(stage: String, enteredAt: Date, escalateTo: String)
        /// The SLA ladder's `hold`: the engine put the idea on hold, with a review date (a timer).
        case autoHeld(stage: String, reason: String, until: Date)
        /// A hold's review date came: the idea resurfaces, and resumes when the stage says
        /// `on_review: resume` (then an `idea.resumed` follows in the same command).
        case holdReviewDue(until: Date, resumes: Bool)
        /// The idea was given to a facilitator to hold (at intake by the system, or by a facilitator).
        case ownerAssigned(owner: IdeaPerson, previous: IdeaPerson?)
        /// The organisations that submit the idea together with its own: the whole list.
        case coSubmittersSet(organisations: [String])
        /// The people assigned to the gate of the idea's stage: the whole list.
        case gatekeepersAssigned(stage: String, gate: String, gatekeepers: [IdeaPerson])
        /// An admin moved the idea to a newer version of its workflow (`pipeline migrate apply`),
        /// by that version's `migrate:` rules: the stage it lands in, and the fields it had a value
        /// in that were renamed (old id to new id) or dropped.
        case migrated(
            fromVersion: Int, toVersion: Int, fromStage: String, toStage: String, renamedFields: [String: String],
            droppedFields: [String])
    }

    /// A condition as a conditional go gives it: its number, text and day.
    public struct ConditionTerms: Sendable, Hashable {
        public let number: Int
        public let text: String
        public let due: Date

        public init(number: Int, text: String, due: Date) {
            self.number = number
            self.text = text
            self.due = due
        }
    }

    /// The dotted event type of DESIGN.md: `idea.submitted`, `gate.approved`, ...; an
    /// implementation's are `implementation.advanced`, ...
    public var type: String { eventType.name }

    /// The kind of this event, from the catalog.
    public var eventType: EventType {
        isImplementation ? EventType.implementationTwin(of: change.eventType) : change.eventType
    }
}

extension Event.Change {
    /// The kind of this change, from the catalog of event types.
    public var eventType: EventType {
        switch self {
        case .adopted: return .ideaAdopted
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
        case .conditionsSet: return .ideaConditionsSet
        case .conditionMet: return .ideaConditionMet
        case .conditionOverdue: return .ideaConditionOverdue
        case .slaReminder: return .ideaSLAReminder
        case .slaEscalated: return .ideaSLAEscalated
        case .autoHeld: return .ideaAutoHeld
        case .holdReviewDue: return .ideaHoldReviewDue
        case .ownerAssigned: return .ideaOwnerAssigned
        case .coSubmittersSet: return .ideaCoSubmittersSet
        case .gatekeepersAssigned: return .ideaGatekeepersAssigned
        case .migrated: return .ideaMigrated
        }
    }

    /// Whether this change starts an implementation.
    public var isAdoption: Bool {
        if case .adopted = self { return true }
        return false
    }
}
