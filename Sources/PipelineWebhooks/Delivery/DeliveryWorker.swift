import Foundation
import Logging
import PipelineStore
import ServiceLifecycle

/// Delivers the outbox: claims due messages (the earliest undelivered one per idea and
/// subscription, so each idea's events arrive in order), signs them, sends them over one libcurl
/// multi handle, records every attempt and schedules the failures again.
///
/// The loop keeps a window of messages in flight: as answers come back it records them (many in
/// one transaction, which also claims the messages that refill the window), and ``wake()`` (called
/// when a command commits) makes it look for new messages at once instead of at the next poll.
///
/// ```swift
/// let worker = DeliveryWorker(store: store, policy: try AddressPolicy(allowing: ["127.0.0.0/8"]))
/// try await worker.run()   // until cancelled or graceful shutdown
/// ```
public final class DeliveryWorker: Service, Sendable {
    public struct Configuration: Sendable {
        /// Messages in flight at once: about the size of the connection pool, so that a queued
        /// transfer never times out waiting for a connection. Answers are recorded half a window
        /// at a time, in the transaction that claims the next: 64 (batches of 32) drained 1.2x as
        /// fast as 32 on SQLite and 1.5x on PostgreSQL (docs/benchmarks.md). Each idea has at
        /// most one message in flight per subscription, whatever the window.
        public var window = 64
        /// How often to look for due messages when nothing woke the loop (retries falling due,
        /// commits of other instances).
        public var pollInterval: Duration = .milliseconds(200)
        /// A claimed message is taken again by another worker after this long.
        public var lease: Duration = .seconds(30)
        public var schedule = RetrySchedule.standard
        public var connectTimeout: Duration = .seconds(5)
        public var totalTimeout: Duration = .seconds(15)
        /// How long an answer may wait to be recorded with others in one transaction.
        public var batchDelay: Duration = .milliseconds(5)
        /// At shutdown, how long to wait for messages in flight before leaving them to their lease.
        public var drainTimeout: Duration = .seconds(5)

        public init() {}
    }

    private let store: any OutboxStore
    private let policy: AddressPolicy
    private let configuration: Configuration
    private let clock: any WallClock
    private let logger: Logger
    private let multi: CurlMulti
    private let signal = WakeSignal()

    public init(
        store: any OutboxStore, policy: AddressPolicy, configuration: Configuration = Configuration(),
        clock: any WallClock = SystemClock(), logger: Logger = Logger(label: "pipeline.delivery")
    ) {
        self.store = store
        self.policy = policy
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
        self.multi = CurlMulti(maximumConnections: max(configuration.window, 2))
    }

    deinit { multi.shutdown() }

    /// Look for new messages now: a command has committed.
    public func wake() { signal.signal() }

    /// Delivers until the task is cancelled or graceful shutdown begins, then drains (see
    /// ``DeliveryStateMachine``). A failing store (the database unavailable for a moment) is
    /// retried, never fatal.
    public func run() async throws {
        await cancelWhenGracefulShutdown { await self.deliverContinuously() }
        multi.shutdown()
    }

    /// The I/O shell of ``DeliveryStateMachine``: performs each action it asks for.
    private func deliverContinuously() async {
        let machineConfiguration = DeliveryStateMachine<ContinuousClock.Instant>.Configuration(
            window: configuration.window, batchDelay: configuration.batchDelay,
            pollInterval: configuration.pollInterval, drainTimeout: configuration.drainTimeout)
        var machine = DeliveryStateMachine<ContinuousClock.Instant>(configuration: machineConfiguration)
        let finished = FinishedResults(batch: machineConfiguration.batch)
        while true {
            machine.finished(finished.take(), at: .now)
            if Task.isCancelled { machine.shutdown(at: .now) }
            switch machine.nextAction(now: .now) {
            case .claim(let limit):
                let started = await start(limit: limit, into: finished)
                machine.claimed(started ?? 0, requested: limit, failed: started == nil, at: .now)
            case .record(let results, let limit) where limit > 0:
                let started = await record(results, thenStart: limit, into: finished)
                machine.recorded(results.count, succeeded: started != nil, at: .now)
                machine.claimed(started ?? 0, requested: limit, failed: started == nil, at: .now)
            case .record(let results, _):
                let succeeded = await record(results)
                machine.recorded(results.count, succeeded: succeeded, at: .now)
            case .wait(let timeout, let cancellable):
                await signal.wait(upTo: timeout, cancellable: cancellable)
                machine.woke()
            case .stop:
                return
            }
        }
    }

    /// Records results in one transaction; false when the store failed (they are tried again).
    private func record(_ results: [DeliveryResult]) async -> Bool {
        do {
            // In a task of its own, so that shutdown (which cancels this one) still records them.
            try await Task { try await self.store.recordAttempts(results) }.value
            logDisabled(results)
            return true
        } catch {
            logger.warning("cannot record delivery attempts", metadata: ["error": "\(error)"])
            return false
        }
    }

    /// One round: claims up to a window of messages, sends them, waits for every answer and
    /// records them; returns how many. For tests and tools that want a step at a time.
    @discardableResult
    public func deliverDue() async throws -> Int {
        let now = clock.now()
        let due = try await claim(limit: configuration.window, now: now)
        guard !due.isEmpty else { return 0 }
        let responses = await multi.perform(due.map(request), policy: policy)
        let finished = clock.now()
        let results = zip(due, responses).map { delivery, response in
            result(of: response, for: delivery, startedAt: now, finishedAt: finished)
        }
        try await store.recordAttempts(results)
        logDisabled(results)
        return due.count
    }

