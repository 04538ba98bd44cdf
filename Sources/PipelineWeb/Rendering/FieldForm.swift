import Foundation
import PipelineCore

/// Form controls generated from a workflow's field definitions, and form input turned back into
/// field values. The constraints themselves are checked by the engine, as for the API.
enum FieldForm {
    /// Values as the form shows them: every value a string, a list field several.
    typealias Raw = [String: [String]]

    /// What the form shows for stored values: numbers the Dutch way, as `number(_:)` reads them
    /// back (`340.000`, `1,5`; an amount with cents `85.000,50`), days as the date input wants them.
    static func raw(_ values: FieldValues, in workflow: Workflow) -> Raw {
        values.reduce(into: [:]) { raw, entry in
            let field = workflow.field(entry.key)
            switch (entry.value, field?.type) {
            case (.list(let items), _): raw[entry.key] = items.map(text)
            case (.number(let amount), .money?) where amount.rounded() != amount:
                raw[entry.key] = [String(DutchFormat.money(amount).dropFirst(2))]
            default: raw[entry.key] = [text(entry.value)]
            }
        }
    }

    static func text(_ value: Value) -> String {
        switch value {
        case .text(let text): return text
        case .number(let number): return DutchFormat.number(number)
        case .boolean(let flag): return flag ? "true" : "false"
        case .date(let date): return date.description
        case .list(let items): return items.map(text).joined(separator: ", ")
        }
    }

    /// A value as people read it: choice labels instead of stored values, yes/no, numbers and
    /// euros the Dutch way (`340.000`, `€ 85.000`), days in words (`1 maart 2027`).
    static func display(_ value: Value, field: FieldDefinition?, labels: Labels) -> String {
        switch (value, field?.type) {
        case (.text(let text), .choice(let options)?):
            return options.first { $0.value == text }?.label ?? text
        case (.list(let items), .list(let options, _, _)?):
            return items.map { item in
                let text = text(item)
                return options.first { $0.value == text }?.label ?? text
            }.joined(separator: ", ")
        case (.boolean(let flag), _): return flag ? labels["yes"] : labels["no"]
        case (.number(let number), .money?): return DutchFormat.money(number)
        case (.date(let date), _): return DutchFormat.day(date)
        default: return text(value)
        }
    }

    /// The controls for `fields`, filled with `raw` and with each field's problem next to it.
    static func controls(_ fields: [FieldDefinition], raw: Raw, problems: [String: String], labels: Labels)
        -> [[String: Any]]
    {
        fields.map { field in
            let values = raw[field.id] ?? []
            let value = values.first ?? ""
            var control: [String: Any] = [
                "id": field.id, "label": field.label, "help": field.help ?? "", "required": field.required,
                "value": value, "error": problems[field.id] ?? "", "type": field.type.name,
            ]
            switch field.type {
            case .text(let maxLength):
                control[maxLength > 200 ? "is_textarea" : "is_text"] = true
                control["max_length"] = maxLength
            case .url: control["is_url"] = true
            case .date: control["is_date"] = true
            case .number(let range), .integer(let range), .money(let range):
                control["is_number"] = true
                control["constraint"] = constraint(field.type, range, labels: labels)
            case .choice(let options):
                control["is_select"] = true
                control["options"] = options.map {
                    ["value": $0.value, "label": $0.label, "selected": $0.value == value]
                }
            case .list(let options, _, _):
                control["is_list"] = true
                control["options"] = options.enumerated().map {
                    ["value": $1.value, "label": $1.label, "checked": values.contains($1.value), "index": $0]
                }
            case .boolean:
                control["is_select"] = true
                control["options"] = [
                    ["value": "true", "label": labels["yes"], "selected": value == "true"],
                    ["value": "false", "label": labels["no"], "selected": value == "false"],
                ]
            }
            // What a screen reader says with the control: its help, its limits and its problem.
            let constraint = control["constraint"] as? String ?? ""
            let problem = problems[field.id] ?? ""
            control["described_by"] = [
                (field.help ?? "").isEmpty ? nil : "help-\(field.id)",
                constraint.isEmpty ? nil : "constraint-\(field.id)",
                problem.isEmpty ? nil : "err-\(field.id)",
            ].compactMap { $0 }.joined(separator: " ")
            return control
        }
    }

    private static func constraint(_ type: FieldType, _ range: NumberRange, labels: Labels) -> String {
        var parts: [String] = []
        if case .integer = type { parts.append(labels["field_whole_number"]) }
        if case .money = type { parts.append(labels["field_money"]) }
        if let min = range.min { parts.append(labels.format("field_min", ["min": DutchFormat.number(min)])) }
        if let max = range.max { parts.append(labels.format("field_max", ["max": DutchFormat.number(max)])) }
        return parts.joined(separator: ", ")
    }

    /// The values of `fields` as sent by a form; an empty input is `nil` (not set, or cleared).
    /// Numbers that cannot be read are problems here; every other check is the engine's.
    static func parse(_ fields: [FieldDefinition], form: FormBody, labels: Labels) -> (
        values: [String: Value?], raw: Raw, problems: [String: String]
    ) {
        var values: [String: Value?] = [:]
        var raw: Raw = [:]
        var problems: [String: String] = [:]
        for field in fields {
            if case .list = field.type {
                let items = form.all(field.id).filter { !$0.isEmpty }
                raw[field.id] = items
                values[field.id] = items.isEmpty ? .some(nil) : .list(items.map(Value.text))
                continue
            }
            let text = (form[field.id] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            raw[field.id] = [text]
            guard !text.isEmpty else {
                values[field.id] = .some(nil)
                continue
            }
            switch field.type {
            case .number, .integer, .money:
                do {
                    values[field.id] = .some(try DutchFormat.parseNumber(text).map(Value.number))
                } catch {
                    problems[field.id] = problem(error, labels: labels)
                }
            case .boolean:
                values[field.id] = .boolean(text == "true")
            default:
                values[field.id] = .text(text)
            }
        }
        return (values, raw, problems)
    }

    /// Why a number field's text was not read, in the page's words, quoting what was typed.
    static func problem(_ error: DutchFormat.NumberError, labels: Labels) -> String {
        let text = ["text": error.typed]
        switch error.reason {
        case .notANumber: return labels.format("field_not_a_number", text)
        case .ambiguousPoint:
            return labels.format(
                "field_number_ambiguous_point", text.merging(["suggestion": error.suggestion ?? ""]) { $1 })
        case .ambiguousComma:
            return labels.format(
                "field_number_ambiguous_comma",
                text.merging(["thousands": error.suggestion ?? "", "decimals": error.alternative ?? ""]) { $1 })
        case .misplacedSeparator: return labels.format("field_number_misplaced", text)
        case .moreThanOneComma: return labels.format("field_number_commas", text)
        case .tooLarge:
            return labels.format(
                "field_number_too_large", text.merging(["max": DutchFormat.number(DutchFormat.largestNumber)]) { $1 })
        }
    }
}
