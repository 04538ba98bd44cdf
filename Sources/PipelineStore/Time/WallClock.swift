import Foundation

/// The time of day for everything above PipelineCore. The engine never reads a clock (its callers
/// pass `now`); the store, the delivery loops, the server, token caches and sessions take a
/// `WallClock` instead of calling `Date()`, so that tests (and the demo) can move time.
///
/// ```swift
/// let clock = ManualClock(now: Date(timeIntervalSince1970: 1_800_000_000))
/// clock.advance(by: 86_400)   // a day later, for everything that holds this clock
/// ```
public protocol WallClock: Sendable {
    /// The current time.
    func now() -> Date
}

/// The system's clock: the one place above PipelineCore that reads the time of day.
public struct SystemClock: WallClock {
    public init() {}

    public func now() -> Date { Date() }
}

/// A clock that stands still until it is moved: for tests, and for the demo that replays months.
public final class ManualClock: WallClock, @unchecked Sendable {
    private let lock = NSLock()
    // Guarded by `lock`.
    private var current: Date

    public init(now: Date) { current = now }

    public func now() -> Date { lock.withLock { current } }

    /// Moves the clock forward by `seconds` (or back, with a negative number).
    public func advance(by seconds: TimeInterval) {
        lock.withLock { current = current.addingTimeInterval(seconds) }
    }

    /// Sets the clock to `date`.
    public func set(_ date: Date) { lock.withLock { current = date } }
}
