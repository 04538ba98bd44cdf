import Foundation
import PipelineCore

/// A webhook subscription: where to send which events, signed with its secret.
public struct Subscription: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable, CaseIterable {
        case active
        case paused
        /// Disabled by the delivery worker (410 Gone, or failing for too long).
        case disabled
    }

    public let id: String
    public let url: String
    public let filter: EventFilter
    public let description: String?
    /// `whsec_...`; never logged.
    public let secret: String
    public let status: Status

    public init(
        id: String, url: String, filter: EventFilter, description: String? = nil, secret: String = "",
        status: Status = .active
    ) {
        self.id = id
        self.url = url
        self.filter = filter
        self.description = description
        self.secret = secret
        self.status = status
    }
}

/// One event to deliver to one subscription.
public struct OutboxMessage: Sendable, Hashable {
    public let id: Int64
    public let subscriptionID: String
    public let ideaID: String
    public let sequence: Int
    public let eventType: String

    public init(id: Int64, subscriptionID: String, ideaID: String, sequence: Int, eventType: String) {
        self.id = id
        self.subscriptionID = subscriptionID
        self.ideaID = ideaID
        self.sequence = sequence
        self.eventType = eventType
    }
}

/// One message to send: an outbox row with its subscription's address and secret.
public struct Delivery: Sendable, Hashable {
    public let outboxID: Int64
    public let subscriptionID: String
    public let url: String
    public let secret: String
    /// The secret before a rotation, while its grace period lasts: messages carry both signatures.
    public let previousSecret: String?
    public let ideaID: String
    public let sequence: Int
    public let eventType: String
    /// `evt_<position>`: the same for every attempt, so consumers can deduplicate.
    public let messageID: String
    /// The exact JSON body that is signed and sent.
    public let body: String
    /// Attempts before this one.
    public let attempts: Int
    /// When the subscription last succeeded (or was created): for disabling after days of failure.
    public let failingSince: Date
    /// The fencing token of this claim: each claim of a row counts it up, and a result is recorded
    /// only while the row still carries it, so a worker whose lease ran out and whose row was
    /// claimed again cannot overwrite the new owner's result.
    public let leaseToken: Int64

    public init(
        outboxID: Int64, subscriptionID: String, url: String, secret: String, previousSecret: String? = nil,
        ideaID: String, sequence: Int, eventType: String, messageID: String, body: String, attempts: Int,
        failingSince: Date, leaseToken: Int64 = 0
    ) {
        self.outboxID = outboxID
        self.subscriptionID = subscriptionID
        self.url = url
        self.secret = secret
        self.previousSecret = previousSecret
        self.ideaID = ideaID
        self.sequence = sequence
        self.eventType = eventType
        self.messageID = messageID
        self.body = body
        self.attempts = attempts
        self.failingSince = failingSince
        self.leaseToken = leaseToken
    }
}

/// One try to deliver a message: when, how long, what came back.
public struct DeliveryAttempt: Sendable, Hashable {
    public let outboxID: Int64
    public let at: Date
    public let durationMilliseconds: Int
    /// The HTTP status; 0 when no answer came.
    public let status: Int
    /// The first 4 KiB of the answer.
    public let response: String
    public let error: String?

    public init(outboxID: Int64, at: Date, durationMilliseconds: Int, status: Int, response: String, error: String?) {
        self.outboxID = outboxID
        self.at = at
        self.durationMilliseconds = durationMilliseconds
        self.status = status
        self.response = response
        self.error = error
    }
}

/// One attempt of a delivery and what follows from it.
public struct DeliveryResult: Sendable, Hashable {
    public let delivery: Delivery
    public let attempt: DeliveryAttempt
    public let outcome: DeliveryOutcome

    public init(delivery: Delivery, attempt: DeliveryAttempt, outcome: DeliveryOutcome) {
        self.delivery = delivery
        self.attempt = attempt
        self.outcome = outcome
    }
}

public enum DeliveryOutcome: Sendable, Hashable {
    case delivered
    case retry(at: Date)
    /// Stop: the row fails for good and the subscription is disabled (410 Gone, or days of failure).
    case disableSubscription(reason: String)
}
