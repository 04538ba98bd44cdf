import Foundation
import PipelineCore
import PipelineStore
import Testing

/// Subscriptions, claims, attempts and redelivery: the same on every backend.
extension StoreContractTests {
    static func result(
        _ delivery: Delivery, _ outcome: DeliveryOutcome, status: Int, at time: Date
    ) -> DeliveryResult {
        DeliveryResult(
            delivery: delivery,
            attempt: DeliveryAttempt(
                outboxID: delivery.outboxID, at: time, durationMilliseconds: 12, status: status,
                response: "answer \(status)", error: status == 0 ? "timeout" : nil),
            outcome: outcome)
    }

    @Test(
        "claims take the earliest undelivered message per idea and subscription, in order", arguments: Backend.available
    )
    func claimOrder(backend: Backend) async throws {
        try await backend.withStore { store in
            let handler = CommandHandler(store: store, library: StoreFixture.library)
            try await store.addSubscription(
                Subscription(id: "all", url: "https://example.org/all", filter: EventFilter(), secret: "whsec_a"))
            for idea in ["idea-1", "idea-2"] {
                try await StoreFixture.submit(handler, id: idea)
                for text in ["een", "twee"] {
                    try await handler.execute(
                        .comment(text), on: idea, actor: StoreFixture.facilitator, now: StoreFixture.now)
                }
            }
            var now = StoreFixture.now
            var order: [String] = []
            for round in 0..<3 {
                now += 1
                let claimed = try await store.claimDeliveries(limit: 10, now: now, leaseUntil: now + 60)
                // Claimed and not yet recorded: nothing more of those ideas is due.
                #expect(try await store.claimDeliveries(limit: 10, now: now, leaseUntil: now + 60).isEmpty)
                if round > 0 {
                    // Failing since the last success: the previous round's.
                    #expect(claimed.map(\.failingSince) == [now - 1, now - 1])
                }
                order += claimed.map { "\($0.ideaID)#\($0.sequence)" }
                try await store.recordAttempts(claimed.map { Self.result($0, .delivered, status: 204, at: now) })
            }
            #expect(order == ["idea-1#1", "idea-2#1", "idea-1#2", "idea-2#2", "idea-1#3", "idea-2#3"])
            #expect(try await store.pendingOutbox(limit: 10).isEmpty)
            #expect(try await store.attempts(subscriptionID: "all").map(\.status) == Array(repeating: 204, count: 6))
        }
    }

    @Test(
        "a batch's record and the claim after it are one step: an idea's next message is taken at once",
        arguments: Backend.available)
    func recordThenClaim(backend: Backend) async throws {
        try await backend.withStore { store in
            let handler = CommandHandler(store: store, library: StoreFixture.library)
            try await store.addSubscription(
                Subscription(id: "all", url: "https://example.org/all", filter: EventFilter(), secret: "whsec_a"))
            for idea in ["idea-1", "idea-2"] { try await StoreFixture.submit(handler, id: idea) }
            try await handler.execute(
                .comment("een"), on: "idea-1", actor: StoreFixture.facilitator, now: StoreFixture.now)
            func names(_ deliveries: [Delivery]) -> [String] { deliveries.map { "\($0.ideaID)#\($0.sequence)" } }

            var now = StoreFixture.now + 1
            let first = try await store.claimDeliveries(limit: 10, now: now, leaseUntil: now + 60)
            #expect(names(first) == ["idea-1#1", "idea-2#1"])
            // idea-1#1 delivered and idea-2#1 failed: the same transaction takes idea-1#2, not idea-2#1 (due later).
            let next = try await store.recordAttempts(
                [
                    Self.result(first[0], .delivered, status: 204, at: now),
                    Self.result(first[1], .retry(at: now + 30), status: 500, at: now),
                ], thenClaim: 10, now: now, leaseUntil: now + 60)
            #expect(names(next) == ["idea-1#2"])
            #expect(next.map(\.failingSince) == [now], "failing since the success just recorded")
            #expect(try await store.attempts(subscriptionID: "all").map(\.status) == [204, 500])

            // A stale result (its row was claimed again since) records nothing; the claim still runs.
            now += 30
            let retried = try await store.claimDeliveries(limit: 10, now: now, leaseUntil: now + 60)
            #expect(retried.map(\.outboxID) == [first[1].outboxID])
            let stale = try await store.recordAttempts(
                [Self.result(first[1], .delivered, status: 204, at: now)], thenClaim: 10, now: now,
                leaseUntil: now + 60)
            #expect(stale.isEmpty, "idea-1#2 and idea-2#1 are out")
            #expect(try await store.attempts(subscriptionID: "all").count == 2)

            // A limit of 0 records only; the last record finds nothing more to claim.
            let none = try await store.recordAttempts(
                [Self.result(next[0], .delivered, status: 204, at: now)], thenClaim: 0, now: now, leaseUntil: now + 60)
            #expect(none.isEmpty)
            let after = try await store.recordAttempts(
                [Self.result(retried[0], .delivered, status: 204, at: now)], thenClaim: 10, now: now,
                leaseUntil: now + 60)
            #expect(after.isEmpty)
            #expect(try await store.pendingOutbox(limit: 10).isEmpty)
            #expect(try await !store.hasUnfinishedOutbox())
            #expect(try await store.attempts(subscriptionID: "all").map(\.status) == [204, 500, 204, 204])
        }
    }

