/// The field values of one idea, by field id. A field that is not set has no entry.
public typealias FieldValues = [String: Value]

extension Expression {
    /// Evaluates the expression against an idea's field values. Evaluation is total: it never
    /// traps, whatever the values.
    ///
    /// A missing value is *unknown* (`nil`), and unknown spreads like SQL's NULL (Kleene logic):
    /// a comparison or arithmetic with an unknown operand is unknown, `not unknown` is unknown,
    /// `false and unknown` is false and `true or unknown` is true. A division by zero is unknown.
    /// `len` of a missing value is 0. `is set` and `is empty` are never unknown. A `must_meet`
    /// rule or a `when` guard holds only when the result is `true`.
    ///
    /// ```swift
    /// let holds = rule.evaluate(["cost_eur": .number(120_000)]) == .boolean(true)
    /// ```
    public func evaluate(_ values: FieldValues) -> Value? {
        switch kind {
        case .literal(let value):
            return value
        case .field(let name):
            return values[name]
        case .list(let items):
            var result: [Value] = []
            result.reserveCapacity(items.count)
            for item in items {
                guard let value = item.evaluate(values) else { return nil }
                result.append(value)
            }
            return .list(result)
        case .not(let inner):
            guard case .boolean(let flag)? = inner.evaluate(values) else { return nil }
            return .boolean(!flag)
        case .negate(let inner):
            guard case .number(let number)? = inner.evaluate(values) else { return nil }
            return .number(-number)
        case .length(let inner):
            switch inner.evaluate(values) {
            case .text(let text)?: return .number(Double(text.count))
            case .list(let items)?: return .number(Double(items.count))
            default: return .number(0)
            }
        case .check(let inner, let presence, let negated):
            let value = inner.evaluate(values)
            let found: Bool
            switch presence {
            case .set: found = value != nil
            case .empty: found = value.isEmptyValue
            }
            return .boolean(found != negated)
        case .binary(let op, let left, let right):
            return Expression.apply(op, left, right, values)
        }
    }

    /// Whether the expression evaluates to `true`; unknown and `false` both mean no.
    public func holds(_ values: FieldValues) -> Bool {
        evaluate(values) == .boolean(true)
    }

    private static func apply(_ op: BinaryOperator, _ left: Expression, _ right: Expression, _ values: FieldValues)
        -> Value?
    {
        switch op {
        case .and:
            let lhs = left.evaluate(values)
            if lhs == .boolean(false) { return .boolean(false) }
            let rhs = right.evaluate(values)
            if rhs == .boolean(false) { return .boolean(false) }
            return lhs == .boolean(true) && rhs == .boolean(true) ? .boolean(true) : nil
        case .or:
            let lhs = left.evaluate(values)
            if lhs == .boolean(true) { return .boolean(true) }
            let rhs = right.evaluate(values)
            if rhs == .boolean(true) { return .boolean(true) }
            return lhs == .boolean(false) && rhs == .boolean(false) ? .boolean(false) : nil
        default:
            guard let lhs = left.evaluate(values), let rhs = right.evaluate(values) else { return nil }
            return apply(op, lhs, rhs)
        }
    }

    /// Applies an operator to two known values; a combination the type checker would refuse
    /// gives unknown instead of trapping.
    static func apply(_ op: BinaryOperator, _ lhs: Value, _ rhs: Value) -> Value? {
        switch op {
        case .equal: return .boolean(lhs.matches(rhs))
        case .notEqual: return .boolean(!lhs.matches(rhs))
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            guard let order = lhs.order(comparedTo: rhs) else { return nil }
            switch op {
            case .less: return .boolean(order < 0)
            case .lessOrEqual: return .boolean(order <= 0)
            case .greater: return .boolean(order > 0)
            default: return .boolean(order >= 0)
            }
        case .in, .notIn:
            guard case .list(let items) = rhs else { return nil }
            let found = items.contains { lhs.matches($0) }
            return .boolean(op == .in ? found : !found)
        case .add, .subtract, .multiply, .divide:
            guard case .number(let a) = lhs, case .number(let b) = rhs else { return nil }
            let result: Double
            switch op {
            case .add: result = a + b
            case .subtract: result = a - b
            case .multiply: result = a * b
            default:
                guard b != 0 else { return nil }
                result = a / b
            }
            return result.isFinite ? .number(result) : nil
        case .and, .or:
            return nil
        }
    }
}

extension Value {
    /// Equality as `==` means it: numbers by value, so `1 == 1.0`.
    func matches(_ other: Value) -> Bool {
        switch (self, other) {
        case (.number(let a), .number(let b)): return a == b
        case (.list(let a), .list(let b)): return a.count == b.count && zip(a, b).allSatisfy { $0.matches($1) }
        default: return self == other
        }
    }

    /// -1, 0 or 1 for ordered pairs (numbers, dates, texts); `nil` when they cannot be ordered.
    func order(comparedTo other: Value) -> Int? {
        switch (self, other) {
        case (.number(let a), .number(let b)): return a < b ? -1 : (a > b ? 1 : 0)
        case (.date(let a), .date(let b)): return a < b ? -1 : (a > b ? 1 : 0)
        case (.text(let a), .text(let b)): return a < b ? -1 : (a > b ? 1 : 0)
        default: return nil
        }
    }
}

extension Optional where Wrapped == Value {
    /// Missing, the empty text and the empty list are empty; every other value is not.
    var isEmptyValue: Bool {
        switch self {
        case nil: return true
        case .text(let text)?: return text.isEmpty
        case .list(let items)?: return items.isEmpty
        default: return false
        }
    }
}
