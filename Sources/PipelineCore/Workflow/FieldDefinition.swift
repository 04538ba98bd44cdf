/// One typed field of a workflow, such as `cost_eur` (money, at least 0) or `theme` (a choice).
public struct FieldDefinition: Sendable, Hashable {
    public let id: String
    public let label: String
    public let help: String?
    /// Must be filled when the idea is submitted.
    public let required: Bool
    public let type: FieldType

    public init(id: String, label: String, help: String? = nil, required: Bool = false, type: FieldType) {
        self.id = id
        self.label = label
        self.help = help
        self.required = required
        self.type = type
    }

    /// The type an expression sees when it reads this field.
    public var valueType: ValueType { type.valueType }
}

/// The kinds of field a workflow can declare, each with its own constraints.
public enum FieldType: Sendable, Hashable {
    case text(maxLength: Int)
    case number(NumberRange)
    case integer(NumberRange)
    /// An amount in euros, with at most two decimals.
    case money(NumberRange)
    case choice([ChoiceOption])
    case list([ChoiceOption], minItems: Int?, maxItems: Int?)
    case date
    case url
    case boolean

    /// The type's name as it is written in a workflow file.
    public var name: String {
        switch self {
        case .text: return "text"
        case .number: return "number"
        case .integer: return "integer"
        case .money: return "money"
        case .choice: return "choice"
        case .list: return "list"
        case .date: return "date"
        case .url: return "url"
        case .boolean: return "boolean"
        }
    }

    public var valueType: ValueType {
        switch self {
        case .text, .url, .choice: return .text
        case .number, .integer, .money: return .number
        case .list: return .list(.text)
        case .date: return .date
        case .boolean: return .boolean
        }
    }

    /// The options of a choice or list field; empty for every other type.
    public var options: [ChoiceOption] {
        switch self {
        case .choice(let options), .list(let options, _, _): return options
        default: return []
        }
    }
}

/// Inclusive bounds of a numeric field; either side may be open.
public struct NumberRange: Sendable, Hashable {
    public let min: Double?
    public let max: Double?

    public init(min: Double? = nil, max: Double? = nil) {
        self.min = min
        self.max = max
    }

    public func contains(_ number: Double) -> Bool {
        (min.map { number >= $0 } ?? true) && (max.map { number <= $0 } ?? true)
    }
}

/// One option of a choice or list field: the stored value and the label people read.
public struct ChoiceOption: Sendable, Hashable {
    public let value: String
    public let label: String

    public init(value: String, label: String) {
        self.value = value
        self.label = label
    }
}
