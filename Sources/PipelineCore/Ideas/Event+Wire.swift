import Foundation

/// A JSON key written as a literal, so that a Swift rename never changes the wire format.
struct WireKey: CodingKey, ExpressibleByStringLiteral, Hashable {
    let stringValue: String
    var intValue: Int? { nil }

    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
    init(stringLiteral value: String) { stringValue = value }
}

/// The JSON of a change: a flat object of its type's members, keys in snake_case. The type
/// travels beside it (a webhook body's `type`, the `type` column of stored events), so the
/// object does not repeat it: `idea.advanced` is `{"from": ..., "gate": ..., "to": ...}`.
/// `EventType.all` describes every type's members; their JSON Schemas are generated from it.
extension Event.Change: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var object = encoder.container(keyedBy: WireKey.self)
        switch self {
        case .adopted(
            let parent, let workflowID, let workflowVersion, let organisation, let region, let stage, let fields):
            try object.encode(parent, forKey: "idea")
            try object.encode(workflowID, forKey: "workflow_id")
            try object.encode(workflowVersion, forKey: "workflow_version")
            try object.encode(organisation, forKey: "organisation")
            try object.encode(region, forKey: "region")
            try object.encode(stage, forKey: "stage")
            try object.encode(fields, forKey: "fields")
        case .submitted(let workflowID, let workflowVersion, let organisation, let region, let stage, let fields):
            try object.encode(workflowID, forKey: "workflow_id")
            try object.encode(workflowVersion, forKey: "workflow_version")
            try object.encode(organisation, forKey: "organisation")
            try object.encode(region, forKey: "region")
            try object.encode(stage, forKey: "stage")
            try object.encode(fields, forKey: "fields")
        case .updated(let changes):
            try object.encode(changes, forKey: "changes")
        case .approved(let gate, let role, let comment):
            try object.encode(gate, forKey: "gate")
            try object.encode(role, forKey: "role")
            try object.encodeIfPresent(comment, forKey: "comment")
        case .reviewed(let gate, let scores, let comment):
            try object.encode(gate, forKey: "gate")
            try object.encode(scores, forKey: "scores")
            try object.encode(comment, forKey: "comment")
        case .advanced(let gate, let from, let to):
            try object.encode(gate, forKey: "gate")
            try object.encode(from, forKey: "from")
            try object.encode(to, forKey: "to")
        case .completed(let stage):
            try object.encode(stage, forKey: "stage")
        case .recycled(let from, let to, let reason):
            try object.encode(from, forKey: "from")
            try object.encode(to, forKey: "to")
            try object.encode(reason, forKey: "reason")
        case .held(let reason, let until):
            try object.encode(reason, forKey: "reason")
            // A date-time text, written here: the store's and the webhook's encoders differ on dates.
            try object.encodeIfPresent(until.map(EventMessage.timestamp), forKey: "until")
        case .resumed:
            break
        case .killed(let reason, let from, let to):
            try object.encode(reason, forKey: "reason")
            try object.encode(from, forKey: "from")
            try object.encodeIfPresent(to, forKey: "to")
        case .commented(let text):
            try object.encode(text, forKey: "text")
        case .conditionsSet(let gate, let nextGate, let conditions):
            try object.encode(gate, forKey: "gate")
            try object.encode(nextGate, forKey: "next_gate")
            try object.encode(conditions, forKey: "conditions")
        case .conditionMet(let number, let note):
            try object.encode(number, forKey: "number")
            try object.encodeIfPresent(note, forKey: "note")
        case .conditionOverdue(let number, let text, let due):
            try object.encode(number, forKey: "number")
            try object.encode(text, forKey: "text")
            try object.encode(CalendarDay.text(due), forKey: "due")
        case .slaReminder(let stage, let enteredAt, let waitingFor):
            try object.encode(stage, forKey: "stage")
            try object.encode(EventMessage.timestamp(enteredAt), forKey: "entered_at")
            try object.encode(waitingFor, forKey: "waiting_for")
        case .slaEscalated(let stage, let enteredAt, let escalateTo):
            try object.encode(stage, forKey: "stage")
            try object.encode(EventMessage.timestamp(enteredAt), forKey: "entered_at")
            try object.encode(escalateTo, forKey: "escalate_to")
        case .autoHeld(let stage, let reason, let until):
            try object.encode(stage, forKey: "stage")
            try object.encode(reason, forKey: "reason")
            try object.encode(EventMessage.timestamp(until), forKey: "until")
        case .holdReviewDue(let until, let resumes):
            try object.encode(EventMessage.timestamp(until), forKey: "until")
            try object.encode(resumes, forKey: "resumes")
        case .ownerAssigned(let owner, let previous):
            try object.encode(WirePerson(owner), forKey: "owner")
            try object.encodeIfPresent(previous.map(WirePerson.init), forKey: "previous_owner")
        case .coSubmittersSet(let organisations):
            try object.encode(organisations, forKey: "organisations")
        case .gatekeepersAssigned(let stage, let gate, let gatekeepers):
            try object.encode(stage, forKey: "stage")
            try object.encode(gate, forKey: "gate")
            try object.encode(gatekeepers.map(WirePerson.init), forKey: "gatekeepers")
        case .migrated(let fromVersion, let toVersion, let fromStage, let toStage, let renamed, let dropped):
            try object.encode(fromVersion, forKey: "from_version")
            try object.encode(toVersion, forKey: "to_version")
            try object.encode(fromStage, forKey: "from_stage")
            try object.encode(toStage, forKey: "to_stage")
            try object.encode(renamed, forKey: "renamed_fields")
            try object.encode(dropped, forKey: "dropped_fields")
        }
    }
}

/// A person of the register in an event: `{"id", "name"}`, keys written out here (the idea's
/// stored state keeps ``IdeaPerson``'s own coding).
struct WirePerson: Codable {
    let person: IdeaPerson

    init(_ person: IdeaPerson) { self.person = person }

    func encode(to encoder: any Encoder) throws {
        var object = encoder.container(keyedBy: WireKey.self)
        try object.encode(person.id, forKey: "id")
        try object.encode(person.name, forKey: "name")
    }

    init(from decoder: any Decoder) throws {
        let object = try decoder.container(keyedBy: WireKey.self)
        person = IdeaPerson(
            id: try object.decode(String.self, forKey: "id"), name: try object.decode(String.self, forKey: "name"))
    }
}

extension Event.ConditionTerms: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var object = encoder.container(keyedBy: WireKey.self)
        try object.encode(number, forKey: "number")
        try object.encode(text, forKey: "text")
        try object.encode(CalendarDay.text(due), forKey: "due")
    }
}
