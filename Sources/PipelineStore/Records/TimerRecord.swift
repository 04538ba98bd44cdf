import Foundation
import PipelineCore

/// A timer as stored: what the engine planned (``IdeaTimer``), where it stands, and its claim.
public struct TimerRecord: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable, CaseIterable {
        /// Waiting for its due time, or claimed by a timer service that has not fired it yet.
        case pending
        /// Its command was committed (``CommandCommit/firedTimer``).
        case fired
        /// A later command moved the idea on (``TimerPlan/cancel``) before it fired.
        case cancelled
    }

    public let id: Int64
    public let ideaID: String
    public let kind: IdeaTimer.Kind
    public let subject: String
    public let dueAt: Date
    /// The time of the command that scheduled it.
    public let createdAt: Date
    public let status: Status
    public let firedAt: Date?
    public let cancelledAt: Date?
    /// Until when a timer service holds its claim of a pending timer; `nil` when nobody does.
    public let leaseUntil: Date?
    /// Counted up by every claim: it names the claim, so that only its holder can give it back
    /// (``TimerStore/releaseTimer(id:leaseToken:)``).
    public let leaseToken: Int64

    public init(
        id: Int64, ideaID: String, kind: IdeaTimer.Kind, subject: String, dueAt: Date, createdAt: Date,
        status: Status, firedAt: Date? = nil, cancelledAt: Date? = nil, leaseUntil: Date? = nil, leaseToken: Int64 = 0
    ) {
        self.id = id
        self.ideaID = ideaID
        self.kind = kind
        self.subject = subject
        self.dueAt = dueAt
        self.createdAt = createdAt
        self.status = status
        self.firedAt = firedAt
        self.cancelledAt = cancelledAt
        self.leaseUntil = leaseUntil
        self.leaseToken = leaseToken
    }

    /// The timer as the engine planned it.
    public var timer: IdeaTimer { IdeaTimer(ideaID: ideaID, kind: kind, dueAt: dueAt, subject: subject) }
}
