import Foundation
import PipelineMail
import PipelineStore

/// One round of the mail loop, testable without a service: claims due mail (a batch, leased),
/// composes the messages, sends them with the ``SMTPSender`` and records what became of each
/// notification (``MailRetryPolicy``), in one transaction.
///
/// ```swift
/// let delivery = MailDelivery(store: store, sender: SMTPSender(configuration: smtp), composer: composer)
/// let report = try await delivery.deliverDue()   // report.sent, .retried, .failed
/// ```
///
/// Due are the notifications to send at once whose next attempt has come, and the digest ones
/// written before the last digest hour (``DigestSchedule/digestBefore(_:)``). A claim is leased:
/// a server that dies holding it leaves it to the next round after the lease, so every
/// notification is sent at least once (a message whose answer was lost may be sent twice).
/// The SMTP work runs on the sender's own thread; this only awaits it. A round told to
/// ``StopWaiting`` (a server stopping) records the answers that came back and leaves the other
/// notifications to their lease.
public struct MailDelivery: Sendable {
    public struct Configuration: Sendable {
        /// Notifications claimed at once.
        public var batchSize = 64
        /// A claim is taken again after this long (a server that died with it): longer than a
        /// round can take, whose messages all end within the sender's 60-second time limit
        /// (counted from when they are handed in), with room to record them.
        public var lease: TimeInterval = 120
        public var retry = MailRetryPolicy.standard
        public var digest = DigestSchedule()

        public init() {}
    }

    /// What one round did, by notification (a digest carries several).
    public struct Report: Sendable, Equatable {
        public var claimed = 0
        /// Messages handed to the SMTP server.
        public var messages = 0
        public var sent = 0
        public var retried = 0
        public var failed = 0
        /// Sent, but the round stopped waiting for their answer: they keep their claim until the
        /// lease ends, and are then sent again.
        public var unanswered = 0
        /// The notifications that failed for good in this round, and why.
        public var failures: [Failure] = []

        public struct Failure: Sendable, Equatable {
            public let notificationID: String
            public let email: String
            public let reason: String
        }

        public init() {}
    }

    public let store: any NotificationStore
    public let sender: SMTPSender
    public let composer: MailComposer
    public let configuration: Configuration
    public let clock: any WallClock
    private let random: @Sendable () -> Double

    public init(
        store: any NotificationStore, sender: SMTPSender, composer: MailComposer,
        configuration: Configuration = Configuration(), clock: any WallClock = SystemClock(),
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.store = store
        self.sender = sender
        self.composer = composer
        self.configuration = configuration
        self.clock = clock
        self.random = random
    }

    /// Claims, sends and records one batch; an empty report when nothing was due. With
    /// `stopWaiting`, the wait for the server's answers ends when it is stopped.
    public func deliverDue(stopWaiting: StopWaiting? = nil) async throws -> Report {
        let now = clock.now()
        let jobs = try await store.claimMail(
            now: now, digestBefore: configuration.digest.digestBefore(now), limit: configuration.batchSize,
            leaseUntil: now.addingTimeInterval(configuration.lease))
        guard !jobs.isEmpty else { return Report() }
        // Each message starts as soon as it is composed: the first are on their way while the
        // rest are still being written.
        let groups = MailComposer.groups(jobs)
        let answers = Answers(count: groups.count)
        stopWaiting?.attach(answers)
        var messages: [MailComposer.Composed?] = []
        var unsendable: [MailComposer.Unsendable] = []
        for (index, group) in groups.enumerated() {
            switch composer.message(of: group, date: now) {
            case .success(let mail):
                messages.append(mail)
                sender.start(mail.message) { answers.set(index, $0) }
            case .failure(let refused):
                messages.append(nil)
                unsendable.append(refused)
                answers.skip(index)
            }
        }
        let results = await answers.wait()
        stopWaiting?.detach(answers)
        let finished = clock.now()
        let attempts = Dictionary(jobs.map { ($0.notification.id, $0.attempts) }, uniquingKeysWith: max)
        let emails = Dictionary(jobs.map { ($0.notification.id, $0.email) }, uniquingKeysWith: { first, _ in first })
        var outcomes: [(id: String, disposition: MailDisposition)] = []
        var unanswered = 0
        for (composed, answer) in zip(messages, results) {
            guard let mail = composed else { continue }
            guard let result = answer else {
                unanswered += mail.notificationIDs.count
                continue
            }
            // One disposition for all of a digest's notifications, so they stay together.
            let before = mail.notificationIDs.map { attempts[$0] ?? 0 }.max() ?? 0
            let disposition = configuration.retry.disposition(
                of: result, attemptsBefore: before, now: finished, random: random())
            outcomes += mail.notificationIDs.map { ($0, disposition) }
        }
        for refused in unsendable {
            outcomes += refused.notificationIDs.map { ($0, MailDisposition.failed(reason: refused.reason)) }
        }
        // In a task of its own, so that a shutdown (which cancels the caller) still records what was sent.
        let recorded = outcomes
        try await Task { try await store.recordMail(recorded, at: finished) }.value

        var report = Report()
        report.claimed = jobs.count
        report.messages = messages.count(where: { $0 != nil })
        report.unanswered = unanswered
        for (id, disposition) in outcomes {
            switch disposition {
            case .sent: report.sent += 1
            case .retry: report.retried += 1
            case .failed(let reason):
                report.failed += 1
                report.failures.append(.init(notificationID: id, email: emails[id] ?? "", reason: reason))
            }
        }
        return report
    }
}

