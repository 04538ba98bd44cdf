import PipelineCore

/// Checks an expression against a workflow's fields when the file is loaded, so that a typo
/// or a type mismatch is found by `pipeline validate`, not by an idea at a gate.
public struct ExpressionTypeChecker {
    private let fields: [String: FieldDefinition]
    /// Fields the file declares whose definition has an error (reported there, not again here).
    private let broken: Set<String>
    private var errors: [ExpressionError] = []

    public init(fields: [FieldDefinition], broken: Set<String> = []) {
        self.fields = Dictionary(fields.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.broken = broken
    }

    /// Every problem in `expression`, given that its result must be a boolean.
    public static func check(_ expression: Expression, fields: [FieldDefinition], broken: Set<String> = [])
        -> [ExpressionError]
    {
        var checker = ExpressionTypeChecker(fields: fields, broken: broken)
        if let type = checker.type(of: expression), type != .boolean {
            checker.errors.append(
                ExpressionError(
                    "expression must be true or false, but it is a \(type)", at: expression.range,
                    hint: ExpressionTypeChecker.booleanHint(for: expression, type: type)))
        }
        return checker.errors
    }

    /// For a roll-up name that does not exist: which ones do, or that the workflow has none.
    private static func rollupHint(for name: String, known: [String]) -> String? {
        guard name.hasPrefix(AdoptionRollup.prefix) else { return nil }
        let rollup = known.filter { $0.hasPrefix(AdoptionRollup.prefix) }
        guard !rollup.isEmpty else {
            return "roll-up values exist in a workflow with 'adoption:' (the regions' implementations of its ideas)"
        }
        return "the roll-up values are " + rollup.joined(separator: ", ")
    }

    /// The type of `expression`, or `nil` when it has an error (already recorded).
    private mutating func type(of expression: Expression) -> ValueType? {
        switch expression.kind {
        case .literal(.list(let items)):
            let types = Set(items.map { ExpressionTypeChecker.type(of: $0) })
            guard types.count <= 1 else {
                let names = types.map(\.description).sorted().joined(separator: " and ")
                errors.append(ExpressionError("list mixes \(names)", at: expression.range))
                return nil
            }
            return .list(types.first)
        case .literal(let value):
            return ExpressionTypeChecker.type(of: value)
        case .field(let name):
            guard let field = fields[name] else {
                if broken.contains(name) { return nil }
                errors.append(
                    ExpressionError(
                        "unknown field '\(name)'", at: expression.range,
                        hint: Suggestion.hint(for: name, in: fields.keys.sorted())
                            ?? ExpressionTypeChecker.rollupHint(for: name, known: fields.keys.sorted())
                            ?? "quote text values: \"\(name)\""))
                return nil
            }
            return field.valueType
        case .list(let items):
            var element: ValueType?
            for item in items {
                guard let itemType = type(of: item) else { continue }
                if let known = element, !known.accepts(itemType) {
                    errors.append(ExpressionError("list mixes \(known) and \(itemType)", at: item.range))
                    return nil
                }
                element = element ?? itemType
            }
            return .list(element)
        case .not(let inner):
            require(.boolean, inner, "'not' needs a true/false value")
            return .boolean
        case .negate(let inner):
            require(.number, inner, "'-' needs a number")
            return .number
        case .length(let inner):
            guard let innerType = type(of: inner) else { return .number }
            switch innerType {
            case .text, .list: break
            default: errors.append(ExpressionError("len() needs text or a list, not a \(innerType)", at: inner.range))
            }
            return .number
        case .check(let inner, _, _):
            _ = type(of: inner)
            return .boolean
        case .binary(let op, let left, let right):
            return binaryType(op, left, right, expression)
        }
    }

    private mutating func binaryType(
        _ op: Expression.BinaryOperator, _ left: Expression, _ right: Expression, _ whole: Expression
    ) -> ValueType? {
        switch op {
        case .and, .or:
            require(.boolean, left, "'\(op.rawValue)' joins true/false values")
            require(.boolean, right, "'\(op.rawValue)' joins true/false values")
            return .boolean
        case .add, .subtract, .multiply, .divide:
            require(.number, left, "'\(op.rawValue)' needs numbers")
            require(.number, right, "'\(op.rawValue)' needs numbers")
            return .number
        case .equal, .notEqual:
            guard let lhs = type(of: left), let rhs = type(of: right) else { return .boolean }
            if !lhs.accepts(rhs) {
                errors.append(
                    ExpressionError(
                        "cannot compare \(lhs) with \(rhs)", at: whole.range, hint: quotedNumberHint(left, right)))
            } else {
                checkOption(right, against: left)
                checkOption(left, against: right)
            }
            return .boolean
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            guard let lhs = type(of: left), let rhs = type(of: right) else { return .boolean }
            if lhs != rhs {
                errors.append(
                    ExpressionError(
                        "cannot compare \(lhs) with \(rhs)", at: whole.range, hint: quotedNumberHint(left, right)))
            } else if lhs != .number, lhs != .date {
                errors.append(
                    ExpressionError(
                        "'\(op.rawValue)' orders numbers and dates, not \(lhs)", at: whole.range,
                        hint: lhs == .text ? "use '==' or 'in' for text" : nil))
            }
            return .boolean
        case .in, .notIn:
            guard let lhs = type(of: left), let rhs = type(of: right) else { return .boolean }
            guard case .list(let element) = rhs else {
                errors.append(
                    ExpressionError(
                        "'\(op.rawValue)' needs a list on its right, not a \(rhs)", at: right.range,
                        hint: "write e.g. \(left) in [\"a\", \"b\"]"))
                return .boolean
            }
            if let element, !element.accepts(lhs) {
                errors.append(ExpressionError("cannot look for a \(lhs) in a list of \(element)", at: whole.range))
            } else {
                checkOption(left, against: right)
                checkOption(right, against: left)
            }
            return .boolean
        }
    }

    /// `funding == "subsidy"` when `funding` has no option `subsidy` can never hold: say so.
    private mutating func checkOption(_ literal: Expression, against fieldExpression: Expression) {
        guard case .field(let name) = fieldExpression.kind, let field = fields[name] else { return }
        let options = field.type.options.map(\.value)
        guard !options.isEmpty else { return }
        let texts: [String]
        switch literal.kind {
        case .literal(.text(let text)): texts = [text]
        case .literal(.list(let items)):
            texts = items.compactMap { if case .text(let text) = $0 { return text } else { return nil } }
        default: return
        }
        for text in texts where !options.contains(text) {
            errors.append(
                ExpressionError(
                    "'\(text)' is not an option of field '\(name)'", at: literal.range,
                    hint: Suggestion.hint(for: text, in: options)
                        ?? "the options are " + options.map { "'\($0)'" }.joined(separator: ", ")))
        }
    }

    static func booleanHint(for expression: Expression, type: ValueType) -> String {
        switch type {
        case .number: return "compare it, e.g. '\(expression) > 0'"
        case .date: return "compare it, e.g. '\(expression) < date(\"2027-01-01\")'"
        default: return "test it, e.g. '\(expression) is not empty'"
        }
    }

    /// `x >= "2"`: the number was quoted, which makes it text; `start < "2026-01-01"`: a date needs date().
    private func quotedNumberHint(_ left: Expression, _ right: Expression) -> String? {
        for side in [left, right] {
            if case .literal(.text(let text)) = side.kind, Double(text) != nil {
                return "write \(text) without quotes to make it a number"
            }
            if case .literal(.text(let text)) = side.kind, CalendarDate(iso: text) != nil {
                return "write date(\"\(text)\") to make it a date"
            }
        }
        return nil
    }

    private mutating func require(_ expected: ValueType, _ expression: Expression, _ message: String) {
        guard let actual = type(of: expression), actual != expected else { return }
        errors.append(ExpressionError("\(message), but this is a \(actual)", at: expression.range))
    }

    static func type(of value: Value) -> ValueType {
        switch value {
        case .number: return .number
        case .text: return .text
        case .boolean: return .boolean
        case .date: return .date
        case .list(let items): return .list(items.first.map { type(of: $0) })
        }
    }
}
