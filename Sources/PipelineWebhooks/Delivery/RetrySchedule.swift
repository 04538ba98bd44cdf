import Foundation

/// When to try a failed delivery again: a growing schedule with jitter, so that many failures do
/// not retry in lockstep. Pure: the caller passes the random number.
public struct RetrySchedule: Sendable, Hashable {
    /// The waits after the first, second, ... failure; the last repeats.
    public let delays: [Duration]
    /// Each wait is stretched or shrunk by up to this fraction.
    public let jitter: Double
    /// A subscription that has not succeeded for this long is disabled.
    public let disableAfter: Duration

    public static let standard = RetrySchedule(
        delays: [
            .seconds(5), .seconds(300), .seconds(1_800), .seconds(7_200), .seconds(18_000), .seconds(36_000),
            .seconds(36_000),
        ],
        jitter: 0.1, disableAfter: .seconds(5 * 86_400))

    public init(delays: [Duration], jitter: Double, disableAfter: Duration) {
        self.delays = delays.isEmpty ? [.seconds(5)] : delays
        self.jitter = min(max(jitter, 0), 0.5)
        self.disableAfter = disableAfter
    }

    /// The wait after `failures` failed attempts (1 for the first), with `random` in 0..<1.
    /// A `Retry-After` the endpoint sent (429, 503) wins when it asks for longer.
    public func delay(afterFailures failures: Int, random: Double, retryAfter: Duration? = nil) -> Duration {
        let base = delays[min(max(failures, 1), delays.count) - 1]
        let factor = 1 + jitter * (2 * min(max(random, 0), 1) - 1)
        let jittered = base * factor
        if let retryAfter, retryAfter > jittered { return min(retryAfter, .seconds(86_400)) }
        return jittered
    }

    /// Whether a subscription whose last success (or creation) was at `since` is to be disabled.
    public func shouldDisable(failingSince since: Date, now: Date) -> Bool {
        now.timeIntervalSince(since) >= Double(disableAfter.components.seconds)
    }

    /// `Retry-After` as seconds or as an HTTP date; `nil` when it is neither.
    public static func parseRetryAfter(_ value: String, now: Date) -> Duration? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(text), seconds >= 0 { return .seconds(seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: text) else { return nil }
        return .seconds(max(0, Int(date.timeIntervalSince(now).rounded(.up))))
    }
}
