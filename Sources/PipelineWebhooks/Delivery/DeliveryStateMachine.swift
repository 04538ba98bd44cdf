import PipelineStore

/// What a delivery loop does next, decided without I/O: the loop tells it what happened (messages
/// claimed, answers back, a batch recorded, shutdown) and asks for the next action, which the
/// loop performs over the store and libcurl. Tests step it with instants of their choosing.
///
/// The loop keeps up to `window` messages in flight. Answers are recorded, and new messages
/// claimed, in batches of half a window (or at once when nothing else is in flight, or after
/// `batchDelay`): a batch's record and the claim that refills the window are one transaction, and
/// a transaction per message would make the disk's fsync rate the limit. On shutdown it stops
/// claiming and waits up to `drainTimeout` for the messages in flight; what is still unanswered
/// then is left to its lease.
///
/// ```swift
/// var machine = DeliveryStateMachine(configuration: .init(window: 32), now: clock.now)
/// switch machine.nextAction(now: clock.now) {
/// case .claim(let limit): ...   // claim, start, then machine.claimed(count, requested: limit)
/// case .record(let results, let limit): ... // record (and claim, when limit > 0) in one transaction,
///                                           // then machine.recorded(...) and, if it claimed, claimed(...)
/// case .wait(let timeout, _): ... // sleep until woken or timeout
/// case .stop: return
/// }
/// ```
struct DeliveryStateMachine<Instant: InstantProtocol> where Instant.Duration == Duration {
    struct Configuration: Sendable {
        var window: Int
        var batchDelay: Duration = .milliseconds(5)
        var pollInterval: Duration = .milliseconds(200)
        var drainTimeout: Duration = .seconds(5)
        /// How long to wait after a failed claim or record before trying the store again.
        var retryDelay: Duration = .milliseconds(200)

        /// Half a window: how many answers make a batch worth a transaction.
        var batch: Int { max(1, window / 2) }
    }

    enum Action: Equatable {
        /// Claim up to this many due messages and start them.
        case claim(limit: Int)
        /// Record these answers and, in the same transaction, claim up to `thenClaim` due messages
        /// and start them (none when 0).
        case record([DeliveryResult], thenClaim: Int)
        /// Sleep until woken (a commit, a batch of answers) or the timeout; `cancellable` is false
        /// while draining, when cancellation must not cut the wait for answers short.
        case wait(Duration, cancellable: Bool)
        /// Done: shutdown began and nothing is left to wait for (or the drain timed out).
        case stop
    }

    let configuration: Configuration
    /// Messages started and not yet answered.
    private(set) var inFlight = 0
    /// Answers not yet recorded, oldest first.
    private(set) var unrecorded: [DeliveryResult] = []
    private var oldestUnrecorded: Instant?
    /// After a wait the store is worth asking again; a claim that found fewer than it asked for
    /// is not repeated before the next wait.
    private var mayClaim = true
    private var storeFailedUntil: Instant?
    private var drainDeadline: Instant?

    init(configuration: Configuration) {
        self.configuration = configuration
    }

    var isDraining: Bool { drainDeadline != nil }

    /// Answers that came back.
    mutating func finished(_ results: [DeliveryResult], at now: Instant) {
        guard !results.isEmpty else { return }
        if unrecorded.isEmpty { oldestUnrecorded = now }
        inFlight -= results.count
        unrecorded += results
    }

    /// A claim asked for `requested` and started `count` messages (0 when the claim failed: `failed`).
    mutating func claimed(_ count: Int, requested: Int, failed: Bool = false, at now: Instant) {
        inFlight += count
        if count < requested { mayClaim = false }
        if failed { storeFailedUntil = now.advanced(by: configuration.retryDelay) }
    }

    /// The batch handed out by the last `.record` was written, or not (then it is tried again later).
    mutating func recorded(_ count: Int, succeeded: Bool, at now: Instant) {
        if succeeded {
            unrecorded.removeFirst(min(count, unrecorded.count))
            oldestUnrecorded = unrecorded.isEmpty ? nil : now
        } else {
            storeFailedUntil = now.advanced(by: configuration.retryDelay)
        }
    }

    /// The loop slept: the store may have new messages.
    mutating func woke() { mayClaim = true }

    /// Graceful shutdown began: claim nothing more, record what comes back, for a while.
    mutating func shutdown(at now: Instant) {
        if drainDeadline == nil { drainDeadline = now.advanced(by: configuration.drainTimeout) }
    }

    mutating func nextAction(now: Instant) -> Action {
        let storeAvailable = storeFailedUntil.map { now >= $0 } ?? true
        if let deadline = drainDeadline {
            if inFlight == 0 && unrecorded.isEmpty { return .stop }
            if now >= deadline {
                // Unrecorded answers go once more to the store; messages still out keep their lease.
                if !unrecorded.isEmpty && storeAvailable { return .record(unrecorded, thenClaim: 0) }
                return .stop
            }
            if !unrecorded.isEmpty && inFlight == 0 && storeAvailable { return .record(unrecorded, thenClaim: 0) }
            if unrecorded.count >= configuration.batch && storeAvailable { return .record(unrecorded, thenClaim: 0) }
            return .wait(min(.milliseconds(20), now.duration(to: deadline)), cancellable: false)
        }
        let free = configuration.window - inFlight
        let shouldClaim = mayClaim && (free >= configuration.batch || inFlight == 0)
        if storeAvailable, shouldRecord(now: now) { return .record(unrecorded, thenClaim: shouldClaim ? free : 0) }
        if storeAvailable, shouldClaim { return .claim(limit: free) }
        // Answers wake the loop a batch at a time, so while messages are in flight (or answers
        // wait to be recorded) it also looks every `batchDelay` for a partial batch.
        let busy = inFlight > 0 || !unrecorded.isEmpty
        var timeout = busy ? configuration.batchDelay : configuration.pollInterval
        // A store that just failed is left alone until its retry delay has passed.
        if let until = storeFailedUntil, until > now {
            timeout = min(now.duration(to: until), configuration.pollInterval)
        }
        return .wait(timeout, cancellable: true)
    }

    private func shouldRecord(now: Instant) -> Bool {
        guard !unrecorded.isEmpty else { return false }
        if inFlight == 0 || unrecorded.count >= configuration.batch { return true }
        guard let oldest = oldestUnrecorded else { return true }
        return oldest.duration(to: now) >= configuration.batchDelay
    }
}
