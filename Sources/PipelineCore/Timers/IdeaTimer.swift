import Foundation

/// Something the engine wants to happen to an idea later, by itself: a step of an SLA ladder, the
/// review date of a hold, the due date of a condition. The engine plans timers with the events of
/// a command (``IdeaEngine/timerPlan(after:idea:workflow:)``); the store writes them in the same
/// transaction; a timer service fires due ones through the engine, as the system actor.
public struct IdeaTimer: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Remind whoever must act next (an SLA ladder's `remind`).
        case slaRemind = "sla_remind"
        /// Tell the facilitators, or the ladder's `escalate_to` role.
        case slaEscalate = "sla_escalate"
        /// Put the idea on hold, reason "SLA".
        case slaHold = "sla_hold"
        /// A hold's review date: the idea resurfaces (or resumes, with `on_review: resume`).
        case holdReview = "hold_review"
        /// A condition of a conditional go is due and not met.
        case conditionDue = "condition_due"
    }

    public let ideaID: String
    public let kind: Kind
    public let dueAt: Date
    /// What the timer is about: the stage a ladder step or review belongs to, or the number of
    /// a condition ("1", "2", ...).
    public let subject: String

    public init(ideaID: String, kind: Kind, dueAt: Date, subject: String) {
        self.ideaID = ideaID
        self.kind = kind
        self.dueAt = dueAt
        self.subject = subject
    }
}

/// What a command does to an idea's timers, written in the command's transaction: the pending
/// ones the plan names are cancelled first (the idea moved on: another stage, a hold, a resume,
/// an end; a condition was met), then the new ones are scheduled.
public struct TimerPlan: Sendable, Hashable {
    public var cancel: [TimerSelector]
    public var schedule: [IdeaTimer]

    public init(cancel: [TimerSelector] = [], schedule: [IdeaTimer] = []) {
        self.cancel = cancel
        self.schedule = schedule
    }

    /// A plan that cancels every pending timer of the idea (or none) and schedules `schedule`.
    public init(cancelPending: Bool, schedule: [IdeaTimer] = []) {
        self.init(cancel: cancelPending ? [.all] : [], schedule: schedule)
    }

    /// Nothing changes.
    public static let none = TimerPlan()

    public var isEmpty: Bool { cancel.isEmpty && schedule.isEmpty }

    /// Whether every pending timer is cancelled.
    public var cancelsAll: Bool { cancel.contains(.all) }
}

/// Which pending timers of an idea a plan cancels: those of some kinds, and of one subject if
/// it names one.
public struct TimerSelector: Sendable, Hashable {
    public let kinds: Set<IdeaTimer.Kind>
    public let subject: String?

    public init(kinds: Set<IdeaTimer.Kind>, subject: String? = nil) {
        self.kinds = kinds
        self.subject = subject
    }

    /// Every timer.
    public static let all = TimerSelector(kinds: Set(IdeaTimer.Kind.allCases))
    /// The timers of waiting in a stage: the ladder's steps and a hold's review date.
    public static let waiting = TimerSelector(kinds: [.slaRemind, .slaEscalate, .slaHold, .holdReview])
    /// The steps of an SLA ladder.
    public static let ladder = TimerSelector(kinds: [.slaRemind, .slaEscalate, .slaHold])

    public func matches(_ timer: IdeaTimer) -> Bool {
        kinds.contains(timer.kind) && (subject == nil || subject == timer.subject)
    }
}
