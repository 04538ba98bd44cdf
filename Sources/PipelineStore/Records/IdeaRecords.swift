import Foundation
import PipelineCore

/// Everything one accepted command writes.
public struct CommandCommit: Sendable {
    public let ideaID: String
    /// The version the command was decided on: 0 for a new idea.
    public let expectedVersion: Int
    public let events: [Event]
    /// The idea's state after the events.
    public let idea: Idea
    /// The answer to record for a request's `Idempotency-Key`, in the same transaction: a
    /// retried request then has exactly one effect.
    public let idempotency: IdempotencyRecord?
    /// The idea's timers after the command: cancelled and scheduled in the same transaction.
    public let timers: TimerPlan
    /// The timer this command is the effect of (fired by the timer service): marked fired in the
    /// same transaction, and only if it is still pending; otherwise nothing is written.
    public let firedTimer: Int64?
    /// What people are told of the command, written in the same transaction.
    public let notifications: [NotificationRecord]
    /// For an implementation: its step and outcomes after the command, which the regions'
    /// counts and the adopted idea's roll-up read. `nil` for an idea.
    public var adoption: AdoptionRecord?

    public init(
        ideaID: String, expectedVersion: Int, events: [Event], idea: Idea, idempotency: IdempotencyRecord? = nil,
        timers: TimerPlan = .none, firedTimer: Int64? = nil, notifications: [NotificationRecord] = []
    ) {
        self.notifications = notifications
        self.ideaID = ideaID
        self.expectedVersion = expectedVersion
        self.events = events
        self.idea = idea
        self.idempotency = idempotency
        self.timers = timers
        self.firedTimer = firedTimer
    }
}

/// An event as stored: its place in the idea's history and in the whole log.
public struct StoredEvent: Sendable, Hashable {
    /// 1, 2, 3 ... per idea; the idea's version after this event.
    public let sequence: Int
    /// Increasing over all ideas.
    public let position: Int64
    public let event: Event

    public init(sequence: Int, position: Int64, event: Event) {
        self.sequence = sequence
        self.position = position
        self.event = event
    }
}

public struct StageCount: Sendable, Hashable, Codable {
    public let workflowID: String
    public let stage: String
    public let status: Idea.Status
    public let count: Int

    public init(workflowID: String, stage: String, status: Idea.Status, count: Int) {
        self.workflowID = workflowID
        self.stage = stage
        self.status = status
        self.count = count
    }
}
