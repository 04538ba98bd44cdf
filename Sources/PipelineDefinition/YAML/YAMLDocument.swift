import Foundation
import Yams

/// Turns the text of a workflow file into a YAML tree, or into diagnostics: syntax errors,
/// and limits that keep hostile input (huge files, deep nesting) from exhausting memory or stack.
enum YAMLDocument {
    static let maximumBytes = 1 << 20
    static let maximumIndent = 200
    static let maximumFlowDepth = 64

    /// `noun` names the file in messages (`workflow file`, `test file`); `emptyHint` says how
    /// such a file starts.
    static func compose(
        _ text: String, path: String, noun: String = "workflow file",
        emptyHint: String = "start with 'id:', 'version:' and 'name:'"
    ) throws(Diagnostic) -> Node {
        if text.utf8.count > maximumBytes {
            throw Diagnostic(path: path, line: 1, column: 1, message: "\(noun) is larger than 1 MiB")
        }
        if let problem = nestingProblem(in: text) {
            throw Diagnostic(
                path: path, line: problem.line, column: problem.column, message: problem.message,
                hint: "\(noun)s nest only a few levels")
        }
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw Diagnostic(
                    path: path, line: 1, column: 1, message: "\(noun) is empty", hint: emptyHint)
            }
            return node
        } catch let error as YamlError {
            throw diagnostic(for: error, path: path, text: text)
        } catch let diagnostic as Diagnostic {
            throw diagnostic
        } catch {
            throw Diagnostic(path: path, line: 1, column: 1, message: "cannot read the file as YAML")
        }
    }

    private static func diagnostic(for error: YamlError, path: String, text: String) -> Diagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let source = SourceText(text)
            if let quote = unclosedQuote(in: source, before: mark.line) {
                return Diagnostic(
                    path: path, line: quote.line, column: quote.column,
                    message: "quoted text is not closed on this line",
                    hint: "add the closing quote; for long text use a block: 'key: |' and the text indented below")
            }
            let line = source.line(mark.line) ?? ""
            if line.unicodeScalars.prefix(while: { $0 == " " || $0 == "\t" }).contains("\t") {
                return Diagnostic(
                    path: path, line: mark.line, column: 1, message: "YAML syntax error: a tab indents this line",
                    hint: "indent with spaces, not tabs")
            }
            var message = "YAML syntax error: \(problem)"
            if let context { message += " (\(context.text) at line \(context.mark.line))" }
            return Diagnostic(
                path: path, line: mark.line, column: mark.column, message: message,
                hint: hint(for: problem, line: mark.line, in: source))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.first ?? ""
            let second = secondOccurrence(of: key, after: context.mark, in: text)
            return Diagnostic(
                path: path, line: second?.line ?? context.mark.line, column: second?.column ?? context.mark.column,
                message: "duplicate key '\(key)'; it is already defined at line \(context.mark.line)",
                hint: "a key appears once in a mapping: rename or remove one of them")
        case .reader(let problem, let offset, _, _):
            let location = offset.map { lineAndColumn(ofCharacterOffset: $0, in: text) } ?? (1, 1)
            return Diagnostic(
                path: path, line: location.0, column: location.1, message: "cannot read the file: \(problem)")
        default:
            return Diagnostic(path: path, line: 1, column: 1, message: "cannot read the file as YAML")
        }
    }

    private static func hint(for problem: String, line: Int, in source: SourceText) -> String? {
        if problem.contains("tab") { return "indent with spaces, not tabs" }
        if problem.contains("mapping values are not allowed") {
            func indent(_ text: String) -> Int { text.unicodeScalars.prefix { $0 == " " }.count }
            func isContent(_ text: String) -> Bool {
                let trimmed = text.trimmingCharacters(in: .whitespaces)
                return !trimmed.isEmpty && !trimmed.hasPrefix("#")
            }
            let current = source.line(line) ?? ""
            let previous = (1..<max(1, line)).reversed().compactMap { source.line($0) }.first(where: isContent)
            if let previous, indent(current) > indent(previous),
                !previous.trimmingCharacters(in: .whitespaces).hasSuffix(":")
            {
                return "this line is indented deeper than the line above; keys of one mapping line up"
            }
            return "put text that contains ': ' in quotes"
        }
        if problem.contains("did not find expected key") || problem.contains("did not find expected '-'") {
            return "check the indentation of this line and the one above"
        }
        return nil
    }

    /// The first line before `line` whose value opens a quote that the line does not close.
    /// Quoted text may span lines in YAML, but in a workflow file that is nearly always a
    /// forgotten quote, which libyaml reports far away (at the next quote, or the end).
    static func unclosedQuote(in source: SourceText, before line: Int) -> (line: Int, column: Int)? {
        for number in 1...max(1, min(line, source.lines.count)) {
            let scalars = Array((source.line(number) ?? "").unicodeScalars)
            var index = scalars.prefix { $0 == " " }.count
            if index + 1 < scalars.count, scalars[index] == "-", scalars[index + 1] == " " { index += 2 }
            guard index < scalars.count, scalars[index] != "#" else { continue }
            // Past `key: ` to the value.
            if scalars[index] != "\"", scalars[index] != "'",
                let colon = (index..<scalars.count).first(where: {
                    scalars[$0] == ":" && ($0 + 1 == scalars.count || scalars[$0 + 1] == " ")
                })
            {
                index = colon + 1
                while index < scalars.count, scalars[index] == " " { index += 1 }
            }
            guard index < scalars.count, scalars[index] == "\"" || scalars[index] == "'" else { continue }
            let quote = scalars[index]
            var position = index + 1
            var closed = false
            while position < scalars.count {
                if quote == "\"", scalars[position] == "\\" {
                    position += 2
                    continue
                }
                if scalars[position] == quote {
                    if quote == "'", position + 1 < scalars.count, scalars[position + 1] == "'" {
                        position += 2
                        continue
                    }
                    closed = true
                    break
                }
                position += 1
            }
            if !closed { return (number, index + 1) }
        }
        return nil
    }

    /// Yams reports a duplicate key where it first appears; the second one is what to fix.
    private static func secondOccurrence(of key: String, after first: Mark, in text: String) -> (
        line: Int, column: Int
    )? {
        let lines = SourceText(text).lines
        guard first.line >= 1, first.line <= lines.count else { return nil }
        let column = first.column - 1
        // In a flow mapping (`{a: 1, a: 2}`) the second key is on the same line.
        let firstLine = Array(lines[first.line - 1].unicodeScalars)
        var position = column + key.unicodeScalars.count
        while position < firstLine.count {
            let rest = String(String.UnicodeScalarView(firstLine[position...]))
            if " ,{".unicodeScalars.contains(firstLine[position - 1]), rest.hasPrefix(key + ":") {
                return (first.line, position + 1)
            }
            position += 1
        }
        for index in first.line..<lines.count {
            let scalars = Array(lines[index].unicodeScalars)
            guard column < scalars.count, scalars[..<column].allSatisfy({ $0 == " " || $0 == "-" }) else { continue }
            let rest = String(String.UnicodeScalarView(scalars[column...]))
            if rest.hasPrefix(key + ":") || rest.hasPrefix("\"\(key)\":") || rest.hasPrefix("'\(key)':") {
                return (index + 1, first.column)
            }
        }
        return nil
    }

    private static func lineAndColumn(ofCharacterOffset offset: Int, in text: String) -> (Int, Int) {
        var line = 1
        var column = 1
        for character in text.prefix(offset) {
            if character == "\n" || character == "\r\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }

    /// Finds nesting deep enough to threaten the recursive composer: a line indented too far,
    /// too many `[`/`{` open at once, or a long chain of `- - -` indicators on one line.
    static func nestingProblem(in text: String) -> (message: String, line: Int, column: Int)? {
        var flowDepth = 0
        var lineNumber = 0
        for line in SourceText(text).lines {
            lineNumber += 1
            let scalars = Array(line.unicodeScalars)
            let indent = scalars.prefix { $0 == " " }.count
            if indent > maximumIndent, indent < scalars.count, scalars[indent] != "#" {
                return ("line is indented \(indent) columns; the limit is \(maximumIndent)", lineNumber, indent + 1)
            }
            var indicators = 0
            var index = indent
            while index + 1 < scalars.count, "-?:".unicodeScalars.contains(scalars[index]), scalars[index + 1] == " " {
                indicators += 1
                index += 2
                while index < scalars.count, scalars[index] == " " { index += 1 }
            }
            if indicators > maximumFlowDepth {
                return ("too many nested '- ' items on one line", lineNumber, index + 1)
            }
            var quote: Unicode.Scalar?
            for (column, scalar) in scalars.enumerated() {
                if let open = quote {
                    if scalar == open { quote = nil }
                    continue
                }
                switch scalar {
                case "\"", "'":
                    // A quote starts a quoted scalar only after a space or an indicator.
                    if column == 0 || " [{,:-".unicodeScalars.contains(scalars[column - 1]) { quote = scalar }
                case "#" where column == 0 || scalars[column - 1] == " ":
                    break
                case "[", "{":
                    flowDepth += 1
                    if flowDepth > maximumFlowDepth {
                        return ("more than \(maximumFlowDepth) levels of '[' and '{'", lineNumber, column + 1)
                    }
                case "]", "}":
                    flowDepth = max(0, flowDepth - 1)
                default:
                    continue
                }
                if scalar == "#", column == 0 || scalars[column - 1] == " " { break }
            }
        }
        return nil
    }
}
