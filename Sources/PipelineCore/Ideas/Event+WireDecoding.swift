import Foundation

extension Event.Change {
    /// Reads the change of an event of `type` from its JSON: the flat wire object, or the shape
    /// that stored events written before schema version 1 have (`Event+LegacyWire.swift`).
    ///
    /// ```swift
    /// let change = try Event.Change(type: "idea.held", wire: Data(#"{"reason":"budget"}"#.utf8))
    /// ```
    public init(type: String, wire json: Data) throws(EventDecodingError) {
        guard let eventType = EventType.named(type), eventType.isRecordEvent else {
            throw EventDecodingError(type: type, reason: "it is not a known type of idea event")
        }
        let decoder = JSONDecoder()
        decoder.userInfo[TypedChange.typeKey] = eventType.base ?? eventType.name
        do {
            self = try decoder.decode(TypedChange.self, from: json).change
        } catch {
            throw EventDecodingError(type: type, reason: "its change does not have the members of that type")
        }
    }

    /// Reads the flat wire object of a change of `type`.
    init(type: String, flat object: KeyedDecodingContainer<WireKey>) throws {
        switch type {
        case EventType.ideaAdopted.name:
            self = .adopted(
                parent: try object.decode(String.self, forKey: "idea"),
                workflowID: try object.decode(String.self, forKey: "workflow_id"),
                workflowVersion: try object.decode(Int.self, forKey: "workflow_version"),
                organisation: try object.decode(String.self, forKey: "organisation"),
                region: try object.decode(String.self, forKey: "region"),
                stage: try object.decode(String.self, forKey: "stage"),
                fields: try object.decode(FieldValues.self, forKey: "fields"))
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
            self = .held(
                reason: try object.decode(String.self, forKey: "reason"),
                until: try object.decodeIfPresent(String.self, forKey: "until").map {
                    try Self.dateTime($0, "until", object)
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
        case EventType.ideaConditionsSet.name:
            var list = try object.nestedUnkeyedContainer(forKey: "conditions")
            var conditions: [Event.ConditionTerms] = []
            while !list.isAtEnd {
                let item = try list.nestedContainer(keyedBy: WireKey.self)
                conditions.append(
                    Event.ConditionTerms(
                        number: try item.decode(Int.self, forKey: "number"),
                        text: try item.decode(String.self, forKey: "text"),
                        due: try Self.day(try item.decode(String.self, forKey: "due"), "due", item)))
            }
            self = .conditionsSet(
                gate: try object.decode(String.self, forKey: "gate"),
                nextGate: try object.decode(String.self, forKey: "next_gate"), conditions: conditions)
        case EventType.ideaConditionMet.name:
            self = .conditionMet(
                number: try object.decode(Int.self, forKey: "number"),
                note: try object.decodeIfPresent(String.self, forKey: "note"))
        case EventType.ideaConditionOverdue.name:
            self = .conditionOverdue(
                number: try object.decode(Int.self, forKey: "number"),
                text: try object.decode(String.self, forKey: "text"),
                due: try Self.day(try object.decode(String.self, forKey: "due"), "due", object))
        case EventType.ideaSLAReminder.name:
            self = .slaReminder(
                stage: try object.decode(String.self, forKey: "stage"),
                enteredAt: try Self.dateTime(
                    try object.decode(String.self, forKey: "entered_at"), "entered_at", object),
                waitingFor: try object.decode([String].self, forKey: "waiting_for"))
        case EventType.ideaSLAEscalated.name:
            self = .slaEscalated(
                stage: try object.decode(String.self, forKey: "stage"),
                enteredAt: try Self.dateTime(
                    try object.decode(String.self, forKey: "entered_at"), "entered_at", object),
                escalateTo: try object.decode(String.self, forKey: "escalate_to"))
        case EventType.ideaAutoHeld.name:
            self = .autoHeld(
                stage: try object.decode(String.self, forKey: "stage"),
                reason: try object.decode(String.self, forKey: "reason"),
                until: try Self.dateTime(try object.decode(String.self, forKey: "until"), "until", object))
        case EventType.ideaHoldReviewDue.name:
            self = .holdReviewDue(
                until: try Self.dateTime(try object.decode(String.self, forKey: "until"), "until", object),
                resumes: try object.decode(Bool.self, forKey: "resumes"))
        case EventType.ideaOwnerAssigned.name:
            self = .ownerAssigned(
                owner: try object.decode(WirePerson.self, forKey: "owner").person,
                previous: try object.decodeIfPresent(WirePerson.self, forKey: "previous_owner")?.person)
        case EventType.ideaCoSubmittersSet.name:
            self = .coSubmittersSet(organisations: try object.decode([String].self, forKey: "organisations"))
        case EventType.ideaGatekeepersAssigned.name:
            self = .gatekeepersAssigned(
                stage: try object.decode(String.self, forKey: "stage"),
                gate: try object.decode(String.self, forKey: "gate"),
                gatekeepers: try object.decode([WirePerson].self, forKey: "gatekeepers").map(\.person))
        case EventType.ideaMigrated.name:
            self = .migrated(
                fromVersion: try object.decode(Int.self, forKey: "from_version"),
                toVersion: try object.decode(Int.self, forKey: "to_version"),
                fromStage: try object.decode(String.self, forKey: "from_stage"),
                toStage: try object.decode(String.self, forKey: "to_stage"),
                renamedFields: try object.decode([String: String].self, forKey: "renamed_fields"),
                droppedFields: try object.decode([String].self, forKey: "dropped_fields"))
        default:
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "not a type of idea event"))
        }
    }
}

extension Event.Change {
    /// A member written as a date-time text (`EventMessage.timestamp`).
    fileprivate static func dateTime(_ text: String, _ key: WireKey, _ object: KeyedDecodingContainer<WireKey>) throws
        -> Date
    {
        guard let date = EventMessage.date(text) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: object, debugDescription: "\(key.stringValue) is not a date-time")
        }
        return date
    }

    /// A member written as a day, `2027-03-01`.
    fileprivate static func day(_ text: String, _ key: WireKey, _ object: KeyedDecodingContainer<WireKey>) throws
        -> Date
    {
        guard let date = CalendarDay.start(of: text) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: object, debugDescription: "\(key.stringValue) is not a day")
        }
        return date
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