/// Tells a ``MailDelivery`` round to stop waiting for the SMTP server's answers (a server
/// stopping): the answers that came back are recorded, the other notifications keep their claim
/// until its lease ends. Once stopped, it stays stopped: a later round does not wait at all.
public final class StopWaiting: @unchecked Sendable {
    private let lock = NSLock()
    // Guarded by `lock`.
    private var stopped = false
    private var waiting: [ObjectIdentifier: Answers] = [:]

    public init() {}

    public func stop() {
        let rounds = lock.withLock { () -> [Answers] in
            stopped = true
            return Array(waiting.values)
        }
        for answers in rounds { answers.giveUp() }
    }

    public var isStopped: Bool { lock.withLock { stopped } }

    /// A round waits for `answers`.
    func attach(_ answers: Answers) {
        let stop = lock.withLock { () -> Bool in
            waiting[ObjectIdentifier(answers)] = answers
            return stopped
        }
        if stop { answers.giveUp() }
    }

    func detach(_ answers: Answers) { _ = lock.withLock { waiting.removeValue(forKey: ObjectIdentifier(answers)) } }
}

/// The answers to one round's messages as they come back from the sender's thread; waited for
/// until all are back, or until the round gives up on the rest.
final class Answers: @unchecked Sendable {
    private let lock = NSLock()
    // Guarded by `lock`.
    private var results: [MailResult?]
    private var remaining: Int
    private var finished = false
    private var waiter: CheckedContinuation<[MailResult?], Never>?

    init(count: Int) {
        results = Array(repeating: nil, count: count)
        remaining = count
        finished = count == 0
    }

    func set(_ index: Int, _ result: MailResult) {
        lock.lock()
        guard !finished, results[index] == nil else { return lock.unlock() }
        results[index] = result
        remaining -= 1
        finishIfDone(all: remaining == 0)
    }

    /// Nothing is sent for this one (it could not be composed): it is not waited for.
    func skip(_ index: Int) {
        lock.lock()
        guard !finished else { return lock.unlock() }
        remaining -= 1
        finishIfDone(all: remaining == 0)
    }

    /// Stops waiting: the answers so far are the round's.
    func giveUp() {
        lock.lock()
        finishIfDone(all: true)
    }

    /// Called with the lock held; unlocks it.
    private func finishIfDone(all: Bool) {
        guard all, !finished else { return lock.unlock() }
        finished = true
        let waiter = self.waiter
        self.waiter = nil
        let results = self.results
        lock.unlock()
        waiter?.resume(returning: results)
    }

    /// Every answer, or those that came back before ``giveUp()``; `nil` for the others.
    func wait() async -> [MailResult?] {
        await withCheckedContinuation { continuation in
            lock.lock()
            if finished {
                let results = self.results
                lock.unlock()
                continuation.resume(returning: results)
            } else {
                waiter = continuation
                lock.unlock()
            }
        }
    }
}
