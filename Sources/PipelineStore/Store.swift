import Foundation
import PipelineCore

/// Where ideas and their events live. One protocol for every backend (SQLite, PostgreSQL):
/// async, and nothing in it belongs to one database.
///
/// ```swift
/// try await store.commit(CommandCommit(ideaID: idea.id, expectedVersion: 3, events: events, idea: next))
/// ```
public protocol Store: SessionRecords, Sendable {
    /// Appends the events of one command, updates the idea's read model and writes one outbox
    /// row per matching subscription, all in one transaction. Fails with `.conflict` when the
    /// idea's stored version is not `expectedVersion`; then nothing is written.
    func commit(_ commit: CommandCommit) async throws(StoreError)

    /// The idea's current state, or `nil`.
    func idea(_ id: String) async throws(StoreError) -> Idea?

    /// Ideas matching a query, a page at a time, in a stable order.
    func ideas(_ query: IdeaQuery) async throws(StoreError) -> IdeaPage

    /// Every event of an idea, oldest first.
    func history(of id: String) async throws(StoreError) -> [StoredEvent]

    /// How many ideas are in each stage and status.
    func stageCounts(workflowID: String?) async throws(StoreError) -> [StageCount]

    /// Adds a webhook subscription; events committed from now on that match it get outbox rows.
    func addSubscription(_ subscription: Subscription) async throws(StoreError)

    /// Outbox rows not yet delivered, oldest first (the delivery worker's queue).
    func pendingOutbox(limit: Int) async throws(StoreError) -> [OutboxMessage]

    func subscriptions() async throws(StoreError) -> [Subscription]

    /// Pauses, resumes or (with `.disabled`) stops a subscription; false when there is none.
    func setSubscriptionStatus(id: String, status: Subscription.Status) async throws(StoreError) -> Bool

    /// Gives a subscription a new secret; the old one keeps signing too until `previousValidUntil`.
    func rotateSecret(id: String, newSecret: String, previousValidUntil: Date) async throws(StoreError) -> Bool

    /// Deletes a subscription with its outbox rows and attempts; false when there is none.
    func deleteSubscription(id: String) async throws(StoreError) -> Bool

    /// Takes up to `limit` deliveries that are due, at most one per idea and subscription (the
    /// earliest not yet delivered), and leases them until `leaseUntil`: a worker that dies leaves
    /// them to be taken again after the lease. This is what keeps each idea's events in order.
    func claimDeliveries(limit: Int, now: Date, leaseUntil: Date) async throws(StoreError) -> [Delivery]

    /// Records attempts of claimed deliveries and what follows from each, in one transaction. A
    /// result whose `leaseToken` the row no longer carries (it was claimed again) is left out whole.
    /// A subscription disabled by an outcome gets a `webhook.disabled` notice queued for every
    /// subscription that wants operator events.
    func recordAttempts(_ results: [DeliveryResult]) async throws(StoreError)

    /// A subscription's messages, newest first, with their latest attempts.
    func deliveries(_ query: DeliveryQuery) async throws(StoreError) -> [DeliveryRecord]

    /// Queues one message of a subscription again, due now, whatever its status (a replay);
    /// false when the subscription has no such message.
    func redeliver(subscriptionID: String, outboxID: Int64, now: Date) async throws(StoreError) -> Bool

    /// Queues a subscription's failed messages created since `since` again, due now; their count.
    func redeliver(subscriptionID: String, since: Date, now: Date) async throws(StoreError) -> Int

    /// Every attempt of a subscription's deliveries, oldest first.
    func attempts(subscriptionID: String) async throws(StoreError) -> [DeliveryAttempt]

    /// Calls `onCommit` whenever another process commits webhook messages, until the task is
    /// cancelled. A backend that cannot tell returns at once (delivery then relies on polling).
    func watchCommits(_ onCommit: @escaping @Sendable () -> Void) async

    /// Idea counts grouped by workflow, a dimension and status.
    func counts(groupedBy dimension: CountDimension, workflowID: String?) async throws(StoreError) -> [IdeaCount]

    // MARK: Tokens

    func addToken(_ token: TokenRecord) async throws(StoreError)
    /// The token with this hash, revoked or not.
    func token(hash: String) async throws(StoreError) -> TokenRecord?
    func tokens() async throws(StoreError) -> [TokenRecord]
    /// Revokes a token; false when there is no such token.
    func revokeToken(id: String, at time: Date) async throws(StoreError) -> Bool

    // MARK: Idempotency

    /// The recorded answer to an earlier request with this key from this principal.
    func idempotencyRecord(principal: String, key: String) async throws(StoreError) -> IdempotencyRecord?
    /// Records an answer unless one is already recorded for the key (the first answer wins).
    func saveIdempotencyRecord(_ record: IdempotencyRecord) async throws(StoreError)

    /// Whether the database answers; for health checks.
    func ping() async throws(StoreError)

    /// Closes the database; the store is unusable afterwards.
    func close() async throws(StoreError)
}

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

    public init(
        ideaID: String, expectedVersion: Int, events: [Event], idea: Idea, idempotency: IdempotencyRecord? = nil
    ) {
        self.ideaID = ideaID
        self.expectedVersion = expectedVersion
        self.events = events
        self.idea = idea
        self.idempotency = idempotency
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

extension Store {
    /// One process per SQLite file serves it: commits of the CLI next to a server are found by polling.
    public func watchCommits(_ onCommit: @escaping @Sendable () -> Void) async {}
}
