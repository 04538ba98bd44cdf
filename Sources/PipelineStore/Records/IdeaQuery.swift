import PipelineCore

/// Which ideas to list: equality filters, what the reader may see, and the page.
public struct IdeaQuery: Sendable, Hashable {
    public var workflowID: String?
    public var stage: String?
    public var status: Idea.Status?
    public var region: String?
    public var theme: String?
    public var organisation: String?
    /// For a submitter: only their organisation's ideas and ideas in these shared stages.
    public var visibility: Visibility?
    /// Ideas (the default) or the regions' implementations of adopted ideas.
    public var records: Records = .ideas

    /// Which kind of record a query lists.
    public enum Records: Sendable, Hashable {
        case ideas
        /// Implementations; of one idea when `parent` is given.
        case implementations(parent: String?)
    }
    public var limit: Int
    /// From the previous page's `nextCursor`.
    public var cursor: String?
    /// Whether the page also counts every record the query matches, on every page together
    /// (``IdeaPage/total``): one more statement, under the same conditions.
    public var countsTotal: Bool

    public static let maximumLimit = 500

    /// What the reader may see: ``Access/visibility(for:in:)`` makes it.
    public typealias Visibility = IdeaVisibility
    public typealias WorkflowStage = IdeaVisibility.SharedStage

    public init(
        workflowID: String? = nil, stage: String? = nil, status: Idea.Status? = nil, region: String? = nil,
        theme: String? = nil, organisation: String? = nil, visibility: Visibility? = nil, records: Records = .ideas,
        limit: Int = 50, cursor: String? = nil, countsTotal: Bool = false
    ) {
        self.records = records
        self.workflowID = workflowID
        self.stage = stage
        self.status = status
        self.region = region
        self.theme = theme
        self.organisation = organisation
        self.visibility = visibility
        self.limit = min(max(1, limit), IdeaQuery.maximumLimit)
        self.cursor = cursor
        self.countsTotal = countsTotal
    }
}

/// One page of ideas, oldest submission first.
public struct IdeaPage: Sendable {
    public let ideas: [Idea]
    /// Pass as `cursor` for the next page; `nil` on the last page.
    public let nextCursor: String?
    /// How many records the query matches on all its pages (the cursor aside), when it asked
    /// (``IdeaQuery/countsTotal``); `nil` otherwise.
    public let total: Int?

    public init(ideas: [Idea], nextCursor: String?, total: Int? = nil) {
        self.ideas = ideas
        self.nextCursor = nextCursor
        self.total = total
    }
}

/// The place of an idea in the listing order: when it was submitted, then its id. Opaque to
/// callers: `<milliseconds>.<id>` in base64url.
public struct IdeaCursor: Sendable, Hashable {
    public let submittedAtMilliseconds: Int64
    public let ideaID: String

    public init(submittedAtMilliseconds: Int64, ideaID: String) {
        self.submittedAtMilliseconds = submittedAtMilliseconds
        self.ideaID = ideaID
    }

    public var encoded: String {
        Base64URL.encode(Array("\(submittedAtMilliseconds).\(ideaID)".utf8))
    }

    public init(encoded: String) throws(StoreError) {
        guard encoded.count <= 400, let bytes = Base64URL.decode(encoded),
            let text = String(validating: bytes, as: UTF8.self)
        else { throw .invalidCursor }
        guard let dot = text.firstIndex(of: "."), let milliseconds = Int64(text[..<dot]) else { throw .invalidCursor }
        // An id never holds a control character (PostgreSQL refuses a NUL in text): such a cursor
        // was not handed out, and would otherwise fail in the database rather than here.
        let id = String(text[text.index(after: dot)...])
        guard !id.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw .invalidCursor
        }
        self.init(submittedAtMilliseconds: milliseconds, ideaID: id)
    }
}

/// base64url without padding, small enough to keep here rather than pull in a package.
enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let chunk = Array(bytes[index..<min(index + 3, bytes.count)])
            let value = chunk.enumerated().reduce(0) { $0 | (UInt32($1.element) << (16 - 8 * $1.offset)) }
            for position in 0...chunk.count { output.append(alphabet[Int((value >> (18 - 6 * position)) & 63)]) }
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }

    static func decode(_ text: String) -> [UInt8]? {
        var values: [UInt32] = []
        for byte in text.utf8 {
            guard let index = alphabet.firstIndex(of: byte) else { return nil }
            values.append(UInt32(index))
        }
        guard values.count % 4 != 1 else { return nil }
        var output: [UInt8] = []
        var index = 0
        while index < values.count {
            let chunk = Array(values[index..<min(index + 4, values.count)])
            let value = chunk.enumerated().reduce(UInt32(0)) { $0 | ($1.element << (18 - 6 * $1.offset)) }
            for position in 0..<(chunk.count - 1) { output.append(UInt8((value >> (16 - 8 * position)) & 255)) }
            index += 4
        }
        return output
    }
}
