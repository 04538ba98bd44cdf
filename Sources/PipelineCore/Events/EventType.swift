import Foundation

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
        /// An event of a region's implementation of an adopted idea: `data` holds the
        /// implementation's context (with the idea it implements), and `data.change` these members.
        case implementation(change: [EventMember])
        /// A notice for the operator, about no idea: `data` holds these members.
        case notice(data: [EventMember])
    }

    /// The dotted name, such as `idea.advanced`: the body's `type`.
    public let name: String
    public let summary: String
    public let subject: Subject
    /// For an implementation's twin of an idea's type (`implementation.advanced`), that type
    /// (`idea.advanced`): the change has the same members and decodes the same way.
    public let base: String?

    init(_ name: String, _ summary: String, _ subject: Subject, base: String? = nil) {
        self.name = name
        self.summary = summary
        self.subject = subject
        self.base = base
    }

    /// The known type called `name`.
    public static func named(_ name: String) -> EventType? {
        byName[name]
    }

    private static let byName = Dictionary(all.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })

    /// The type an implementation's event of `type` has: `idea.advanced` and `gate.approved`
    /// become `implementation.advanced` and `implementation.approved`; `idea.adopted` stays.
    public static func implementationTwin(of type: EventType) -> EventType {
        guard case .idea = type.subject else { return type }
        return byName[twinName(of: type.name)] ?? type
    }

    static func twinName(of name: String) -> String {
        "implementation." + (name.split(separator: ".", maxSplits: 1).last.map(String.init) ?? name)
    }

    /// The implementation's twin of an idea's type, with the same change members.
    static func makeTwin(of type: EventType) -> EventType {
        guard case .idea(let change) = type.subject else { return type }
        let summary = type.summary.replacingOccurrences(of: "The idea", with: "The implementation")
            .replacingOccurrences(of: "the idea", with: "the implementation")
            .replacingOccurrences(of: "an idea", with: "an implementation")
        return EventType(twinName(of: type.name), summary, .implementation(change: change), base: type.name)
    }

    /// Whether this type is an event in a record's history (an idea's or an implementation's),
    /// not an operator notice.
    public var isRecordEvent: Bool {
        if case .notice = subject { return false }
        return true
    }

    /// Whether this type is about an implementation.
    public var isImplementation: Bool {
        if case .implementation = subject { return true }
        return false
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
        case .implementation(let change): return [version] + EventType.implementationContext(change: change)
        case .notice(let data): return [version] + data
        }
    }

    /// What a consumer needs to act on an implementation's event: the idea's context, with the
    /// implementation's own id and the id of the idea it implements.
    private static func implementationContext(change: [EventMember]) -> [EventMember] {
        [
            .required("implementation", .string, "The implementation's id."),
            .required("idea", .string, "The id of the adopted idea that it implements."),
        ]
            + recordContext(change: change, record: "implementation")
    }

    /// What a consumer needs to act on an idea's event without calling back.
    private static func ideaContext(change: [EventMember]) -> [EventMember] {
        [.required("idea", .string, "The idea's id.")] + recordContext(change: change, record: "idea")
    }

    /// The members every record's event has beside its id.
    private static func recordContext(change: [EventMember], record: String) -> [EventMember] {
        [
            .required("sequence", .integer, "The event's number in the \(record)'s history: 1, 2, 3, ..."),
            .required(
                "workflow",
                .object([
                    .required("id", .string, "The workflow's id."),
                    .required("version", .integer, "The version of the workflow the \(record) follows."),
                ]), "The workflow the \(record) follows."),
            .required("stage_before", .string, "The \(record)'s stage before the event."),
            .required("stage_after", .string, "The \(record)'s stage after the event."),
            .required(
                "status", .oneOf(Idea.Status.allCases.map(\.rawValue)), "The \(record)'s status after the event."),
            .required("organisation", .string, "The organisation the \(record) belongs to."),
            .required("region", .string, "The \(record)'s labour-market region."),
            .required(
                "actor",
                .object([
                    .required("name", .string, "The person."),
                    .required("role", .string, "Their role, such as submitter, facilitator or gatekeeper."),
                    .optional("organisation", .string, "The organisation a submitter acts for."),
                ]), "Who did it."),
            .required("link", .string, "The \(record) in the API."),
            .required("change", .object(change), "What the event says; its members depend on the type."),
        ]
    }
}
