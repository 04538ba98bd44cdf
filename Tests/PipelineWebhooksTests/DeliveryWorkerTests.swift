import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PipelineCore
import PipelineDefinition
import PipelineStore
import PipelineStoreSQLite
import PipelineWebhooks
import Testing

/// A receiver that records what arrives and fails some requests on purpose.
actor Inbox {
    struct Message {
        let id: String
        let timestamp: String
        let signature: String
        let body: Data
    }

    var messages: [Message] = []
    var requests = 0
    /// 0: never fail; 3: fail every third request with 500.
    var failEvery = 0
    var gone = false
    /// Requests answered only after this long (a timeout for a short-timeout worker), then normally.
    var slowRequests = 0

    func configure(failEvery: Int = 0, gone: Bool = false) {
        self.failEvery = failEvery
        self.gone = gone
    }

    func configure(slowRequests: Int) { self.slowRequests = slowRequests }

    /// Whether to hold this request past the client's timeout.
    func takeSlow() -> Bool {
        guard slowRequests > 0 else { return false }
        slowRequests -= 1
        return true
    }

    func receive(_ headers: HTTPFields, _ body: Data) -> HTTPResponse.Status {
        requests += 1
        if gone { return .gone }
        if failEvery > 0, requests % failEvery == 0 { return .internalServerError }
        messages.append(
            Message(
                id: headers[HTTPField.Name("webhook-id")!] ?? "",
                timestamp: headers[HTTPField.Name("webhook-timestamp")!] ?? "",
                signature: headers[HTTPField.Name("webhook-signature")!] ?? "", body: body))
        return .noContent
    }
}

@Suite("The delivery worker over real libcurl")
struct DeliveryWorkerTests {
    static let library: WorkflowLibrary = {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("workflows")
        let text = (try? String(contentsOf: folder.appendingPathComponent("quick-wins.yml"), encoding: .utf8)) ?? ""
        return WorkflowLibrary(
            WorkflowDefinition.loadAll([WorkflowSource(path: "quick-wins.yml", text: text)]).entries.map(\.workflow))
    }()

    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

    /// Serves `/hook` into `inbox` and `/ops` into `operations`.
    func withReceiver(
        _ inbox: Inbox, operations: Inbox = Inbox(), _ body: @escaping @Sendable (Int) async throws -> Void
    ) async throws {
        let router = Router()
        for (path, target) in [("hook", inbox), ("ops", operations)] {
            router.post(RouterPath(path)) { request, _ -> Response in
                let data = try await request.body.collect(upTo: 1 << 20)
                if await target.takeSlow() { try await Task.sleep(for: .seconds(2)) }
                return Response(status: await target.receive(request.headers, Data(data.readableBytesView)))
            }
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in try await body(client.port ?? 0) }
    }

