extension Workflow {
    /// Checks field values against their fields' types and constraints, and gives them back in
    /// their canonical form (a date written as text becomes a date; empty text clears a field).
    ///
    /// `editable` limits which fields may be given; `nil` allows every field.
    public func checkFields(_ values: [String: Value?], editable: Set<String>?) -> Result<
        [String: Value?], CommandError
    > {
        var problems: [FieldProblem] = []
        var result: [String: Value?] = [:]
        for (id, value) in values.sorted(by: { $0.key < $1.key }) {
            guard let field = field(id) else {
                problems.append(FieldProblem(field: id, .fieldUnknown))
                continue
            }
            if let editable, !editable.contains(id) {
                problems.append(FieldProblem(field: id, .fieldNotEditable))
                continue
            }
            guard let value else {
                result[id] = .some(nil)
                continue
            }
            switch field.check(value) {
            case .success(let canonical): result[id] = .some(canonical)
            case .failure(let problem): problems.append(FieldProblem(field: id, problem))
            }
        }
        return problems.isEmpty ? .success(result) : .failure(.invalidFields(problems))
    }
}

extension FieldDefinition {
    /// The value in canonical form, or what is wrong with it; `.success(nil)` clears the field.
    func check(_ value: Value) -> Result<Value?, Refusal> {
        switch (type, value) {
        case (.text(let maxLength), .text(let text)):
            if text.isEmpty { return .success(nil) }
            if text.count > maxLength { return .failure(.fieldTooLong(length: text.count, max: maxLength)) }
            return .success(value)
        case (.url, .text(let text)):
            if text.isEmpty { return .success(nil) }
            return FieldDefinition.isWebAddress(text) ? .success(value) : .failure(.fieldNotWebAddress)
        case (.choice(let options), .text(let text)):
            if text.isEmpty { return .success(nil) }
            return options.contains { $0.value == text }
                ? .success(value) : .failure(.fieldNotAnOption(text, options: options))
        case (.list(let options, let minItems, let maxItems), .list(let items)):
            var seen: Set<String> = []
            for item in items {
                guard case .text(let text) = item, options.contains(where: { $0.value == text }) else {
                    return .failure(.fieldItemNotAnOption(item, options: options))
                }
                guard seen.insert(text).inserted else { return .failure(.fieldListedTwice(text)) }
            }
            if let minItems, items.count < minItems { return .failure(.fieldTooFewItems(min: minItems)) }
            if let maxItems, items.count > maxItems { return .failure(.fieldTooManyItems(max: maxItems)) }
            return .success(items.isEmpty ? nil : value)
        case (.number(let range), .number(let number)), (.integer(let range), .number(let number)),
            (.money(let range), .number(let number)):
            return checkNumber(number, range)
        case (.date, .date):
            return .success(value)
        case (.date, .text(let text)):
            if text.isEmpty { return .success(nil) }
            return CalendarDate(iso: text).map { .success(.date($0)) } ?? .failure(.fieldNotADate(text))
        case (.boolean, .boolean):
            return .success(value)
        default:
            return .failure(.fieldWrongType(expected: type))
        }
    }

    private func checkNumber(_ number: Double, _ range: NumberRange) -> Result<Value?, Refusal> {
        guard number.isFinite, abs(number) < 1e15 else { return .failure(.fieldNotRepresentable) }
        if case .integer = type, number != number.rounded() { return .failure(.fieldNotWhole) }
        if case .money = type, (number * 100).rounded() != number * 100 {
            return .failure(.fieldTooManyDecimals)
        }
        if let min = range.min, number < min {
            return .failure(.fieldBelowMinimum(number, min: min))
        }
        if let max = range.max, number > max {
            return .failure(.fieldAboveMaximum(number, max: max))
        }
        return .success(.number(number))
    }

    static func isWebAddress(_ text: String) -> Bool {
        guard text.count <= 2_048, !text.contains(where: { $0.isWhitespace }) else { return false }
        for scheme in ["https://", "http://"] where text.lowercased().hasPrefix(scheme) {
            let host = text.dropFirst(scheme.count).prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            return !host.isEmpty
        }
        return false
    }

    static func list(_ options: [ChoiceOption]) -> String {
        options.prefix(10).map { "'\($0.value)'" }.joined(separator: ", ") + (options.count > 10 ? ", ..." : "")
    }
}
