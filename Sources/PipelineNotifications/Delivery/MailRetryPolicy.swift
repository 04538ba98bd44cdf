import Foundation
import PipelineMail
import PipelineStore

/// What becomes of a notification's mail after an attempt, and when a failed one is tried again.
///
/// - sent (250): done.
/// - refused for good (5xx to the sender, the recipient or the message): failed, not tried again.
/// - not sent this time (4xx, nothing listening, a timeout, a refused login): tried again after
///   1 minute, then 2, 4, 8, 16, 32, then every hour (each wait ±10% at random, so that many
///   failures do not come back in lockstep); after the 12th attempt it is failed (about six
///   hours after the first).
/// - interrupted because the sender was shut down (``SMTPSender/shutdown()``): due again at once.
///
/// Pure: the caller passes the time and the random number.
public struct MailRetryPolicy: Sendable, Hashable {
    public var firstDelay: TimeInterval
    public var maximumDelay: TimeInterval
    /// Each wait is stretched or shrunk by up to this fraction.
    public var jitter: Double
    /// Attempts in all, the first included, before a transient failure counts as failed.
    public var maximumAttempts: Int

    public static let standard = MailRetryPolicy()

    public init(
        firstDelay: TimeInterval = 60, maximumDelay: TimeInterval = 3_600, jitter: Double = 0.1,
        maximumAttempts: Int = 12
    ) {
        self.firstDelay = max(firstDelay, 0)
        self.maximumDelay = max(maximumDelay, self.firstDelay)
        self.jitter = min(max(jitter, 0), 0.5)
        self.maximumAttempts = max(maximumAttempts, 1)
    }

    /// The wait after `failures` failed attempts (1 for the first), with `random` in 0..<1:
    /// `firstDelay` doubled for each failure before, at most `maximumDelay`, then jittered.
    public func delay(afterFailures failures: Int, random: Double) -> TimeInterval {
        let doublings = min(max(failures, 1) - 1, 40)
        let base = min(firstDelay * pow(2, Double(doublings)), maximumDelay)
        return base * (1 + jitter * (2 * min(max(random, 0), 1) - 1))
    }

    /// What to record for a message's result, when its notifications had `attemptsBefore`
    /// attempts before this one.
    public func disposition(of result: MailResult, attemptsBefore: Int, now: Date, random: Double) -> MailDisposition {
        switch result.outcome {
        case .sent:
            return .sent
        case .permanentFailure:
            return .failed(reason: result.reason)
        case .transientFailure:
            if result.interruptedByShutdown { return .retry(at: now, reason: result.reason) }
            let attempts = attemptsBefore + 1
            if attempts >= maximumAttempts {
                return .failed(reason: "gave up after \(attempts) attempts; the last: \(result.reason)")
            }
            return .retry(
                at: now.addingTimeInterval(delay(afterFailures: attempts, random: random)), reason: result.reason)
        }
    }
}
