import Foundation

/// What one notification says, in data rather than words: taken from the event that caused it
/// when the command commits, so that the inbox and the mail read it later without loading the
/// idea or its history again, and render it in the reader's language (``NotificationText``).
///
/// ```swift
/// let content = NotificationContent(notice: notice, events: events, idea: next, workflow: workflow)
/// NotificationText.subject(content)   // "Besluit over 'Digitale triage': door naar Pilot"
/// ```
public struct NotificationContent: Sendable, Hashable, Codable {
    /// A decision's kind, as the mail and the inbox name it.
    public enum Decision: String, Sendable, Hashable, Codable {
        case go
        case conditionalGo = "conditional_go"
        case recycle, hold
        case autoHold = "auto_hold"
        case resume, kill, complete
        /// A region adopted the idea: its implementation there begins.
        case adopt
    }

    public struct Condition: Sendable, Hashable, Codable {
        public let text: String
        /// The day it is due, `2027-03-01`.
        public let due: String
    }

    public let topic: Notice.Topic
    /// The event type that caused it (`idea.advanced`).
    public let eventType: String
    public let ideaID: String
    public let title: String
    public let organisation: String
    public let region: String
    /// The name of the stage the idea is in after the command.
    public let stage: String
    /// Who did it; `nil` for the pipeline itself (timers).
    public var actor: String?
    public var decision: Decision?
    /// The stage a decision led to (go, recycle, kill), by name.
    public var toStage: String?
    /// The reason of a decision, a comment's text, a condition's text.
    public var text: String?
    public var conditions: [Condition]?
    /// A hold's review date, a condition's due date: `2027-03-01`.
    public var day: String?
    /// Whom the idea waits for, or the role it escalates to, by the workflow's names.
    public var roles: [String]?

    /// The content of `notice`, from the event it points at in `events` and the idea after them.
    public init(notice: Notice, events: [Event], idea: Idea, workflow: Workflow) {
        let event = events[min(notice.event, events.count - 1)]
        topic = notice.topic
        eventType = event.type
        ideaID = idea.id
        title = idea.title ?? idea.id
        organisation = idea.organisation
        region = idea.region
        stage = workflow.stage(idea.stage)?.name ?? idea.stage
        actor = event.actor.isSystem ? nil : event.actor.name
        func stageName(_ id: String) -> String { workflow.stage(id)?.name ?? id }
        func roleName(_ id: String) -> String { workflow.roles.first { $0.id == id }?.name ?? id }
        switch event.change {
        case .advanced(_, _, let to):
            decision = .go
            toStage = stageName(to)
            // A go with conditions is one decision: its conditions follow in the same command.
            for later in events {
                if case .conditionsSet(_, _, let terms) = later.change {
                    decision = .conditionalGo
                    conditions = terms.map { Condition(text: $0.text, due: CalendarDay.text($0.due)) }
                }
            }
            if topic == .gateWaiting, let gate = workflow.gate(leaving: to) {
                let ids = gate.approvals.map(\.role) + (gate.scorecard.map { [$0.role] } ?? [])
                roles = ids.reduce(into: [String]()) { names, id in
                    if !names.contains(roleName(id)) { names.append(roleName(id)) }
                }
            }
        case .conditionsSet(_, _, let terms):
            decision = .conditionalGo
            conditions = terms.map { Condition(text: $0.text, due: CalendarDay.text($0.due)) }
        case .recycled(_, let to, let reason):
            decision = .recycle
            toStage = stageName(to)
            text = reason
        case .held(let reason, let until):
            decision = .hold
            text = reason
            day = until.map(CalendarDay.text)
        case .autoHeld(_, let reason, let until):
            decision = .autoHold
            text = reason
            day = CalendarDay.text(until)
        case .resumed:
            decision = .resume
        case .killed(let reason, _, let to):
            decision = .kill
            toStage = to.map(stageName)
            text = reason
        case .completed:
            decision = .complete
        case .commented(let comment):
            text = comment
        case .slaReminder(_, _, let waitingFor):
            roles = waitingFor.map(roleName)
        case .slaEscalated(_, _, let escalateTo):
            roles = [roleName(escalateTo)]
        case .conditionOverdue(_, let conditionText, let due):
            text = conditionText
            day = CalendarDay.text(due)
        case .holdReviewDue(let until, _):
            day = CalendarDay.text(until)
        case .gatekeepersAssigned(let stage, _, _):
            toStage = stageName(stage)
        case .adopted(_, _, _, _, _, let stage, _):
            decision = .adopt
            toStage = stageName(stage)
        case .submitted, .updated, .approved, .reviewed, .conditionMet, .ownerAssigned, .coSubmittersSet, .migrated:
            break
        }
    }
}

extension Notice.Topic: Codable {}