    /// A store with one subscription to the receiver, and `ideas` ideas of three events each.
    func prepare(port: Int, ideas: Int) async throws -> (SQLiteStore, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pipeline-hooks-\(UUID().uuidString)")
        let store = try SQLiteStore(path: folder.appendingPathComponent("p.sqlite").path)
        try await store.addSubscription(
            Subscription(id: "sub_1", url: "http://127.0.0.1:\(port)/hook", filter: EventFilter(), secret: Self.secret))
        let handler = CommandHandler(store: store, library: Self.library)
        let facilitator = Actor(name: "fenna", role: "facilitator")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<ideas {
                group.addTask {
                    let id = "idea-\(index)"
                    try await handler.submit(
                        id: id, workflowID: "quick-wins", organisation: "org", region: "Twente",
                        fields: ["title": .text("t"), "summary": .text("s"), "cost_eur": .number(100)],
                        actor: facilitator,
                        now: Date())
                    try await handler.execute(.comment("eerste"), on: id, actor: facilitator, now: Date())
                    try await handler.execute(.approve(comment: nil), on: id, actor: facilitator, now: Date())
                }
            }
            try await group.waitForAll()
        }
        return (store, folder)
    }

    func fastRetries() -> DeliveryWorker.Configuration {
        var configuration = DeliveryWorker.Configuration()
        configuration.schedule = RetrySchedule(delays: [.milliseconds(20)], jitter: 0, disableAfter: .seconds(3_600))
        configuration.pollInterval = .milliseconds(10)
        return configuration
    }

    /// Runs rounds until `done` or 60 seconds have passed (a generous bound, not a timing assertion).
    func drive(_ worker: DeliveryWorker, until done: () async -> Bool) async throws {
        let deadline = Date().addingTimeInterval(60)
        while await !done(), Date() < deadline {
            if try await worker.deliverDue() == 0 { try await Task.sleep(for: .milliseconds(25)) }
        }
    }

    @Test("1,000 ideas: every event arrives, signed, in order per idea, although one request in three fails")
    func orderedUnderFailures() async throws {
        let inbox = Inbox()
        await inbox.configure(failEvery: 3)
        try await withReceiver(inbox) { port in
            let (store, folder) = try await prepare(port: port, ideas: 1_000)
            defer { try? FileManager.default.removeItem(at: folder) }
            let worker = DeliveryWorker(
                store: store, policy: try AddressPolicy(allowing: ["127.0.0.0/8"]), configuration: fastRetries())
            try await drive(worker) { await inbox.messages.count >= 3_000 }

            let messages = await inbox.messages
            #expect(messages.count == 3_000)
            let signer = try WebhookSigner(secret: Self.secret)
            var sequences: [String: [Int]] = [:]
            for message in messages {
                #expect(
                    message.signature
                        == signer.signature(id: message.id, timestamp: Int(message.timestamp) ?? 0, body: message.body))
                let json = try JSONSerialization.jsonObject(with: message.body) as? [String: Any]
                let data = json?["data"] as? [String: Any]
                sequences[data?["idea"] as? String ?? "", default: []].append(data?["sequence"] as? Int ?? 0)
            }
            #expect(sequences.count == 1_000)
            for (idea, received) in sequences { #expect(received == [1, 2, 3], "\(idea): \(received)") }
            let attempts = try await store.attempts(subscriptionID: "sub_1")
            #expect(attempts.filter { $0.status == 500 }.count > 0, "failures happened and were retried")
            #expect(try await store.pendingOutbox(limit: 10).isEmpty)
        }
    }

    @Test("410 Gone disables the subscription, stops delivery and tells the operator with webhook.disabled")
    func goneDisables() async throws {
        let inbox = Inbox()
        let operations = Inbox()
        await inbox.configure(gone: true)
        try await withReceiver(inbox, operations: operations) { port in
            let (store, folder) = try await prepare(port: port, ideas: 2)
            defer { try? FileManager.default.removeItem(at: folder) }
            try await store.addSubscription(
                Subscription(
                    id: "ops", url: "http://127.0.0.1:\(port)/ops", filter: EventFilter(types: ["webhook.disabled"]),
                    secret: Self.secret))
            let worker = DeliveryWorker(
                store: store, policy: try AddressPolicy(allowing: ["127.0.0.0/8"]), configuration: fastRetries())
            try await drive(worker) { await operations.messages.count >= 1 }
            #expect(try await store.subscriptions().first { $0.id == "sub_1" }?.status == .disabled)
            let notice = try #require(await operations.messages.first)
            #expect(notice.id.hasPrefix("ntc_"))
            #expect(
                notice.signature
                    == (try WebhookSigner(secret: Self.secret).signature(
                        id: notice.id, timestamp: Int(notice.timestamp) ?? 0, body: notice.body)))
            let json = try JSONSerialization.jsonObject(with: notice.body) as? [String: Any]
            #expect(json?["type"] as? String == "webhook.disabled")
            #expect((json?["data"] as? [String: Any])?["webhook"] as? String == "sub_1")
            #expect(try await worker.deliverDue() == 0, "a disabled subscription gets nothing more")
            #expect(await operations.messages.count == 1, "one notice, although both ideas' messages got 410")

            // The consumer is back: resume, redeliver what failed, and everything arrives.
            await inbox.configure()
            #expect(try await store.setSubscriptionStatus(id: "sub_1", status: .active))
            let queued = try await store.redeliver(subscriptionID: "sub_1", since: .distantPast, now: Date())
            #expect(queued >= 1)
            try await drive(worker) { await inbox.messages.count >= 6 }
            #expect(await inbox.messages.count == 6, "2 ideas × 3 events, each once")
        }
    }

    @Test("a commit wakes the running loop at once: no waiting for the next poll")
    func wakeOnCommit() async throws {
        let inbox = Inbox()
        try await withReceiver(inbox) { port in
            let (store, folder) = try await prepare(port: port, ideas: 1)
            defer { try? FileManager.default.removeItem(at: folder) }
            var configuration = DeliveryWorker.Configuration()
            // Without the wake-up the second idea would wait an hour.
            configuration.pollInterval = .seconds(3_600)
            let worker = DeliveryWorker(
                store: store, policy: try AddressPolicy(allowing: ["127.0.0.0/8"]), configuration: configuration)
            let running = Task { try await worker.run() }
            defer { running.cancel() }
            try await waitUntil { await inbox.messages.count >= 3 }
            #expect(await inbox.messages.count == 3, "the first idea's events, sent as the loop starts")

            let handler = CommandHandler(store: store, library: Self.library, didCommit: { worker.wake() })
            try await handler.submit(
                id: "idea-late", workflowID: "quick-wins", organisation: "org", region: "Twente",
                fields: ["title": .text("t"), "summary": .text("s"), "cost_eur": .number(100)],
                actor: Actor(name: "fenna", role: "facilitator"), now: Date())
            try await waitUntil { await inbox.messages.count >= 4 }
            #expect(await inbox.messages.count == 4, "woken by the commit, not by the hourly poll")
            running.cancel()
            _ = try? await running.value
        }
    }

    /// Waits until `done` or 30 seconds have passed (a generous bound, not a timing assertion).
    func waitUntil(_ done: () async -> Bool) async throws {
        let deadline = Date().addingTimeInterval(30)
        while await !done(), Date() < deadline { try await Task.sleep(for: .milliseconds(10)) }
    }

    @Test("a timeout is retried, then delivered")
    func timeoutThenSuccess() async throws {
        let inbox = Inbox()
        await inbox.configure(slowRequests: 1)
        try await withReceiver(inbox) { port in
            let (store, folder) = try await prepare(port: port, ideas: 1)
            defer { try? FileManager.default.removeItem(at: folder) }
            var configuration = fastRetries()
            configuration.totalTimeout = .milliseconds(300)
            let worker = DeliveryWorker(
                store: store, policy: try AddressPolicy(allowing: ["127.0.0.0/8"]), configuration: configuration)
            try await drive(worker) { await inbox.messages.count >= 3 }
            #expect(await inbox.messages.count >= 3, "every event arrives after the timeout")
            let attempts = try await store.attempts(subscriptionID: "sub_1")
            let timedOut = attempts.filter { $0.status == 0 }
            // The slow answer times out; on a busy machine another may too (300 ms is short), so
            // the test asserts the class: every failed attempt is a timeout, and every event arrives.
            #expect(timedOut.count >= 1, "\(attempts)")
            #expect(timedOut.allSatisfy { $0.error?.lowercased().contains("timeout") == true }, "\(timedOut)")
        }
    }

    @Test("the outcome of each answer")
    func outcomes() {
        let delivery = Delivery(
            outboxID: 1, subscriptionID: "s", url: "http://x", secret: "", ideaID: "i", sequence: 1,
            eventType: "idea.submitted",
            messageID: "evt_1", body: "{}", attempts: 0, failingSince: Date(timeIntervalSince1970: 0))
        let now = Date(timeIntervalSince1970: 1_000)
        func response(_ status: Int, retryAfter: Duration? = nil) -> CurlResponse {
            CurlResponse(status: status, body: Data(), error: nil, duration: .zero, retryAfter: retryAfter)
        }
        let schedule = RetrySchedule.standard
        #expect(
            DeliveryWorker.outcome(of: response(204), for: delivery, now: now, schedule: schedule, random: 0.5)
                == .delivered)
        #expect(
            DeliveryWorker.outcome(of: response(410), for: delivery, now: now, schedule: schedule, random: 0.5)
                == .disableSubscription(reason: "the endpoint answered 410 Gone"))
        #expect(
            DeliveryWorker.outcome(of: response(500), for: delivery, now: now, schedule: schedule, random: 0.5)
                == .retry(at: now + 5))
        #expect(
            DeliveryWorker.outcome(of: response(301), for: delivery, now: now, schedule: schedule, random: 0.5)
                == .retry(at: now + 5))
        #expect(
            DeliveryWorker.outcome(
                of: response(429, retryAfter: .seconds(60)), for: delivery, now: now, schedule: schedule, random: 0.5)
                == .retry(at: now + 60))
        let late = Date(timeIntervalSince1970: 6 * 86_400)
        #expect(
            DeliveryWorker.outcome(of: response(500), for: delivery, now: late, schedule: schedule, random: 0.5)
                == .disableSubscription(reason: "no successful delivery for 6 days"))
    }
}
