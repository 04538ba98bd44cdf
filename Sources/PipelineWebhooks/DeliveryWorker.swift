import Foundation
import PipelineStore
import ServiceLifecycle

/// Delivers the outbox: claims due messages (the earliest undelivered one per idea and
/// subscription, so each idea's events arrive in order), signs them, sends them together over
/// one libcurl multi handle, records every attempt and schedules the failures again.
///
/// ```swift
/// let worker = DeliveryWorker(store: store, policy: try AddressPolicy(allowing: ["127.0.0.0/8"]))
/// try await worker.run()   // until cancelled or graceful shutdown
/// ```
public final class DeliveryWorker: Service, Sendable {
    public struct Configuration: Sendable {
        /// Messages in flight at once.
        public var window = 32
        /// How often to look for due messages when there was nothing to do.
        public var pollInterval: Duration = .milliseconds(200)
        /// A claimed message is taken again by another worker after this long.
        public var lease: Duration = .seconds(60)
        public var schedule = RetrySchedule.standard
        public var connectTimeout: Duration = .seconds(5)
        public var totalTimeout: Duration = .seconds(15)

        public init() {}
    }

    private let store: any Store
    private let policy: AddressPolicy
    private let configuration: Configuration
    private let multi = CurlMulti()

    public init(store: any Store, policy: AddressPolicy, configuration: Configuration = Configuration()) {
        self.store = store
        self.policy = policy
        self.configuration = configuration
    }

    /// Delivers until the task is cancelled or graceful shutdown begins; a failing round (the
    /// database unavailable for a moment) is retried after the poll interval, never fatal.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let delivered = (try? await self.deliverDue()) ?? 0
                if delivered == 0 {
                    do { try await Task.sleep(for: self.configuration.pollInterval) } catch { return }
                }
            }
        }
    }

    /// One round: claims, sends and records up to a window of messages; returns how many.
    @discardableResult
    public func deliverDue(now: Date = Date()) async throws -> Int {
        let lease = Double(configuration.lease.components.seconds)
        let due = try await store.claimDeliveries(
            limit: configuration.window, now: now, leaseUntil: now.addingTimeInterval(lease))
        guard !due.isEmpty else { return 0 }
        let timestamp = Int(now.timeIntervalSince1970)
        let requests = due.map { delivery -> CurlRequest in
            let body = Data(delivery.body.utf8)
            let headers = WebhookSigner.headers(
                id: delivery.messageID, timestamp: timestamp, body: body,
                secrets: [delivery.secret] + (delivery.previousSecret.map { [$0] } ?? []))
            var request = CurlRequest(url: delivery.url, headers: headers, body: body)
            request.connectTimeout = configuration.connectTimeout
            request.totalTimeout = configuration.totalTimeout
            return request
        }
        let responses = await multi.perform(requests, policy: policy)
        let finished = Date()
        var results: [DeliveryResult] = []
        for (delivery, response) in zip(due, responses) {
            let attempt = DeliveryAttempt(
                outboxID: delivery.outboxID, at: now,
                durationMilliseconds: response.durationMilliseconds,
                status: response.status, response: String(decoding: response.body, as: UTF8.self), error: response.error
            )
            let outcome = DeliveryWorker.outcome(
                of: response, for: delivery, now: finished, schedule: configuration.schedule,
                random: Double.random(in: 0..<1))
            results.append(DeliveryResult(delivery: delivery, attempt: attempt, outcome: outcome))
        }
        // One transaction (one fsync) records the whole window.
        try await store.recordAttempts(results)
        return due.count
    }

    /// What an answer means: 2xx delivered; 410 Gone disables the subscription; anything else
    /// (3xx included, never followed) is retried on the schedule, honouring `Retry-After` on 429
    /// and 503, until the subscription has failed for `disableAfter`.
    public static func outcome(
        of response: CurlResponse, for delivery: Delivery, now: Date, schedule: RetrySchedule, random: Double
    ) -> DeliveryOutcome {
        if response.succeeded { return .delivered }
        if response.status == 410 { return .disableSubscription }
        if schedule.shouldDisable(failingSince: delivery.failingSince, now: now) { return .disableSubscription }
        let retryAfter = [429, 503].contains(response.status) ? response.retryAfter : nil
        let delay = schedule.delay(afterFailures: delivery.attempts + 1, random: random, retryAfter: retryAfter)
        let seconds = Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18
        return .retry(at: now.addingTimeInterval(seconds))
    }
}
