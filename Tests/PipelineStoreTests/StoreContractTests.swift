import Foundation
import PipelineCore
import PipelineStore
import Testing

/// The contract every `Store` keeps, run on every backend from this one source.
@Suite("Store contract")
struct StoreContractTests {
    @Test("a committed idea reads back with its history", arguments: Backend.available)
    func roundTrip(backend: Backend) async throws {
        try await backend.withStore { store in
            let handler = CommandHandler(store: store, library: StoreFixture.library)
            let submitted = try await StoreFixture.submit(handler, id: "idea-1")
            let commented = try await handler.execute(
                .comment("Graag meer cijfers"), on: "idea-1", actor: StoreFixture.facilitator,
                now: StoreFixture.now + 60)
            let stored = try #require(try await store.idea("idea-1"))
            // An idea in its proposal has no roll-up to read (no region adopts it there).
            #expect(commented.idea.adoptions == nil)
            #expect(stored == commented.idea)
            #expect(stored.version == 2)
            #expect(stored.fields == submitted.fields)
            let history = try await store.history(of: "idea-1")
            #expect(history.map(\.sequence) == [1, 2])
            #expect(history.map(\.event.type) == ["idea.submitted", "idea.commented"])
            #expect(history[0].position < history[1].position)
            #expect(history[1].event.at == StoreFixture.now + 60)
            #expect(history[1].event.actor == StoreFixture.facilitator)
        }
    }

