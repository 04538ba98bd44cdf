/// The static type of an expression, as the type checker sees it when a workflow is loaded.
public indirect enum ValueType: Sendable, Hashable, CustomStringConvertible {
    case number
    case text
    case boolean
    case date
    /// A list whose items have the given type; `nil` for the empty list literal `[]`.
    case list(ValueType?)

    public var description: String {
        switch self {
        case .number: return "number"
        case .text: return "text"
        case .boolean: return "boolean"
        case .date: return "date"
        case .list(let element): return element.map { "list of \($0)" } ?? "empty list"
        }
    }

    /// Whether a value of type `other` may stand where this type is expected.
    public func accepts(_ other: ValueType) -> Bool {
        switch (self, other) {
        case (.list(nil), .list), (.list, .list(nil)): return true
        case (.list(let mine?), .list(let theirs?)): return mine.accepts(theirs)
        default: return self == other
        }
    }
}
