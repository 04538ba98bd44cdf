import Foundation
import PipelineStore

/// Remembers checked tokens for a few seconds, so that a request costs no database read for its
/// token. A revoked token therefore stops working within `lifetime` (10 s), on every instance.
/// Unknown tokens are never remembered: guessing cannot fill the memory.
final class TokenCache: @unchecked Sendable {
    private let lock = NSLock()
    // Guarded by `lock`.
    private var entries: [String: (record: TokenRecord, expires: Date)] = [:]
    private let clock: any WallClock
    let lifetime: TimeInterval
    let capacity: Int

    init(clock: any WallClock, lifetime: TimeInterval = 10, capacity: Int = 10_000) {
        self.clock = clock
        self.lifetime = lifetime
        self.capacity = capacity
    }

    func record(hash: String, load: () async throws -> TokenRecord?) async throws -> TokenRecord? {
        let now = clock.now()
        let cached = lock.withLock { entries[hash] }
        if let cached, cached.expires > now { return cached.record }
        guard let record = try await load() else { return nil }
        lock.withLock {
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[hash] = (record, now.addingTimeInterval(lifetime))
        }
        return record
    }
}
