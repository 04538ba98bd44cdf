extension Expression {
    /// Why this expression does not hold for these values, in words a submitter can act on:
    /// `cost_eur is 310000, must be <= 250000`, `funding is not set`.
    public func explainFailure(_ values: FieldValues) -> [String] {
        switch kind {
        case .binary(.and, let left, let right):
            return [left, right].filter { !$0.holds(values) }.flatMap { $0.explainFailure(values) }
        case .binary(.or, let left, let right):
            let reasons = left.explainFailure(values) + right.explainFailure(values)
            return reasons.count > 1 ? ["none of: " + reasons.joined(separator: ", or ")] : reasons
        case .binary(let op, let left, let right) where op.isComparison || op == .in || op == .notIn:
            let missing = (left.fieldNames + right.fieldNames).filter { values[$0] == nil }
            if !missing.isEmpty { return missing.map { "\($0) is not set" } }
            if case .literal = right.kind, let value = left.evaluate(values) {
                return ["\(left) is \(value), must be \(op.rawValue) \(right)"]
            }
            if case .field(let name) = right.kind, let value = values[name] {
                return ["\(name) is \(value); \(self) does not hold"]
            }
            let shown = (left.fieldNames + right.fieldNames).compactMap { name in
                values[name].map { "\(name) is \($0)" }
            }
            return ["\(self) does not hold" + (shown.isEmpty ? "" : " (\(shown.joined(separator: ", ")))")]
        case .check(let inner, let presence, let negated):
            let subject = inner.description
            switch (presence, negated) {
            case (.set, false): return ["\(subject) is not set"]
            case (.set, true): return ["\(subject) must not be set"]
            case (.empty, false): return ["\(subject) must be empty"]
            case (.empty, true): return ["\(subject) is empty"]
            }
        case .field(let name):
            if values[name] == nil { return ["\(name) is not set"] }
            return ["\(name) is not true"]
        default:
            let missing = fieldNames.filter { values[$0] == nil }
            if !missing.isEmpty { return missing.map { "\($0) is not set" } }
            return ["\(self) does not hold"]
        }
    }
}
