import Foundation
import NIOCore
import PipelineCore
import PipelineStore

/// Each idea's JSON as the API shows it (`IdeaResource`), encoded once per state of the idea:
/// `GET /v1/ideas/{id}` and the lists answer with these bytes instead of encoding again. An
/// answer is reused only for an idea equal in every member to the one it was encoded from (the
/// idea as the reader loaded it: normalized fields, adoptions), so it is what encoding would
/// give; the idea itself is read from the store on every request (see `DecodedIdeas`). At most
/// `capacity` answers are kept; a new one replaces an arbitrary other when full.
public final class IdeaAnswers: Sendable {
    private let cache: BoundedCache<(idea: Idea, json: ByteBuffer)>

    public init(capacity: Int = 4_096) {
        cache = BoundedCache(capacity: capacity)
    }

    public var capacity: Int { cache.capacity }

    /// How many answers are kept now.
    public var count: Int { cache.count }

    /// `IdeaResource(idea)` as JSON (``APIJSON/encoder``).
    func json(_ idea: Idea) throws -> ByteBuffer {
        try cache.value(
            idea.id, isCurrent: { $0.idea == idea },
            make: { (idea, ByteBuffer(bytes: try APIJSON.encoder.encode(IdeaResource(idea)))) }
        ).json
    }

    /// `IdeaListResource` as JSON: the same bytes as encoding it (sorted keys: the records' key,
    /// then `next_cursor`), from each idea's answer.
    func list(records: String, ideas: [Idea], nextCursor: String?) throws -> ByteBuffer {
        var parts: [ByteBuffer] = []
        parts.reserveCapacity(ideas.count)
        for idea in ideas { parts.append(try json(idea)) }
        var buffer = ByteBuffer()
        buffer.reserveCapacity(parts.reduce(64) { $0 + $1.readableBytes + 1 })
        buffer.writeString("{")
        buffer.writeBytes(try APIJSON.encoder.encode(records))
        buffer.writeString(":[")
        for (index, part) in parts.enumerated() {
            if index > 0 { buffer.writeString(",") }
            buffer.writeImmutableBuffer(part)
        }
        buffer.writeString("]")
        if let nextCursor {
            buffer.writeString(",\"next_cursor\":")
            buffer.writeBytes(try APIJSON.encoder.encode(nextCursor))
        }
        buffer.writeString("}")
        return buffer
    }
}
