/// The text of one test file and the path to name it by, checked like a workflow file: UTF-8
/// without NUL bytes, at most ``maximumBytes``.
public struct FixtureSource: Sendable, Hashable {
    /// A test file is at most this large; a larger one is refused before it is read.
    public static let maximumBytes = WorkflowSource.maximumBytes

    public let path: String
    public let text: String
    /// Why the bytes are not a test file's text: reported instead of parsing.
    let unreadable: Diagnostic?

    public init(path: String, text: String) {
        self.path = path
        self.text = text
        self.unreadable = nil
    }

    public init(path: String, bytes: some Collection<UInt8>) {
        self.path = path
        if bytes.count > FixtureSource.maximumBytes {
            text = ""
            unreadable = FixtureSource.tooLargeDiagnostic(path: path, byteCount: bytes.count)
            return
        }
        switch WorkflowSource.decode(Array(bytes)) {
        case .success(let decoded):
            text = decoded
            unreadable = nil
        case .failure(let problem):
            text = ""
            unreadable = Diagnostic(
                path: path, line: problem.line, column: problem.column, message: problem.message, hint: problem.hint)
        }
    }

    /// A file known to be too large from its size alone: refused without reading it.
    public static func tooLarge(path: String, byteCount: Int) -> FixtureSource {
        FixtureSource(path: path, unreadable: tooLargeDiagnostic(path: path, byteCount: byteCount))
    }

    private init(path: String, unreadable: Diagnostic) {
        self.path = path
        self.text = ""
        self.unreadable = unreadable
    }

    private static func tooLargeDiagnostic(path: String, byteCount: Int) -> Diagnostic {
        Diagnostic(
            path: path, line: 1, column: 1, message: "test file is larger than 1 MiB (\(byteCount) bytes)",
            hint: "split the cases over several test files")
    }
}
