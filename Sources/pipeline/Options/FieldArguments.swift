import ArgumentParser
import Foundation
import PipelineCore

/// `--field key=value` arguments turned into typed values with the workflow's field types.
/// Text stays text when it does not read as the field's type: the engine then says what is wrong.
enum FieldArguments {
    static func values(_ assignments: [String], clearing: [String] = [], in workflow: Workflow) throws -> [String:
        Value?]
    {
        var result: [String: Value?] = [:]
        for assignment in assignments {
            guard let equals = assignment.firstIndex(of: "=") else {
                throw ValidationError("write fields as --field name=value, not '\(assignment)'")
            }
            let name = String(assignment[..<equals]).trimmingCharacters(in: .whitespaces)
            let text = String(assignment[assignment.index(after: equals)...])
            result[name] = text.isEmpty ? .some(nil) : .some(value(text, for: workflow.field(name)?.type))
        }
        for name in clearing { result[name] = .some(nil) }
        return result
    }

    static func value(_ text: String, for type: FieldType?) -> Value {
        switch type {
        case .number?, .integer?, .money?:
            let cleaned = text.replacingOccurrences(of: "_", with: "").trimmingCharacters(in: .whitespaces)
            return Double(cleaned).map(Value.number) ?? .text(text)
        case .boolean?:
            switch text.lowercased() {
            case "true", "yes", "ja": return .boolean(true)
            case "false", "no", "nee": return .boolean(false)
            default: return .text(text)
            }
        case .list?:
            let items = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                !$0.isEmpty
            }
            return .list(items.map(Value.text))
        default:
            return .text(text)
        }
    }
}
