/// A parsed `must_meet` or `when` expression, such as `cost_eur <= 250000 or funding == "subsidie"`.
///
/// Every node keeps the range of Unicode scalars it came from in the expression's text, so
/// that a type error or an explanation can point at the exact place.
public struct Expression: Sendable, Hashable {
    public let kind: Kind
    /// Offsets in Unicode scalars within the expression text.
    public let range: Range<Int>

    public init(_ kind: Kind, range: Range<Int>) {
        self.kind = kind
        self.range = range
    }

    public indirect enum Kind: Sendable, Hashable {
        case literal(Value)
        case list([Expression])
        case field(String)
        case not(Expression)
        case negate(Expression)
        case binary(BinaryOperator, Expression, Expression)
        /// `x is set`, `x is not set`, `x is empty`, `x is not empty`.
        case check(Expression, Presence, negated: Bool)
        case length(Expression)
    }

    public enum Presence: String, Sendable, Hashable {
        case set
        case empty
    }

    public enum BinaryOperator: String, Sendable, Hashable, CaseIterable {
        case or
        case and
        case equal = "=="
        case notEqual = "!="
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="
        case `in`
        case notIn = "not in"
        case add = "+"
        case subtract = "-"
        case multiply = "*"
        case divide = "/"

        public var isComparison: Bool {
            switch self {
            case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: return true
            default: return false
            }
        }

        public var isArithmetic: Bool {
            switch self {
            case .add, .subtract, .multiply, .divide: return true
            default: return false
            }
        }
    }

    /// The names of the fields this expression reads, in order of first appearance.
    public var fieldNames: [String] {
        var names: [String] = []
        collectFields(into: &names)
        return names
    }

    private func collectFields(into names: inout [String]) {
        switch kind {
        case .literal: break
        case .field(let name): if !names.contains(name) { names.append(name) }
        case .list(let items): items.forEach { $0.collectFields(into: &names) }
        case .not(let inner), .negate(let inner), .length(let inner), .check(let inner, _, _):
            inner.collectFields(into: &names)
        case .binary(_, let left, let right):
            left.collectFields(into: &names)
            right.collectFields(into: &names)
        }
    }
}
