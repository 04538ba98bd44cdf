/// Values are stored and sent as plain JSON: numbers, strings, booleans and arrays; a date is
/// its `YYYY-MM-DD` string. Decoding gives `.text` for a date: `Workflow.normalized(_:)` turns
/// it back into a date with the field's type.
extension Value: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) {
            self = .boolean(flag)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .text(text)
        } else if let items = try? container.decode([Value].self) {
            self = .list(items)
        } else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "a field value is a number, text, true/false or a list")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let number): try container.encode(number)
        case .text(let text): try container.encode(text)
        case .boolean(let flag): try container.encode(flag)
        case .date(let date): try container.encode(date.description)
        case .list(let items): try container.encode(items)
        }
    }
}

extension Workflow {
    /// Gives stored values their field's type again (a date comes back from JSON as text).
    public func normalized(_ values: FieldValues) -> FieldValues {
        var result = values
        for (id, value) in values {
            if case .date = field(id)?.type, case .text(let text) = value, let date = CalendarDate(iso: text) {
                result[id] = .date(date)
            }
        }
        return result
    }
}
