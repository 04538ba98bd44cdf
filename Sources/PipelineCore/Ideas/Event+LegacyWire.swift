extension Event.Change {
    /// Reads the shape that Swift's synthesized `Codable` gave stored events before schema version
    /// 1: one key naming the Swift case around its labels, such as
    /// `{"advanced": {"from": ..., "gate": ..., "to": ...}}` or `{"resumed": {}}`. Nil when `object`
    /// is not that shape. The format is frozen: every key is written out here, so it keeps
    /// decoding whatever the Swift cases and the wire format are called later.
    init?(type: String, legacy object: KeyedDecodingContainer<WireKey>) throws {
        guard let caseName = Event.Change.legacyCaseNames[type], object.allKeys.count == 1,
            object.contains(caseName)
        else { return nil }
        let members = try object.nestedContainer(keyedBy: WireKey.self, forKey: caseName)
        switch caseName.stringValue {
        case "submitted":
            self = .submitted(
                workflowID: try members.decode(String.self, forKey: "workflowID"),
                workflowVersion: try members.decode(Int.self, forKey: "workflowVersion"),
                organisation: try members.decode(String.self, forKey: "organisation"),
                region: try members.decode(String.self, forKey: "region"),
                stage: try members.decode(String.self, forKey: "stage"),
                fields: try members.decode(FieldValues.self, forKey: "fields"))
        case "updated":
            self = .updated(changes: try members.decode([String: Value?].self, forKey: "changes"))
        case "approved":
            self = .approved(
                gate: try members.decode(String.self, forKey: "gate"),
                role: try members.decode(String.self, forKey: "role"),
                comment: try members.decodeIfPresent(String.self, forKey: "comment"))
        case "reviewed":
            self = .reviewed(
                gate: try members.decode(String.self, forKey: "gate"),
                scores: try members.decode([String: Int].self, forKey: "scores"),
                comment: try members.decode(String.self, forKey: "comment"))
        case "advanced":
            self = .advanced(
                gate: try members.decode(String.self, forKey: "gate"),
                from: try members.decode(String.self, forKey: "from"), to: try members.decode(String.self, forKey: "to")
            )
        case "completed":
            self = .completed(stage: try members.decode(String.self, forKey: "stage"))
        case "recycled":
            self = .recycled(
                from: try members.decode(String.self, forKey: "from"),
                to: try members.decode(String.self, forKey: "to"),
                reason: try members.decode(String.self, forKey: "reason"))
        case "held":
            self = .held(reason: try members.decode(String.self, forKey: "reason"), until: nil)
        case "resumed":
            self = .resumed
        case "killed":
            self = .killed(
                reason: try members.decode(String.self, forKey: "reason"),
                from: try members.decode(String.self, forKey: "from"),
                to: try members.decodeIfPresent(String.self, forKey: "to"))
        case "commented":
            self = .commented(text: try members.decode(String.self, forKey: "text"))
        default:
            return nil
        }
    }

    /// The single key of the legacy shape, by event type: the Swift case name at the time.
    private static let legacyCaseNames: [String: WireKey] = [
        "idea.submitted": "submitted", "idea.updated": "updated", "gate.approved": "approved",
        "gate.reviewed": "reviewed", "idea.advanced": "advanced", "idea.completed": "completed",
        "idea.recycled": "recycled", "idea.held": "held", "idea.resumed": "resumed", "idea.killed": "killed",
        "idea.commented": "commented",
    ]
}
