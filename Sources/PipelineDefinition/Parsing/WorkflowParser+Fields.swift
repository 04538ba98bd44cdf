import PipelineCore
import Yams

extension WorkflowParser {
    static let fieldTypes = ["text", "number", "integer", "money", "choice", "list", "date", "url", "boolean"]
    static let commonFieldKeys = ["label", "type", "help", "required"]

    /// The keys each field type takes besides the common ones.
    static func keys(forFieldType type: String) -> [String] {
        switch type {
        case "text": return ["max_length"]
        case "number", "integer", "money": return ["min", "max"]
        case "choice": return ["options"]
        case "list": return ["options", "min_items", "max_items"]
        default: return []
        }
    }

    /// The longest text a text field takes when its file says nothing.
    static let defaultMaxLength = 1_000

    func parseFields(_ entry: NodeReader.Entry) {
        guard let entries = reader.entries(entry.value, of: "fields") else { return }
        declared["field"] = Set(entries.flatMap { [$0.key, $0.key.lowercased()] })
        for field in entries where isIdentifier(field, kind: "field") {
            fieldMarks[field.key] = field.keyMark
            if let definition = parseField(field) { fields.append(definition) }
        }
    }

    private func parseField(_ entry: NodeReader.Entry) -> FieldDefinition? {
        let context = "field '\(entry.key)'"
        let allKeys =
            WorkflowParser.commonFieldKeys + WorkflowParser.fieldTypes.flatMap(WorkflowParser.keys(forFieldType:))
        guard
            let keys = reader.fields(
                entry.value, of: context, allowed: Array(Set(allKeys)).sorted(), required: ["label", "type"])
        else { return nil }
        let label = reader.text(keys["label"], of: context)
        let help = keys["help"].flatMap { reader.text($0, of: context) }
        let required = keys["required"].flatMap { reader.boolean($0, of: context) } ?? false
        guard let typeEntry = keys["type"], let typeName = reader.text(typeEntry, of: context) else { return nil }
        guard WorkflowParser.fieldTypes.contains(typeName) else {
            reader.error(
                "unknown field type '\(typeName.clipped)'", at: typeEntry.value.mark,
                hint: Suggestion.hint(for: typeName, in: WorkflowParser.fieldTypes)
                    ?? "the types are " + WorkflowParser.fieldTypes.joined(separator: ", "))
            return nil
        }
        let ownKeys = WorkflowParser.commonFieldKeys + WorkflowParser.keys(forFieldType: typeName)
        for (key, misplaced) in keys.sorted(by: { $0.key < $1.key }) where !ownKeys.contains(key) {
            reader.error("'\(key)' does not apply to a \(typeName) field", at: misplaced.keyMark)
        }
        guard let type = fieldType(typeName, keys, context: context, at: entry), let label else { return nil }
        return FieldDefinition(id: entry.key, label: label, help: help, required: required, type: type)
    }

    private func fieldType(
        _ name: String, _ keys: [String: NodeReader.Entry], context: String, at field: NodeReader.Entry
    )
        -> FieldType?
    {
        switch name {
        case "text":
            guard let entry = keys["max_length"] else { return .text(maxLength: WorkflowParser.defaultMaxLength) }
            guard let length = reader.integer(entry, of: context, example: "200") else { return nil }
            guard length >= 1 else {
                reader.error("max_length must be 1 or more, not \(length)", at: entry.value.mark)
                return nil
            }
            return .text(maxLength: length)
        case "number", "integer", "money":
            guard let range = numberRange(keys, context: context, whole: name == "integer") else { return nil }
            return name == "number" ? .number(range) : name == "integer" ? .integer(range) : .money(range)
        case "choice":
            guard let options = options(keys["options"], context: context, field: field) else { return nil }
            return .choice(options)
        case "list":
            guard let options = options(keys["options"], context: context, field: field) else { return nil }
            let minItems = keys["min_items"].flatMap { reader.integer($0, of: context) }
            let maxItems = keys["max_items"].flatMap { reader.integer($0, of: context) }
            if let minItems, minItems < 0, let entry = keys["min_items"] {
                reader.error("min_items must be 0 or more", at: entry.value.mark)
            }
            if let maxItems, maxItems < 1, let entry = keys["max_items"] {
                reader.error("max_items must be 1 or more", at: entry.value.mark)
            }
            if let minItems, let maxItems, minItems > maxItems, let entry = keys["min_items"] {
                reader.error("min_items (\(minItems)) is more than max_items (\(maxItems))", at: entry.value.mark)
            }
            return .list(options, minItems: minItems, maxItems: maxItems)
        case "date": return .date
        case "url": return .url
        default: return .boolean
        }
    }

    private func numberRange(_ keys: [String: NodeReader.Entry], context: String, whole: Bool) -> NumberRange? {
        let min = keys["min"].flatMap { reader.number($0, of: context) }
        let max = keys["max"].flatMap { reader.number($0, of: context) }
        for (key, value) in [("min", min), ("max", max)] {
            if whole, let value, value != value.rounded(), let entry = keys[key] {
                reader.error("\(key) of an integer field must be a whole number", at: entry.value.mark)
            }
        }
        if let min, let max, min > max, let entry = keys["min"] {
            reader.error(
                "min (\(Value.format(min))) is more than max (\(Value.format(max)))", at: entry.value.mark,
                hint: "swap them")
            return nil
        }
        return NumberRange(min: min, max: max)
    }

    /// Options as a list (`[a, b]`, the value is the label) or as `value: label` lines.
    private func options(_ entry: NodeReader.Entry?, context: String, field: NodeReader.Entry) -> [ChoiceOption]? {
        guard let entry else {
            reader.error(
                "\(context) is missing the required key 'options'", at: field.keyMark,
                hint: "list the options, e.g. options: [first, second]")
            return nil
        }
        var result: [ChoiceOption] = []
        var marks: [Mark?] = []
        switch entry.value {
        case .mapping:
            guard let pairs = reader.entries(entry.value, of: "options of \(context)") else { return nil }
            for pair in pairs {
                guard let label = reader.text(pair, of: "options of \(context)") else { continue }
                result.append(ChoiceOption(value: pair.key, label: label))
                marks.append(pair.keyMark)
            }
        default:
            guard let names = reader.names(entry, of: context) else { return nil }
            for name in names {
                result.append(ChoiceOption(value: name.name, label: name.name))
                marks.append(name.mark)
            }
        }
        if result.isEmpty { reader.error("\(context) needs at least one option", at: entry.keyMark) }
        var seen: Set<String> = []
        for (option, mark) in zip(result, marks) where !seen.insert(option.value).inserted {
            reader.error("option '\(option.value.clipped)' appears twice in \(context)", at: mark)
        }
        return result
    }
}
