/// Renders diagnostics for a terminal, the way compilers do: the location, the message,
/// the source line with a caret under the column, and the hint.
///
/// ```
/// workflows/quick-wins.yml:14:12: error: unknown field 'cost'
///    14 |     - cost <= 5000
///       |       ^
///       = hint: did you mean 'cost_eur'?
/// ```
public enum DiagnosticRenderer {
    public static func render(_ diagnostic: Diagnostic, source: String?) -> String {
        var lines = [
            "\(diagnostic.path):\(diagnostic.line):\(diagnostic.column): \(diagnostic.severity.rawValue): \(diagnostic.message)"
        ]
        let number = String(diagnostic.line)
        let gutter = String(repeating: " ", count: max(4, number.count + 1))
        if let source, let text = sourceLine(diagnostic.line, in: source) {
            let shown = String(text.unicodeScalars.prefix(200).map { $0 == "\t" ? " " : Character($0) })
            lines.append(String(repeating: " ", count: gutter.count - number.count) + number + " | " + shown)
            let caretColumn = min(diagnostic.column, text.unicodeScalars.count + 1, 201)
            lines.append(gutter + " | " + String(repeating: " ", count: caretColumn - 1) + "^")
        }
        if let hint = diagnostic.hint { lines.append(gutter + " = hint: " + hint) }
        return lines.joined(separator: "\n")
    }

    private static func sourceLine(_ line: Int, in source: String) -> String? {
        SourceText(source).line(line)
    }
}
