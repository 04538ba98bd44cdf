import Foundation

/// Which of a subscription's messages to list: filters by status, event type (a pattern such as
/// `idea.*` is allowed) and idea; newest first, `before` an outbox id for the next page.
public struct DeliveryQuery: Sendable, Hashable {
    public var subscriptionID: String
    public var status: DeliveryRecord.Status?
    public var eventType: String?
    public var ideaID: String?
    public var before: Int64?
    public var limit: Int

    public init(
        subscriptionID: String, status: DeliveryRecord.Status? = nil, eventType: String? = nil, ideaID: String? = nil,
        before: Int64? = nil, limit: Int = 50
    ) {
        self.subscriptionID = subscriptionID
        self.status = status
        self.eventType = eventType
        self.ideaID = ideaID
        self.before = before
        self.limit = limit
    }
}

/// One message to one subscription: where it stands and its latest attempts.
public struct DeliveryRecord: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable, CaseIterable {
        /// Waiting for its turn (its due time, or an earlier message of the same idea).
        case pending
        /// Claimed by a worker, in flight.
        case sending
        case delivered
        /// Given up: its subscription was disabled.
        case failed
    }

    public let outboxID: Int64
    /// The `webhook-id` header: `evt_<position>`, or `ntc_<outbox id>` for operator notices.
    public let messageID: String
    /// Empty for operator notices.
    public let ideaID: String
    public let sequence: Int
    public let eventType: String
    public let status: Status
    public let attemptCount: Int
    public let createdAt: Date
    /// When a pending message is due.
    public let nextAttemptAt: Date
    public let deliveredAt: Date?
    /// The latest attempts, newest first (at most 10).
    public let attempts: [DeliveryAttempt]

    public init(
        outboxID: Int64, messageID: String, ideaID: String, sequence: Int, eventType: String, status: Status,
        attemptCount: Int, createdAt: Date, nextAttemptAt: Date, deliveredAt: Date?, attempts: [DeliveryAttempt]
    ) {
        self.outboxID = outboxID
        self.messageID = messageID
        self.ideaID = ideaID
        self.sequence = sequence
        self.eventType = eventType
        self.status = status
        self.attemptCount = attemptCount
        self.createdAt = createdAt
        self.nextAttemptAt = nextAttemptAt
        self.deliveredAt = deliveredAt
        self.attempts = attempts
    }

    /// The message id of an outbox row: stable across attempts, so consumers can deduplicate.
    public static func messageID(eventPosition: Int64?, outboxID: Int64) -> String {
        eventPosition.map { "evt_\($0)" } ?? "ntc_\(outboxID)"
    }
}
