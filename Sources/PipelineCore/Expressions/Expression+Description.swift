extension Expression: CustomStringConvertible {
    /// The expression written back as source text, with only the parentheses it needs.
    public var description: String { render(parentPrecedence: 0) }

    private func render(parentPrecedence: Int) -> String {
        switch kind {
        case .literal(let value): return Expression.source(of: value)
        case .field(let name): return name
        case .list(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .not(let inner): return wrap("not " + inner.render(parentPrecedence: 3), 3, parentPrecedence)
        case .negate(let inner): return "-" + inner.render(parentPrecedence: 7)
        case .length(let inner): return "len(\(inner.description))"
        case .check(let inner, let presence, let negated):
            let text = inner.render(parentPrecedence: 5) + (negated ? " is not " : " is ") + presence.rawValue
            return wrap(text, 4, parentPrecedence)
        case .binary(let op, let left, let right):
            let precedence = op.precedence
            // Left-associative: the right operand needs parentheses at equal precedence.
            let text =
                left.render(parentPrecedence: precedence) + " \(op.rawValue) "
                + right.render(parentPrecedence: precedence + 1)
            return wrap(text, precedence, parentPrecedence)
        }
    }

    /// A literal as it is written in an expression: dates as `date("2026-03-31")`.
    static func source(of value: Value) -> String {
        switch value {
        case .date(let date): return "date(\"\(date)\")"
        case .list(let items): return "[" + items.map(source(of:)).joined(separator: ", ") + "]"
        default: return value.description
        }
    }

    private func wrap(_ text: String, _ precedence: Int, _ parentPrecedence: Int) -> String {
        precedence < parentPrecedence ? "(\(text))" : text
    }
}

extension Expression.BinaryOperator {
    /// Binding strength, loosest first: or, and, (not), comparisons and `in`, `+ -`, `* /`.
    public var precedence: Int {
        switch self {
        case .or: return 1
        case .and: return 2
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual, .in, .notIn: return 4
        case .add, .subtract: return 5
        case .multiply, .divide: return 6
        }
    }
}
