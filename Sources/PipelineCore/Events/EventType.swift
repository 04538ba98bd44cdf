/// A kind of event that webhook consumers receive: its dotted name, what it means and the members
/// of its body. `EventType.all` is the one list of event types: subscription filters are checked
/// against it, the API lists it, and each type's JSON Schema is generated from it.
///
/// ```swift
/// let advanced = EventType.named("idea.advanced")
/// print(advanced?.jsonSchema ?? "")   // the JSON Schema of an idea.advanced webhook body
/// ```
public struct EventType: Sendable, Hashable {
    /// What an event is about, which decides the members of its body's `data`.
    public enum Subject: Sendable, Hashable {
        /// An event of an idea: `data` holds the idea's context, and `data.change` these members.
        case idea(change: [EventMember])
        /// A notice for the operator, about no idea: `data` holds these members.
        case notice(data: [EventMember])
    }

    /// The dotted name, such as `idea.advanced`: the body's `type`.
    public let name: String
    public let summary: String
    public let subject: Subject

    init(_ name: String, _ summary: String, _ subject: Subject) {
        self.name = name
        self.summary = summary
        self.subject = subject
    }

    /// The known type called `name`.
    public static func named(_ name: String) -> EventType? {
        all.first { $0.name == name }
    }

    /// The members of a body of this type: `type`, `timestamp` and `data`.
    public var bodyMembers: [EventMember] {
        [
            .required("type", .constantString(name), "The event type."),
            .required("timestamp", .dateTime, "When it happened, in UTC with milliseconds."),
            .required("data", .object(dataMembers), "What happened."),
        ]
    }

    /// The members of `data`: the schema version first, then the subject's members.
    public var dataMembers: [EventMember] {
        let version = EventMember.required(
            "schema_version", .constantInteger(EventSchema.version),
            "The version of this body's shape; it goes up whenever a member is added, changed or removed.")
        switch subject {
        case .idea(let change): return [version] + EventType.ideaContext(change: change)
        case .notice(let data): return [version] + data
        }
    }

    /// What a consumer needs to act on an idea's event without calling back.
    private static func ideaContext(change: [EventMember]) -> [EventMember] {
        [
            .required("idea", .string, "The idea's id."),
            .required("sequence", .integer, "The event's number in the idea's history: 1, 2, 3, ..."),
            .required(
                "workflow",
                .object([
                    .required("id", .string, "The workflow's id."),
                    .required("version", .integer, "The version of the workflow the idea follows."),
                ]), "The workflow the idea follows."),
            .required("stage_before", .string, "The idea's stage before the event."),
            .required("stage_after", .string, "The idea's stage after the event."),
            .required("status", .oneOf(Idea.Status.allCases.map(\.rawValue)), "The idea's status after the event."),
            .required("organisation", .string, "The organisation the idea belongs to."),
            .required("region", .string, "The idea's labour-market region."),
            .required(
                "actor",
                .object([
                    .required("name", .string, "The person."),
                    .required("role", .string, "Their role, such as submitter, facilitator or gatekeeper."),
                    .optional("organisation", .string, "The organisation a submitter acts for."),
                ]), "Who did it."),
            .required("link", .string, "The idea in the API."),
            .required("change", .object(change), "What the event says; its members depend on the type."),
        ]
    }
}
