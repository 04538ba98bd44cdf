import Foundation
import PipelineCore

/// Ideas already decoded from their stored state, so that reading a row that has not changed
/// since costs no JSON decode. Both backends read the row's `state` from the database on every
/// read and use the decoded idea only when the text is byte for byte the one it was decoded from:
/// a write by this process or by any other (several servers on one PostgreSQL) is seen at once,
/// there is no staleness to bound. At most `capacity` ideas are kept; a new one replaces an
/// arbitrary other when full.
public final class DecodedIdeas: @unchecked Sendable {
    private let lock = NSLock()
    // Guarded by `lock`.
    private var entries: [String: (state: String, idea: Idea)] = [:]
    public let capacity: Int

    public init(capacity: Int = 4_096) {
        self.capacity = max(capacity, 0)
    }

    /// How many ideas are kept now.
    public var count: Int { lock.withLock { entries.count } }

    /// The idea that `state` (the `state` column of idea `id`) holds, decoded once per state.
    public func idea(_ id: String, state: String) throws(StoreError) -> Idea {
        if let cached = lock.withLock({ entries[id] }), DecodedIdeas.same(cached.state, state) {
            return cached.idea
        }
        let idea = try StoredJSON.decode(Idea.self, from: state)
        guard capacity > 0 else { return idea }
        lock.withLock {
            if entries[id] == nil, entries.count >= capacity, let any = entries.indices.first {
                entries.remove(at: any)
            }
            entries[id] = (state, idea)
        }
        return idea
    }

    /// Byte equality: `==` on strings compares canonical equivalence, slower and not what we mean.
    static func same(_ left: String, _ right: String) -> Bool {
        var left = left
        var right = right
        return left.withUTF8 { a in right.withUTF8 { b in a.count == b.count && a.elementsEqual(b) } }
    }
}
