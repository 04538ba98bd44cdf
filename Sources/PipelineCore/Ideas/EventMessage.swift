import Foundation

/// The body of a webhook message: `{"type", "timestamp", "data"}`, with what a consumer needs to
/// act on the event without calling back: the schema version, the idea, its workflow, the stage
/// before and after, the status, the organisation, the region, who did it, a link to the idea in
/// the API and the change. Every key is written out here; `EventType` describes the same members
/// and the JSON Schemas are generated from it.
///
/// ```swift
/// let body = try EventMessage(event: event, sequence: 4, idea: idea, link: ideaLink).encoded()
/// ```
public struct EventMessage: Encodable, Sendable {
    public let type: String
    public let timestamp: String
    let event: Event
    let sequence: Int
    let idea: Idea
    let stageBefore: String
    let link: String

    /// The message for `event`, the `sequence`-th event of an idea that is `idea` after its
    /// command; `link` is where the API shows the idea (the core knows no URL paths).
    public init(event: Event, sequence: Int, idea: Idea, link: String) {
        type = event.type
        timestamp = EventMessage.timestamp(event.at)
        self.event = event
        self.sequence = sequence
        self.idea = idea
        self.link = link
        switch event.change {
        case .advanced(_, let from, _), .recycled(let from, _, _), .killed(_, let from, _): stageBefore = from
        case .migrated(_, _, let from, _, _, _): stageBefore = from
        default: stageBefore = idea.stage
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var body = encoder.container(keyedBy: WireKey.self)
        try body.encode(type, forKey: "type")
        try body.encode(timestamp, forKey: "timestamp")
        var data = body.nestedContainer(keyedBy: WireKey.self, forKey: "data")
        try data.encode(EventSchema.version, forKey: "schema_version")
        if let parent = idea.parent {
            try data.encode(idea.id, forKey: "implementation")
            try data.encode(parent, forKey: "idea")
        } else {
            try data.encode(idea.id, forKey: "idea")
        }
        try data.encode(sequence, forKey: "sequence")
        var workflow = data.nestedContainer(keyedBy: WireKey.self, forKey: "workflow")
        try workflow.encode(idea.workflowID, forKey: "id")
        try workflow.encode(idea.workflowVersion, forKey: "version")
        try data.encode(stageBefore, forKey: "stage_before")
        try data.encode(idea.stage, forKey: "stage_after")
        try data.encode(idea.status.rawValue, forKey: "status")
        try data.encode(idea.organisation, forKey: "organisation")
        try data.encode(idea.region, forKey: "region")
        var actor = data.nestedContainer(keyedBy: WireKey.self, forKey: "actor")
        try actor.encode(event.actor.name, forKey: "name")
        try actor.encode(event.actor.role, forKey: "role")
        try actor.encodeIfPresent(event.actor.organisation, forKey: "organisation")
        try data.encode(link, forKey: "link")
        try data.encode(event.change, forKey: "change")
    }

    /// The exact bytes that are signed and sent: sorted keys, slashes as they are.
    public func encoded() throws -> Data {
        try EventMessage.encoder.encode(self)
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// A body's `timestamp`: UTC with milliseconds, `2026-11-23T15:41:58.120Z`.
    static func timestamp(_ time: Date) -> String {
        Timestamps.withMilliseconds.use { $0.string(from: time) }
    }

    /// A timestamp as ``timestamp(_:)`` writes it (or without the fraction of a second).
    static func date(_ text: String) -> Date? {
        Timestamps.withMilliseconds.use { $0.date(from: text) }
            ?? Timestamps.withoutFraction.use { $0.date(from: text) }
    }
}

/// The two timestamp formatters, made once: making an `ISO8601DateFormatter` costs far more than
/// using one, and every event's message and stored change formats its times. A formatter is not
/// safe to share between threads by itself, so each is used under a lock.
private enum Timestamps {
    static let withMilliseconds = Shared([.withInternetDateTime, .withFractionalSeconds])
    static let withoutFraction = Shared([.withInternetDateTime])

    final class Shared: @unchecked Sendable {
        private let formatter = ISO8601DateFormatter()
        private let lock = NSLock()

        init(_ options: ISO8601DateFormatter.Options) { formatter.formatOptions = options }

        func use<T>(_ body: (ISO8601DateFormatter) -> T) -> T { lock.withLock { body(formatter) } }
    }
}