    @Test("a failed attempt is retried when it is due, after any number of attempts", arguments: Backend.available)
    func retries(backend: Backend) async throws {
        try await backend.withStore { store in
            let handler = CommandHandler(store: store, library: StoreFixture.library)
            try await store.addSubscription(Subscription(id: "all", url: "https://example.org", filter: EventFilter()))
            try await StoreFixture.submit(handler, id: "idea-1")
            let now = StoreFixture.now + 1
            let first = try #require(try await store.claimDeliveries(limit: 10, now: now, leaseUntil: now + 60).first)
            #expect(first.attempts == 0)
            #expect(first.messageID.hasPrefix("evt_"))
            #expect(first.body.contains("idea.submitted"))
            try await store.recordAttempts([Self.result(first, .retry(at: now + 30), status: 0, at: now)])
            #expect(try await store.claimDeliveries(limit: 10, now: now + 29, leaseUntil: now + 90).isEmpty)
            let second = try #require(
                try await store.claimDeliveries(limit: 10, now: now + 30, leaseUntil: now + 90).first)
            #expect(second.outboxID == first.outboxID)
            #expect(second.messageID == first.messageID, "the same message id for every attempt")
            #expect(second.attempts == 1)
            let attempts = try await store.attempts(subscriptionID: "all")
            #expect(
                attempts == [
                    DeliveryAttempt(
                        outboxID: first.outboxID, at: now, durationMilliseconds: 12, status: 0, response: "answer 0",
                        error: "timeout")
                ])
        }
    }

    @Test("subscriptions: listed, paused, rotated, disabled, redelivered and deleted", arguments: Backend.available)
    func subscriptionLifecycle(backend: Backend) async throws {
        try await backend.withStore { store in
            let handler = CommandHandler(store: store, library: StoreFixture.library)
            let first = Subscription(
                id: "sub-a", url: "https://example.org/a", filter: EventFilter(types: ["idea.*"]),
                description: "regio", secret: "whsec_old")
            let second = Subscription(
                id: "sub-b", url: "https://example.org/b", filter: EventFilter(), secret: "whsec_b", status: .paused)
            try await store.addSubscription(first)
            try await store.addSubscription(second)
            #expect(try await store.subscriptions() == [first, second])
            #expect(try await !store.setSubscriptionStatus(id: "sub-none", status: .paused))
            #expect(try await !store.rotateSecret(id: "sub-none", newSecret: "x", previousValidUntil: StoreFixture.now))

            // Paused subscriptions get messages, and get them sent once resumed.
            try await StoreFixture.submit(handler, id: "idea-1")
            var now = StoreFixture.now + 1
            #expect(
                try await store.claimDeliveries(limit: 10, now: now, leaseUntil: now - 1).map(\.subscriptionID) == [
                    "sub-a"
                ])
            #expect(try await store.setSubscriptionStatus(id: "sub-b", status: .active))

            // A rotated secret: both sign while the grace period lasts, the new one alone after it.
            #expect(try await store.rotateSecret(id: "sub-a", newSecret: "whsec_new", previousValidUntil: now + 3600))
            #expect(try await store.subscriptions().first?.secret == "whsec_new")
            let during = try await store.claimDeliveries(limit: 10, now: now, leaseUntil: now - 1)
            #expect(during.map(\.subscriptionID) == ["sub-a", "sub-b"])
            #expect(during.map(\.secret) == ["whsec_new", "whsec_b"])
            #expect(during.map(\.previousSecret) == ["whsec_old", nil])
            now += 7200
            let after = try await store.claimDeliveries(limit: 10, now: now, leaseUntil: now + 60)
            #expect(after.map(\.previousSecret) == [nil, nil])

            // 410 Gone: the message fails and the subscription is disabled; nothing more is sent.
            let (sent, gone) = (try #require(after.first), try #require(after.last))
            try await store.recordAttempts([
                Self.result(sent, .delivered, status: 204, at: now),
                Self.result(gone, .disableSubscription(reason: "the endpoint answered 410 Gone"), status: 410, at: now),
            ])
            #expect(try await store.subscriptions().map(\.status) == [.active, .disabled])
            #expect(try await store.claimDeliveries(limit: 10, now: now + 900, leaseUntil: now + 960).isEmpty)

            // Back again: resumed and redelivered, the message goes out once more.
            #expect(try await store.setSubscriptionStatus(id: "sub-b", status: .active))
            #expect(try await store.redeliver(subscriptionID: "sub-b", since: StoreFixture.now + 10, now: now) == 0)
            #expect(try await store.redeliver(subscriptionID: "sub-b", since: .distantPast, now: now) == 1)
            let again = try await store.claimDeliveries(limit: 10, now: now + 900, leaseUntil: now + 960)
            #expect(again.map(\.outboxID) == [gone.outboxID])
            #expect(again.map(\.attempts) == [1])
            try await store.recordAttempts(again.map { Self.result($0, .delivered, status: 200, at: now + 900) })
            #expect(try await store.claimDeliveries(limit: 10, now: now + 1800, leaseUntil: now + 1860).isEmpty)
            #expect(try await store.subscriptions().first { $0.id == "sub-b" }?.status == .active)
            #expect(try await store.attempts(subscriptionID: "sub-b").map(\.status) == [410, 200])

            // Deleted with its messages and attempts.
            #expect(try await store.deleteSubscription(id: "sub-b"))
            #expect(try await !store.deleteSubscription(id: "sub-b"))
            #expect(try await store.subscriptions().map(\.id) == ["sub-a"])
            #expect(try await store.attempts(subscriptionID: "sub-b").isEmpty)
            #expect(try await store.pendingOutbox(limit: 10).allSatisfy { $0.subscriptionID == "sub-a" })
        }
    }
}