    private func claim(limit: Int, now: Date) async throws(StoreError) -> [Delivery] {
        let lease = Double(configuration.lease.components.seconds)
        return try await store.claimDeliveries(limit: limit, now: now, leaseUntil: now.addingTimeInterval(lease))
    }

    /// Claims and starts up to `limit` messages, whose results arrive in `finished`; how many,
    /// or nil when the store failed.
    private func start(limit: Int, into finished: FinishedResults) async -> Int? {
        await start(into: finished, failure: "cannot claim deliveries") { now in
            try await self.claim(limit: limit, now: now)
        }
    }

    /// Records results and claims up to `limit` messages in one transaction, then starts them;
    /// how many, or nil when the store failed (then nothing was recorded or claimed).
    private func record(_ results: [DeliveryResult], thenStart limit: Int, into finished: FinishedResults) async
        -> Int?
    {
        let lease = Double(configuration.lease.components.seconds)
        let started = await start(into: finished, failure: "cannot record delivery attempts") { now in
            // In a task of its own, so that shutdown (which cancels this one) still records them.
            try await Task {
                try await self.store.recordAttempts(
                    results, thenClaim: limit, now: now, leaseUntil: now.addingTimeInterval(lease))
            }.value
        }
        if started != nil { logDisabled(results) }
        return started
    }

    private func start(
        into finished: FinishedResults, failure: Logger.Message, _ claim: (Date) async throws -> [Delivery]
    ) async -> Int? {
        let now = clock.now()
        let due: [Delivery]
        do {
            due = try await claim(now)
        } catch {
            logger.warning(failure, metadata: ["error": "\(error)"])
            return nil
        }
        finished.started(due.count)
        for delivery in due {
            // Signed on libcurl's thread as it is sent, not here: the loop goes back to the store.
            let completion: CurlMulti.Completion = { [self] response in
                let result = result(of: response, for: delivery, startedAt: now, finishedAt: clock.now())
                if finished.append(result) { signal.signal() }
            }
            multi.start({ self.request(delivery) }, policy: policy, completion: completion)
        }
        return due.count
    }

    private func request(_ delivery: Delivery) -> CurlRequest {
        let body = Data(delivery.body.utf8)
        let headers = WebhookSigner.headers(
            id: delivery.messageID, timestamp: Int(clock.now().timeIntervalSince1970), body: body,
            secrets: [delivery.secret] + (delivery.previousSecret.map { [$0] } ?? []))
        var request = CurlRequest(url: delivery.url, headers: headers, body: body)
        request.connectTimeout = configuration.connectTimeout
        request.totalTimeout = configuration.totalTimeout
        return request
    }

    private func result(of response: CurlResponse, for delivery: Delivery, startedAt: Date, finishedAt: Date)
        -> DeliveryResult
    {
        let attempt = DeliveryAttempt(
            outboxID: delivery.outboxID, at: startedAt, durationMilliseconds: response.durationMilliseconds,
            status: response.status, response: String(decoding: response.body, as: UTF8.self),
            error: response.error)
        let outcome = DeliveryWorker.outcome(
            of: response, for: delivery, now: finishedAt, schedule: configuration.schedule,
            random: Double.random(in: 0..<1))
        return DeliveryResult(delivery: delivery, attempt: attempt, outcome: outcome)
    }

    private func logDisabled(_ results: [DeliveryResult]) {
        var logged: Set<String> = []
        for result in results {
            guard case .disableSubscription(let reason) = result.outcome,
                logged.insert(result.delivery.subscriptionID).inserted
            else { continue }
            logger.warning(
                "webhook disabled", metadata: ["webhook": "\(result.delivery.subscriptionID)", "reason": "\(reason)"])
        }
    }

    /// What an answer means: 2xx delivered; 410 Gone disables the subscription; anything else
    /// (3xx included, never followed) is retried on the schedule, honouring `Retry-After` on 429
    /// and 503, until the subscription has failed for `disableAfter`.
    public static func outcome(
        of response: CurlResponse, for delivery: Delivery, now: Date, schedule: RetrySchedule, random: Double
    ) -> DeliveryOutcome {
        if response.succeeded { return .delivered }
        if response.status == 410 { return .disableSubscription(reason: "the endpoint answered 410 Gone") }
        if schedule.shouldDisable(failingSince: delivery.failingSince, now: now) {
            let days = Int(now.timeIntervalSince(delivery.failingSince) / 86_400)
            return .disableSubscription(reason: "no successful delivery for \(days) days")
        }
        let retryAfter = [429, 503].contains(response.status) ? response.retryAfter : nil
        let delay = schedule.delay(afterFailures: delivery.attempts + 1, random: random, retryAfter: retryAfter)
        let seconds = Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18
        return .retry(at: now.addingTimeInterval(seconds))
    }
}

/// Results handed from the delivery thread to the loop. Waking the loop for every answer would
/// cost a thread switch per message; it is woken when a batch is ready or nothing is left in flight.
private final class FinishedResults: @unchecked Sendable {
    private let batch: Int
    private let lock = NSLock()
    // Guarded by `lock`.
    private var results: [DeliveryResult] = []
    private var outstanding = 0

    init(batch: Int) { self.batch = batch }

    func started(_ count: Int) {
        lock.lock()
        outstanding += count
        lock.unlock()
    }

    /// Adds an answer; true when the loop should be woken for it.
    func append(_ result: DeliveryResult) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        results.append(result)
        outstanding -= 1
        return results.count >= batch || outstanding == 0
    }

    func take() -> [DeliveryResult] {
        lock.lock()
        defer { lock.unlock() }
        let taken = results
        results.removeAll()
        return taken
    }
}
