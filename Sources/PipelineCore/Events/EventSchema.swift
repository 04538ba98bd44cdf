/// The JSON Schemas (draft 2020-12) of webhook bodies, generated from the members each event type
/// describes, so that the documented shape and the sent shape cannot drift apart unnoticed.
public enum EventSchema {
    /// The version of the body shapes, in every body as `data.schema_version`. It goes up
    /// whenever a shape changes (a member added, renamed, retyped or gone): the schemas are
    /// closed, so a body fits the schemas of its own version exactly.
    public static let version = 2

    static let dialect = "https://json-schema.org/draft/2020-12/schema"

    /// The schema's identifier. Like the problem types, `pipeline.invalid` resolves nowhere: a
    /// stable name for the schema, not an address of the API (which serves it wherever it runs).
    public static func id(of type: EventType) -> String {
        "https://pipeline.invalid/schemas/events/\(type.name).schema.json"
    }
}

extension EventType {
    /// This type's JSON Schema with a final newline: the bytes of `docs/events/<name>.schema.json`
    /// and of what the API serves for the type.
    public var jsonSchema: String {
        let header: [(key: String, value: OrderedJSON)] = [
            ("$schema", .string(EventSchema.dialect)), ("$id", .string(EventSchema.id(of: self))),
            ("title", .string(name)), ("description", .string(summary)),
        ]
        return OrderedJSON.object(header + EventMember.Shape.object(bodyMembers).schema).rendered() + "\n"
    }
}

extension EventMember.Shape {
    /// The schema keywords of a value of this shape.
    var schema: [(key: String, value: OrderedJSON)] {
        switch self {
        case .string: return [("type", .string("string"))]
        case .dateTime: return [("type", .string("string")), ("format", .string("date-time"))]
        case .integer: return [("type", .string("integer"))]
        case .constantString(let text): return [("type", .string("string")), ("const", .string(text))]
        case .constantInteger(let number): return [("type", .string("integer")), ("const", .integer(number))]
        case .oneOf(let texts): return [("type", .string("string")), ("enum", .array(texts.map(OrderedJSON.string)))]
        case .object(let members):
            let properties = members.map { member in
                (
                    key: member.name,
                    value: OrderedJSON.object([("description", .string(member.summary))] + member.shape.schema)
                )
            }
            return [
                ("type", .string("object")), ("properties", .object(properties)),
                ("required", .array(members.filter(\.isRequired).map { .string($0.name) })),
                ("additionalProperties", .boolean(false)),
            ]
        case .map(let values):
            return [("type", .string("object")), ("additionalProperties", .object(values.schema))]
        case .list(let items):
            return [("type", .string("array")), ("items", .object(items.schema))]
        case .day: return [("type", .string("string")), ("format", .string("date"))]
        case .boolean: return [("type", .string("boolean"))]
        case .fieldValue:
            return [
                ("type", .array(["number", "string", "boolean", "array"].map(OrderedJSON.string))),
                ("items", .object([("type", .string("string"))])),
            ]
        case .nullable(let inner):
            // Widens the inner shape's type with null; the shapes made nullable have a type.
            return inner.schema.map { keyword in
                switch (keyword.key, keyword.value) {
                case ("type", .string(let type)): return ("type", .array([.string(type), .string("null")]))
                case ("type", .array(let types)): return ("type", .array(types + [.string("null")]))
                default: return keyword
                }
            }
        }
    }
}