    @Test("a stale version is a conflict and writes nothing", arguments: Backend.available)
    func staleVersion(backend: Backend) async throws {
        try await backend.withStore { store in
            let handler = CommandHandler(store: store, library: StoreFixture.library)
            try await StoreFixture.submit(handler, id: "idea-1")
            try await handler.execute(
                .comment("eerste"), on: "idea-1", actor: StoreFixture.facilitator, now: StoreFixture.now)
            await #expect {
                try await handler.execute(
                    .comment("gebaseerd op versie 1"), on: "idea-1", actor: StoreFixture.facilitator,
                    now: StoreFixture.now,
                    expectedVersion: 1)
            } throws: { error in
                guard case .store(.conflict(let idea, let expected, let actual)) = error as? CommandFailure else {
                    return false
                }
                return idea == "idea-1" && expected == 1 && actual == 2
            }
            // Directly against the store: a commit on an old version is refused whole.
            let idea = try #require(try await store.idea("idea-1"))
            let event = Event(
                ideaID: "idea-1", actor: StoreFixture.facilitator, at: StoreFixture.now, change: .commented(text: "x"))
            var next = idea
            next.version = 2
            await #expect(throws: StoreError.conflict(idea: "idea-1", expected: 1, actual: 2)) {
                try await store.commit(CommandCommit(ideaID: "idea-1", expectedVersion: 1, events: [event], idea: next))
            }
            #expect(try await store.history(of: "idea-1").count == 2)
            #expect(try await store.idea("idea-1")?.version == 2)
        }
    }

    @Test("a second submit with the same id is refused", arguments: Backend.available)
    func duplicateSubmit(backend: Backend) async throws {
        try await backend.withStore { store in
            let handler = CommandHandler(store: store, library: StoreFixture.library)
            try await StoreFixture.submit(handler, id: "idea-1")
            await #expect {
                try await StoreFixture.submit(handler, id: "idea-1")
            } throws: { error in
                if case .refused(.alreadyExists("idea-1")) = error as? CommandFailure { return true }
                return false
            }
        }
    }

    @Test("concurrent commands on one idea: exactly one wins per version, none is lost", arguments: Backend.available)
    func concurrentCommands(backend: Backend) async throws {
        try await backend.withStore { store in
            let handler = CommandHandler(store: store, library: StoreFixture.library)
            try await StoreFixture.submit(handler, id: "idea-1")

            // 32 clients all decided on version 1: one commit wins, the others are conflicts.
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for client in 0..<32 {
                    group.addTask {
                        let result = try? await handler.execute(
                            .comment("client \(client)"), on: "idea-1", actor: StoreFixture.facilitator,
                            now: StoreFixture.now, expectedVersion: 1)
                        return result != nil
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 1)

            // 64 clients that decide again on conflict: every command lands, in one unbroken chain.
            var retrying = handler
            retrying.conflictRetries = 1_000
            let retryingHandler = retrying
            try await withThrowingTaskGroup(of: Void.self) { group in
                for client in 0..<64 {
                    group.addTask {
                        try await retryingHandler.execute(
                            .comment("retrying client \(client)"), on: "idea-1", actor: StoreFixture.facilitator,
                            now: StoreFixture.now)
                    }
                }
                try await group.waitForAll()
            }
            let history = try await store.history(of: "idea-1")
            #expect(history.map(\.sequence) == Array(1...66))
            let comments = history.compactMap { stored -> String? in
                if case .commented(let text) = stored.event.change { return text } else { return nil }
            }
            #expect(Set(comments.filter { $0.hasPrefix("retrying") }).count == 64)
            #expect(try await store.idea("idea-1")?.version == 66)
        }
    }

    @Test("listing filters and pages in a stable order", arguments: Backend.available)
    func listing(backend: Backend) async throws {
        try await backend.withStore { store in
            let handler = CommandHandler(store: store, library: StoreFixture.library)
            let regions = ["Twente", "Zeeland", "Amsterdam"]
            for index in 0..<120 {
                // Several ideas share a submission time: the id breaks the tie.
                try await StoreFixture.submit(
                    handler, id: String(format: "idea-%03d", index), organisation: "org-\(index % 4)",
                    region: regions[index % 3], at: StoreFixture.now + Double(index / 3))
            }
            var seen: [String] = []
            var cursor: String?
            repeat {
                let page = try await store.ideas(IdeaQuery(limit: 50, cursor: cursor))
                seen += page.ideas.map(\.id)
                cursor = page.nextCursor
            } while cursor != nil
            #expect(seen == (0..<120).map { String(format: "idea-%03d", $0) })

            let zeeland = try await store.ideas(IdeaQuery(region: "Zeeland", limit: 500))
            #expect(zeeland.ideas.count == 40)
            #expect(zeeland.nextCursor == nil)
            #expect(zeeland.total == nil, "counted only when asked")
            // The total counts every page, whichever page it comes with.
            var zeelandPages: [String] = []
            var zeelandCursor: String?
            repeat {
                let page = try await store.ideas(
                    IdeaQuery(region: "Zeeland", limit: 15, cursor: zeelandCursor, countsTotal: true))
                #expect(page.total == 40)
                zeelandPages += page.ideas.map(\.id)
                zeelandCursor = page.nextCursor
            } while zeelandCursor != nil
            #expect(zeelandPages == zeeland.ideas.map(\.id))
            #expect(try await store.ideas(IdeaQuery(stage: "pilot", countsTotal: true)).total == 0)
            let filtered = try await store.ideas(
                IdeaQuery(
                    workflowID: "primary-care-innovation", stage: "proposal", status: .active, theme: "anders_besturen",
                    organisation: "org-1", limit: 500))
            #expect(filtered.ideas.count == 30)
            #expect(try await store.ideas(IdeaQuery(stage: "pilot")).ideas.isEmpty)

            let visible = try await store.ideas(
                IdeaQuery(
                    visibility: .init(
                        organisation: "org-2",
                        sharedStages: [.init(workflowID: "primary-care-innovation", stage: "completed")]),
                    limit: 500))
            #expect(visible.ideas.allSatisfy { $0.organisation == "org-2" })
            #expect(visible.ideas.count == 30)
            let counted = try await store.ideas(
                IdeaQuery(visibility: .init(organisation: "org-2", sharedStages: []), limit: 1, countsTotal: true))
            #expect(counted.total == 30, "under the same visibility condition")

            let counts = try await store.stageCounts(workflowID: "primary-care-innovation", visibility: nil)
            #expect(
                counts == [
                    StageCount(workflowID: "primary-care-innovation", stage: "proposal", status: .active, count: 120)
                ])
            #expect(try await store.stageCounts(workflowID: "quick-wins", visibility: nil).isEmpty)
        }
    }

    @Test("a cursor the store did not hand out is refused", arguments: Backend.available)
    func badCursor(backend: Backend) async throws {
        try await backend.withStore { store in
            // Also well-formed base64url of "1.\0", of "1." and bytes that are not UTF-8, of "1.abc\n".
            for cursor in [
                "", "!!!", "bm90IGEgY3Vyc29y", String(repeating: "A", count: 10_000), "MS4A", "MS7__g", "MS5hYmMK",
            ] {
                await #expect(throws: StoreError.invalidCursor) { try await store.ideas(IdeaQuery(cursor: cursor)) }
            }
        }
    }

    @Test("outbox rows are written with the events, one per matching subscription", arguments: Backend.available)
    func outbox(backend: Backend) async throws {
        try await backend.withStore { store in
            let handler = CommandHandler(store: store, library: StoreFixture.library)
            try await store.addSubscription(
                Subscription(id: "all", url: "https://example.org/all", filter: EventFilter()))
            try await store.addSubscription(
                Subscription(
                    id: "twente-ideas", url: "https://example.org/t",
                    filter: EventFilter(types: ["idea.*"], region: "Twente")))
            try await store.addSubscription(
                Subscription(
                    id: "approvals", url: "https://example.org/a", filter: EventFilter(types: ["gate.approved"])))
            try await StoreFixture.submit(handler, id: "idea-1", region: "Twente")
            try await StoreFixture.submit(handler, id: "idea-2", region: "Zeeland")
            try await handler.execute(
                .approve(comment: nil), on: "idea-1", actor: StoreFixture.facilitator, now: StoreFixture.now)
            // A refused command writes nothing, in the outbox neither.
            _ = try? await handler.execute(
                .decide(.go), on: "idea-1", actor: StoreFixture.facilitator, now: StoreFixture.now)

            let rows = try await store.pendingOutbox(limit: 100)
            let summary = rows.map { "\($0.subscriptionID) \($0.ideaID)#\($0.sequence) \($0.eventType)" }
            #expect(
                summary == [
                    "all idea-1#1 idea.submitted", "twente-ideas idea-1#1 idea.submitted",
                    "all idea-2#1 idea.submitted",
                    "all idea-1#2 gate.approved", "approvals idea-1#2 gate.approved",
                ])
        }
    }

    @Test("a claim whose lease ran out and was claimed again cannot record its result", arguments: Backend.available)
    func fencedDeliveries(backend: Backend) async throws {
        try await backend.withStore { store in
            let handler = CommandHandler(store: store, library: StoreFixture.library)
            try await store.addSubscription(
                Subscription(id: "all", url: "https://example.org/all", filter: EventFilter()))
            try await StoreFixture.submit(handler, id: "idea-1")
            let now = StoreFixture.now + 10

            // A worker takes the row, and its lease is over at once (it stalled).
            let late = try await store.claimDeliveries(limit: 10, now: now, leaseUntil: now - 1)
            #expect(late.map(\.ideaID) == ["idea-1"])
            // Another takes it again: a new fencing token.
            let owner = try await store.claimDeliveries(limit: 10, now: now, leaseUntil: now + 60)
            #expect(owner.map(\.outboxID) == late.map(\.outboxID))
            let (stale, current) = (try #require(late.first), try #require(owner.first))
            #expect(current.leaseToken > stale.leaseToken)

            // The late worker's result changes nothing: no attempt, the subscription stays active.
            func result(_ delivery: Delivery, _ outcome: DeliveryOutcome, status: Int) -> DeliveryResult {
                DeliveryResult(
                    delivery: delivery,
                    attempt: DeliveryAttempt(
                        outboxID: delivery.outboxID, at: now, durationMilliseconds: 5, status: status, response: "",
                        error: nil),
                    outcome: outcome)
            }
            try await store.recordAttempts([
                result(stale, .disableSubscription(reason: "the endpoint answered 410 Gone"), status: 410)
            ])
            #expect(try await store.attempts(subscriptionID: "all").isEmpty)
            #expect(try await store.subscriptions().map(\.status) == [.active])

            // The owner's result is recorded; the late one's, arriving after it, still is not.
            try await store.recordAttempts([result(current, .delivered, status: 204)])
            try await store.recordAttempts([result(stale, .retry(at: now + 5), status: 500)])
            let attempts = try await store.attempts(subscriptionID: "all")
            #expect(attempts.map(\.status) == [204])
            #expect(attempts.map(\.outboxID) == [current.outboxID])
            #expect(try await store.claimDeliveries(limit: 10, now: now + 900, leaseUntil: now + 960).isEmpty)
            #expect(try await store.pendingOutbox(limit: 10).isEmpty)
        }
    }

    /// Without a server the parameterised tests above run on SQLite only; this test then shows
    /// up as skipped, with the reason, so a run without PostgreSQL never looks complete.
    @Test("PostgreSQL takes part in this contract", .enabled(if: Backend.postgresURL != nil, Backend.postgresSkipped))
    func postgresTakesPart() async throws {
        #expect(Backend.available == [.sqlite, .postgres])
        try await Backend.postgres.withStore { store in try await store.ping() }
    }

    @Test(
        "deliveries: claims keep each idea in order; the list filters; a message can be replayed",
        arguments: Backend.available)
    func deliveries(backend: Backend) async throws {
        try await backend.withStore { store in
            let handler = CommandHandler(store: store, library: StoreFixture.library)
            try await store.addSubscription(
                Subscription(id: "hook", url: "https://example.org/h", filter: EventFilter(), secret: "whsec_a"))
            try await StoreFixture.submit(handler, id: "idea-1")
            try await StoreFixture.submit(handler, id: "idea-2")
            try await handler.execute(
                .comment("later"), on: "idea-1", actor: StoreFixture.facilitator, now: StoreFixture.now)

            let now = StoreFixture.now.addingTimeInterval(1)
            let first = try await store.claimDeliveries(limit: 10, now: now, leaseUntil: now.addingTimeInterval(60))
            #expect(
                first.map { "\($0.ideaID)#\($0.sequence)" } == ["idea-1#1", "idea-2#1"], "one per idea, the earliest")
            #expect(try await store.claimDeliveries(limit: 10, now: now, leaseUntil: now).isEmpty, "idea-1#2 waits")
            let delivered = try #require(first.first)
            try await store.recordAttempts([
                DeliveryResult(
                    delivery: delivered,
                    attempt: DeliveryAttempt(
                        outboxID: delivered.outboxID, at: now, durationMilliseconds: 3, status: 204, response: "",
                        error: nil), outcome: .delivered),
                DeliveryResult(
                    delivery: first[1],
                    attempt: DeliveryAttempt(
                        outboxID: first[1].outboxID, at: now, durationMilliseconds: 5, status: 500, response: "boom",
                        error: nil), outcome: .retry(at: now.addingTimeInterval(300))),
            ])

            func list(_ change: (inout DeliveryQuery) -> Void = { _ in }) async throws -> [String] {
                var query = DeliveryQuery(subscriptionID: "hook")
                change(&query)
                return try await store.deliveries(query).map { "\($0.ideaID)#\($0.sequence) \($0.status.rawValue)" }
            }
            #expect(try await list() == ["idea-1#2 pending", "idea-2#1 pending", "idea-1#1 delivered"], "newest first")
            #expect(try await list { $0.status = .delivered } == ["idea-1#1 delivered"])
            #expect(try await list { $0.eventType = "idea.commented" } == ["idea-1#2 pending"])
            #expect(try await list { $0.eventType = "idea.*" }.count == 3)
            #expect(try await list { $0.ideaID = "idea-2" } == ["idea-2#1 pending"])
            #expect(try await list { $0.limit = 1 }.count == 1)
            let failed = try #require(
                try await store.deliveries(DeliveryQuery(subscriptionID: "hook", ideaID: "idea-2")).first)
            #expect(failed.attemptCount == 1)
            #expect(failed.attempts.map(\.response) == ["boom"])
            #expect(failed.messageID.hasPrefix("evt_"))

            // A replay of a delivered message puts it back in line, before idea-1's later event.
            #expect(try await store.redeliver(subscriptionID: "hook", outboxID: delivered.outboxID, now: now))
            #expect(try await !store.redeliver(subscriptionID: "other", outboxID: delivered.outboxID, now: now))
            #expect(try await !store.redeliver(subscriptionID: "hook", outboxID: 999_999, now: now))
            let replay = try await store.claimDeliveries(limit: 10, now: now, leaseUntil: now.addingTimeInterval(60))
            #expect(replay.map { "\($0.ideaID)#\($0.sequence)" } == ["idea-1#1"])
            #expect(replay.first?.messageID == delivered.messageID, "the same webhook-id: consumers deduplicate")
        }
    }

    @Test(
        "a disabled subscription queues one webhook.disabled notice for operator subscriptions",
        arguments: Backend.available)
    func disabledNotice(backend: Backend) async throws {
        try await backend.withStore { store in
            let handler = CommandHandler(store: store, library: StoreFixture.library)
            try await store.addSubscription(
                Subscription(id: "hook", url: "https://example.org/h", filter: EventFilter()))
            try await store.addSubscription(
                Subscription(id: "ops", url: "https://example.org/ops", filter: EventFilter(types: ["webhook.*"])))
            try await store.addSubscription(
                Subscription(
                    id: "twente", url: "https://example.org/t", filter: EventFilter(types: ["*"], region: "Twente")))
            try await StoreFixture.submit(handler, id: "idea-1", region: "Zeeland")
            try await StoreFixture.submit(handler, id: "idea-2", region: "Zeeland")
            let now = StoreFixture.now.addingTimeInterval(1)
            let claimed = try await store.claimDeliveries(limit: 10, now: now, leaseUntil: now.addingTimeInterval(60))
            #expect(claimed.count == 2)
            // Both answers say 410 in one round: the subscription is disabled once, and one notice says so.
            try await store.recordAttempts(
                claimed.map { delivery in
                    DeliveryResult(
                        delivery: delivery,
                        attempt: DeliveryAttempt(
                            outboxID: delivery.outboxID, at: now, durationMilliseconds: 1, status: 410, response: "",
                            error: nil), outcome: .disableSubscription(reason: "the endpoint answered 410 Gone"))
                })
            #expect(try await store.subscriptions().first { $0.id == "hook" }?.status == .disabled)
            let notices = try await store.deliveries(DeliveryQuery(subscriptionID: "ops"))
            #expect(notices.map(\.eventType) == ["webhook.disabled"])
            #expect(notices.first?.messageID.hasPrefix("ntc_") == true)
            #expect(try await store.deliveries(DeliveryQuery(subscriptionID: "twente")).isEmpty, "narrowed to ideas")
            let sent = try await store.claimDeliveries(limit: 10, now: now, leaseUntil: now.addingTimeInterval(60))
            let body = try #require(sent.first { $0.subscriptionID == "ops" }?.body)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
            #expect(json["type"] as? String == "webhook.disabled")
            let data = json["data"] as? [String: Any]
            #expect(data?["webhook"] as? String == "hook")
            #expect(data?["reason"] as? String == "the endpoint answered 410 Gone")
            #expect(data?["link"] as? String == EventLinks.webhook("hook"))
            #expect(data?["schema_version"] as? Int == EventSchema.version)
        }
    }
}
