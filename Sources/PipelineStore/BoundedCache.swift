import Foundation

/// At most `capacity` values by id, shared between threads; a new one replaces an arbitrary
/// other when full. The caller says whether a kept value is still current (`DecodedIdeas` by the
/// stored text, the server's answers by the idea), so nothing here can be stale.
public final class BoundedCache<Value>: @unchecked Sendable {
    private let lock = NSLock()
    // Guarded by `lock`.
    private var entries: [String: Value] = [:]
    public let capacity: Int

    public init(capacity: Int) {
        self.capacity = max(capacity, 0)
    }

    /// How many values are kept now.
    public var count: Int { lock.withLock { entries.count } }

    /// The value kept for `key` when `isCurrent` accepts it; otherwise `make`'s, which is kept.
    public func value<Failure: Error>(
        _ key: String, isCurrent: (Value) -> Bool, make: () throws(Failure) -> Value
    ) throws(Failure) -> Value {
        if let kept = lock.withLock({ entries[key] }), isCurrent(kept) { return kept }
        let value = try make()
        guard capacity > 0 else { return value }
        lock.withLock {
            if entries[key] == nil, entries.count >= capacity, let any = entries.indices.first {
                entries.remove(at: any)
            }
            entries[key] = value
        }
        return value
    }
}
