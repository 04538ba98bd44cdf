/// One member of an event's JSON object: its key on the wire, the shape of its value, whether
/// every body has it, and what it means. Event types describe their bodies with members, and
/// their JSON Schemas are generated from them.
public struct EventMember: Sendable, Hashable {
    /// The shape of a member's value, as much of JSON Schema as event bodies need.
    public indirect enum Shape: Sendable, Hashable {
        case string
        case dateTime
        case integer
        /// Always this text: the event type in its own body.
        case constantString(String)
        /// Always this number: the schema version.
        case constantInteger(Int)
        /// One of these texts, such as an idea's status.
        case oneOf([String])
        /// An object with exactly these members.
        case object([EventMember])
        /// An object of any keys (field ids, criteria), each value of this shape.
        case map(Shape)
        /// A list of values of this shape.
        case list(Shape)
        /// A day, `2027-03-01`.
        case day
        case boolean
        /// A field value: a number, a text, true or false, or a list of options; dates as `YYYY-MM-DD`.
        case fieldValue
        /// A value of this shape, or `null`.
        case nullable(Shape)
    }

    public let name: String
    public let shape: Shape
    public let isRequired: Bool
    public let summary: String

    /// A member every body of its type has.
    public static func required(_ name: String, _ shape: Shape, _ summary: String) -> EventMember {
        EventMember(name: name, shape: shape, isRequired: true, summary: summary)
    }

    /// A member left out when it has no value (it is never `null`).
    public static func optional(_ name: String, _ shape: Shape, _ summary: String) -> EventMember {
        EventMember(name: name, shape: shape, isRequired: false, summary: summary)
    }
}
