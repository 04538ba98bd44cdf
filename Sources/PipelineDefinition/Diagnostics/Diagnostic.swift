/// One problem in a workflow file, placed like a compiler places it: `path:line:column`.
public struct Diagnostic: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Codable {
        case error
        case warning
    }

    public let path: String
    /// 1-based.
    public let line: Int
    /// 1-based, counted in Unicode scalars as YAML does.
    public let column: Int
    public let severity: Severity
    public let message: String
    /// What to do about it, where a hint helps (`did you mean 'stages'?`).
    public let hint: String?

    public init(
        path: String, line: Int, column: Int, severity: Severity = .error, message: String, hint: String? = nil
    ) {
        self.path = path
        self.line = max(1, line)
        self.column = max(1, column)
        self.severity = severity
        self.message = message
        self.hint = hint
    }

    /// `path:line:column: error: message (hint)` on one line.
    public var description: String {
        "\(path):\(line):\(column): \(severity.rawValue): \(message)" + (hint.map { " (\($0))" } ?? "")
    }
}

extension Diagnostic: Comparable {
    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        (lhs.path, lhs.line, lhs.column, lhs.message) < (rhs.path, rhs.line, rhs.column, rhs.message)
    }
}
