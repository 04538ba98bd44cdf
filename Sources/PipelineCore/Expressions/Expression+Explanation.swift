extension Expression {
    /// Why this expression does not hold for these values, as reasons a submitter can act on:
    /// `cost_eur is 310000, must be <= 250000`, `funding is not set` (see ``RuleReason``).
    public func explainFailure(_ values: FieldValues) -> [RuleReason] {
        let text = description
        switch kind {
        case .binary(.and, let left, let right):
            return [left, right].filter { !$0.holds(values) }.flatMap { $0.explainFailure(values) }
        case .binary(.or, let left, let right):
            let reasons = left.explainFailure(values) + right.explainFailure(values)
            guard reasons.count > 1 else { return reasons }
            return [RuleReason(.noneOf, subject: text, expression: text, alternatives: reasons)]
        case .binary(let op, let left, let right) where op.isComparison || op == .in || op == .notIn:
            let missing = (left.fieldNames + right.fieldNames).filter { values[$0] == nil }
            if !missing.isEmpty { return missing.map { RuleReason(.notSet, field: $0, subject: $0, expression: text) } }
            guard let actual = left.evaluate(values) else { break }
            let field: String? = if case .field(let name) = left.kind { name } else { nil }
            if case .field(let name) = right.kind {
                return [
                    RuleReason(
                        .comparison, field: field, subject: left.description, operator: op, expected: values[name],
                        expectedField: name, actual: actual, expression: text)
                ]
            }
            // A constant on the right (a literal, a list of them): what the rule asks for.
            if right.fieldNames.isEmpty, let expected = right.evaluate(values) {
                return [
                    RuleReason(
                        .comparison, field: field, subject: left.description, operator: op, expected: expected,
                        actual: actual, expression: text)
                ]
            }
        case .check(let inner, let presence, let negated):
            let field: String? = if case .field(let name) = inner.kind { name } else { nil }
            let code: RuleReason.Code =
                switch (presence, negated) {
                case (.set, false): .notSet
                case (.set, true): .mustNotBeSet
                case (.empty, false): .mustBeEmpty
                case (.empty, true): .isEmpty
                }
            return [
                RuleReason(
                    code, field: field, subject: inner.description, actual: inner.evaluate(values), expression: text)
            ]
        case .field(let name):
            let code: RuleReason.Code = values[name] == nil ? .notSet : .notTrue
            return [RuleReason(code, field: name, subject: name, actual: values[name], expression: text)]
        default:
            let missing = fieldNames.filter { values[$0] == nil }
            if !missing.isEmpty { return missing.map { RuleReason(.notSet, field: $0, subject: $0, expression: text) } }
        }
        var read: [String: Value] = [:]
        for name in fieldNames { read[name] = values[name] }
        return [RuleReason(.notHeld, subject: text, expression: text, values: read)]
    }
}
