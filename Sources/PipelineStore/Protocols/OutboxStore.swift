import Foundation
import PipelineCore

/// Webhook subscriptions, the outbox a commit fills, and the deliveries the workers claim and record.
public protocol OutboxStore: Sendable {
    /// Adds a webhook subscription; events committed from now on that match it get outbox rows.
    func addSubscription(_ subscription: Subscription) async throws(StoreError)

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

    /// Records `results` as ``recordAttempts(_:)`` does, then claims up to `limit` due messages as
    /// ``claimDeliveries(limit:now:leaseUntil:)`` does, in one transaction: a delivery loop's step
    /// after a batch of answers, one commit instead of two. The claim sees what was just recorded,
    /// so an idea's next message is taken as soon as the one before it is delivered. When the
    /// transaction fails, neither happened.
    func recordAttempts(_ results: [DeliveryResult], thenClaim limit: Int, now: Date, leaseUntil: Date)
        async throws(StoreError) -> [Delivery]

    /// A subscription's messages, newest first, with their latest attempts.
    func deliveries(_ query: DeliveryQuery) async throws(StoreError) -> [DeliveryRecord]

    /// Queues one message of a subscription again, due now, whatever its status (a replay);
    /// false when the subscription has no such message.
    func redeliver(subscriptionID: String, outboxID: Int64, now: Date) async throws(StoreError) -> Bool

    /// Queues a subscription's failed messages created since `since` again, due now; their count.
    func redeliver(subscriptionID: String, since: Date, now: Date) async throws(StoreError) -> Int

    /// Calls `onCommit` whenever another process commits webhook messages, until the task is
    /// cancelled or the store closes. A backend that cannot tell returns at once (delivery then
    /// relies on polling).
    func watchCommits(_ onCommit: @escaping @Sendable () -> Void) async
}

extension OutboxStore {
    /// One process per SQLite file serves it: commits of the CLI next to a server are found by polling.
    public func watchCommits(_ onCommit: @escaping @Sendable () -> Void) async {}
}
