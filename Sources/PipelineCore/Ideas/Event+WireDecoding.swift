import Foundation

extension Event.Change {
    /// Reads the change of an event of `type` from its JSON: the flat wire object, or the shape
    /// that stored events written before schema version 1 have (`Event+LegacyWire.swift`).
    ///
    /// ```swift
    /// let change = try Event.Change(type: "idea.held", wire: Data(#"{"reason":"budget"}"#.utf8))
    /// ```
    public init(type: String, wire json: Data) throws(EventDecodingError) {
        guard let eventType = EventType.named(type), case .idea = eventType.subject else {
            throw EventDecodingError(type: type, reason: "it is not a known type of idea event")
        }
        let decoder = JSONDecoder()
        decoder.userInfo[TypedChange.typeKey] = eventType.name
        do {
            self = try decoder.decode(TypedChange.self, from: json).change
        } catch {
            throw EventDecodingError(type: type, reason: "its change does not have the members of that type")
        }
    }

    /// Reads the flat wire object of a change of `type`.
    init(type: String, flat object: KeyedDecodingContainer<WireKey>) throws {
        switch type {
        case EventType.ideaSubmitted.name:
            self = .submitted(
                workflowID: try object.decode(String.self, forKey: "workflow_id"),
                workflowVersion: try object.decode(Int.self, forKey: "workflow_version"),
                organisation: try object.decode(String.self, forKey: "organisation"),
                region: try object.decode(String.self, forKey: "region"),
                stage: try object.decode(String.self, forKey: "stage"),
                fields: try object.decode(FieldValues.self, forKey: "fields"))
        case EventType.ideaUpdated.name:
            self = .updated(changes: try object.decode([String: Value?].self, forKey: "changes"))
        case EventType.gateApproved.name:
            self = .approved(
                gate: try object.decode(String.self, forKey: "gate"),
                role: try object.decode(String.self, forKey: "role"),
                comment: try object.decodeIfPresent(String.self, forKey: "comment"))
        case EventType.gateReviewed.name:
            self = .reviewed(
                gate: try object.decode(String.self, forKey: "gate"),
                scores: try object.decode([String: Int].self, forKey: "scores"),
                comment: try object.decode(String.self, forKey: "comment"))
        case EventType.ideaAdvanced.name:
            self = .advanced(
                gate: try object.decode(String.self, forKey: "gate"),
                from: try object.decode(String.self, forKey: "from"), to: try object.decode(String.self, forKey: "to"))
        case EventType.ideaCompleted.name:
            self = .completed(stage: try object.decode(String.self, forKey: "stage"))
        case EventType.ideaRecycled.name:
            self = .recycled(
                from: try object.decode(String.self, forKey: "from"), to: try object.decode(String.self, forKey: "to"),
                reason: try object.decode(String.self, forKey: "reason"))
        case EventType.ideaHeld.name:
            let until = try object.decodeIfPresent(String.self, forKey: "until")
            self = .held(
                reason: try object.decode(String.self, forKey: "reason"),
                until: try until.map { text in
                    guard let date = EventMessage.date(text) else {
                        throw DecodingError.dataCorruptedError(
                            forKey: "until", in: object, debugDescription: "until is not a date-time")
                    }
                    return date
                })
        case EventType.ideaResumed.name:
            self = .resumed
        case EventType.ideaKilled.name:
            self = .killed(
                reason: try object.decode(String.self, forKey: "reason"),
                from: try object.decode(String.self, forKey: "from"),
                to: try object.decodeIfPresent(String.self, forKey: "to"))
        case EventType.ideaCommented.name:
            self = .commented(text: try object.decode(String.self, forKey: "text"))
        default:
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "not a type of idea event"))
        }
    }
}

/// Decodes a change with its type, which `Event.Change(type:wire:)` hands over in `userInfo`.
private struct TypedChange: Decodable {
    static let typeKey = CodingUserInfoKey(rawValue: "pipeline.event-type")!

    let change: Event.Change

    init(from decoder: any Decoder) throws {
        let type = decoder.userInfo[TypedChange.typeKey] as? String ?? ""
        let object = try decoder.container(keyedBy: WireKey.self)
        if let legacy = try Event.Change(type: type, legacy: object) {
            change = legacy
        } else {
            change = try Event.Change(type: type, flat: object)
        }
    }
}

/// A stored or sent change that cannot be read. Says which type and why, never the payload.
public struct EventDecodingError: Error, Sendable, CustomStringConvertible {
    public let type: String
    public let reason: String

    public var description: String { "an event of type '\(type.prefix(60))' does not decode: \(reason)" }
}
