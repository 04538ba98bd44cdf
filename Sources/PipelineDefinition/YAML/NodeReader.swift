import Foundation
import Yams

/// Reads a composed YAML tree into typed values, collecting a diagnostic for every problem
/// instead of stopping at the first, as a compiler does.
final class NodeReader {
    let path: String
    let source: SourceText
    private(set) var diagnostics: [Diagnostic] = []
    /// Bounds the work on hostile input (aliases can make a small file a huge tree).
    private var nodeBudget = 200_000

    /// How messages name the file: `workflow file`, `test file`.
    let noun: String

    init(path: String, source: SourceText, noun: String = "workflow file") {
        self.path = path
        self.source = source
        self.noun = noun
    }

    /// One `key: value` pair of a mapping, with where its key stands.
    struct Entry {
        let key: String
        let keyMark: Mark?
        let value: Node
    }

    func error(_ message: String, at mark: Mark?, hint: String? = nil) {
        diagnostics.append(
            Diagnostic(path: path, line: mark?.line ?? 1, column: mark?.column ?? 1, message: message, hint: hint))
    }

    func error(_ message: String, line: Int, column: Int, hint: String? = nil) {
        diagnostics.append(Diagnostic(path: path, line: line, column: column, message: message, hint: hint))
    }

    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// Whether the tree may still be walked; false once the budget is spent (reported once).
    func spend() -> Bool {
        nodeBudget -= 1
        if nodeBudget == 0 { error("\(noun) is too large or too deeply aliased to read", at: nil) }
        return nodeBudget > 0
    }

    // MARK: - Mappings

    /// The entries of a mapping in file order, or `nil` (reported) when `node` is not one.
    func entries(_ node: Node, of context: String) -> [Entry]? {
        guard spend() else { return nil }
        guard case .mapping(let mapping) = node else {
            error("\(context) must be a mapping of 'key: value' lines, not \(node.kindName)", at: node.mark)
            return nil
        }
        var result: [Entry] = []
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key, !scalar.string.isEmpty else {
                error("keys in \(context) must be plain names", at: key.mark)
                continue
            }
            result.append(Entry(key: scalar.string, keyMark: scalar.mark, value: value))
        }
        return result
    }

    /// A mapping with a fixed set of keys: unknown keys and missing required keys are reported.
    func fields(_ node: Node, of context: String, allowed: [String], required: [String] = []) -> [String: Entry]? {
        guard let entries = entries(node, of: context) else { return nil }
        var result: [String: Entry] = [:]
        var misspelled: Set<String> = []
        for entry in entries {
            guard allowed.contains(entry.key) else {
                let suggestion = Suggestion.closest(to: entry.key, in: allowed)
                if let suggestion { misspelled.insert(suggestion) }
                error(
                    "unknown key '\(entry.key.clipped)' in \(context)", at: entry.keyMark,
                    hint: suggestion.map { "did you mean '\($0)'?" }
                        ?? "the keys are " + allowed.map { "'\($0)'" }.joined(separator: ", "))
                continue
            }
            result[entry.key] = entry
        }
        // A misspelled required key is reported once, as the unknown key with its hint.
        for key in required where result[key] == nil && !misspelled.contains(key) {
            error("\(context) is missing the required key '\(key)'", at: node.mark)
        }
        return result
    }

    // MARK: - Scalars

    /// The text of a scalar; `nil` (reported) for a list, a mapping or an empty value.
    func text(_ entry: Entry?, of context: String) -> String? {
        guard let entry else { return nil }
        guard spend() else { return nil }
        guard case .scalar(let scalar) = entry.value else {
            error("'\(entry.key)' of \(context) must be text, not \(entry.value.kindName)", at: entry.value.mark)
            return nil
        }
        if scalar.isNull || scalar.string.trimmingCharacters(in: .whitespaces).isEmpty {
            error("'\(entry.key)' of \(context) has no value", at: entry.keyMark)
            return nil
        }
        return scalar.string
    }

    func integer(_ entry: Entry?, of context: String, example: String = "1") -> Int? {
        guard let entry, let text = text(entry, of: context) else { return nil }
        guard let number = Int(text.replacingUnderscores), !text.hasPrefix("_") else {
            error(
                "'\(entry.key)' of \(context) must be a whole number, not '\(text.clipped)'", at: entry.value.mark,
                hint: "for example \(entry.key): \(example)")
            return nil
        }
        return number
    }

    func number(_ entry: Entry?, of context: String) -> Double? {
        guard let entry, let text = text(entry, of: context) else { return nil }
        guard let number = Double(text.replacingUnderscores), number.isFinite,
            text.unicodeScalars.allSatisfy({ "0123456789.-+_eE".unicodeScalars.contains($0) })
        else {
            error("'\(entry.key)' of \(context) must be a number, not '\(text.clipped)'", at: entry.value.mark)
            return nil
        }
        return number
    }

    func boolean(_ entry: Entry?, of context: String) -> Bool? {
        guard let entry, let text = text(entry, of: context) else { return nil }
        switch text {
        case "true": return true
        case "false": return false
        default:
            error(
                "'\(entry.key)' of \(context) must be true or false, not '\(text.clipped)'", at: entry.value.mark)
            return nil
        }
    }

    /// A list of names, written `[a, b]`, as `- a` lines, or (when `single` allows) as one name.
    func names(_ entry: Entry?, of context: String, single: Bool = false) -> [(name: String, mark: Mark?)]? {
        guard let entry else { return nil }
        switch entry.value {
        case .scalar(let scalar) where single && !scalar.isNull:
            return [(scalar.string, scalar.mark)]
        case .sequence(let sequence):
            var result: [(String, Mark?)] = []
            for item in sequence {
                guard spend() else { return nil }
                guard case .scalar(let scalar) = item, !scalar.isNull else {
                    error("items of '\(entry.key)' in \(context) must be names, not \(item.kindName)", at: item.mark)
                    continue
                }
                result.append((scalar.string, scalar.mark))
            }
            return result
        default:
            error(
                "'\(entry.key)' of \(context) must be a list of names\(single ? " or one name" : ""), not \(entry.value.kindName)",
                at: entry.value.mark, hint: "write \(entry.key): [first, second]")
            return nil
        }
    }

    /// The items of a sequence, or `nil` (reported) when the value is not one.
    func items(_ entry: Entry?, of context: String) -> [Node]? {
        guard let entry else { return nil }
        guard case .sequence(let sequence) = entry.value else {
            error("'\(entry.key)' of \(context) must be a list, not \(entry.value.kindName)", at: entry.value.mark)
            return nil
        }
        return Array(sequence)
    }
}

extension Node {
    /// How a node is named in a message.
    var kindName: String {
        switch self {
        case .scalar(let scalar): return scalar.isNull ? "an empty value" : "'\(scalar.string.clipped)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }
}

extension Node.Scalar {
    /// `key:` with nothing after it, `~` or `null`, when not quoted.
    var isNull: Bool {
        style != .singleQuoted && style != .doubleQuoted && ["", "~", "null", "Null", "NULL"].contains(string)
    }

    var isQuoted: Bool { style == .singleQuoted || style == .doubleQuoted }
}

extension String {
    /// At most 40 characters, for quoting user text in a message.
    var clipped: String { count > 40 ? prefix(37) + "..." : self }
    var replacingUnderscores: String { String(filter { $0 != "_" }) }
}
