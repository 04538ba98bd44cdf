import Foundation
import PipelineCore

/// Ideas already decoded from their stored state, so that reading a row that has not changed
/// since costs no JSON decode. Both backends read the row's `state` from the database on every
/// read and use the decoded idea only when the text is byte for byte the one it was decoded from:
/// a write by this process or by any other (several servers on one PostgreSQL) is seen at once,
/// there is no staleness to bound. At most `capacity` ideas are kept; a new one replaces an
/// arbitrary other when full.
public final class DecodedIdeas: Sendable {
    private let cache: BoundedCache<(state: String, idea: Idea)>

    public init(capacity: Int = 4_096) {
        cache = BoundedCache(capacity: capacity)
    }

    public var capacity: Int { cache.capacity }

    /// How many ideas are kept now.
    public var count: Int { cache.count }

    /// The idea that `state` (the `state` column of idea `id`) holds, decoded once per state.
    public func idea(_ id: String, state: String) throws(StoreError) -> Idea {
        try cache.value(
            id, isCurrent: { DecodedIdeas.same($0.state, state) },
            make: { () throws(StoreError) in (state, try StoredJSON.decode(Idea.self, from: state)) }
        ).idea
    }

    /// Byte equality: `==` on strings compares canonical equivalence, slower and not what we mean.
    /// `memcmp`, because a generic `elementsEqual` over the bytes took 13% of a page of 50.
    static func same(_ left: String, _ right: String) -> Bool {
        var left = left
        var right = right
        return left.withUTF8 { a in
            right.withUTF8 { b in
                guard a.count == b.count else { return false }
                guard let first = a.baseAddress, let second = b.baseAddress else { return true }
                return memcmp(first, second, a.count) == 0
            }
        }
    }
}
