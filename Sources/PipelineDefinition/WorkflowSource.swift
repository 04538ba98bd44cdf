/// The text of one workflow file and the path to name it by in diagnostics.
///
/// Made from the file's bytes with ``init(path:bytes:)``, which refuses what is not a workflow
/// text (not UTF-8, UTF-16, NUL bytes, too large) with a diagnostic at the place it starts,
/// instead of decoding it lossily.
public struct WorkflowSource: Sendable, Hashable {
    /// A workflow file is at most this large; a larger one is refused before it is read.
    public static let maximumBytes = 1 << 20

    public let path: String
    public let text: String
    /// Why the bytes are not a workflow text: reported instead of parsing.
    let unreadable: Diagnostic?

    public init(path: String, text: String) {
        self.path = path
        self.text = text
        self.unreadable = nil
    }

    /// The file's bytes, checked: UTF-8 (a byte-order mark is dropped), no NUL, not over
    /// ``maximumBytes``.
    public init(path: String, bytes: some Collection<UInt8>) {
        self.path = path
        if bytes.count > WorkflowSource.maximumBytes {
            text = ""
            unreadable = WorkflowSource.tooLargeDiagnostic(path: path, byteCount: bytes.count)
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
    public static func tooLarge(path: String, byteCount: Int) -> WorkflowSource {
        WorkflowSource(path: path, unreadable: tooLargeDiagnostic(path: path, byteCount: byteCount))
    }

    private init(path: String, unreadable: Diagnostic) {
        self.path = path
        self.text = ""
        self.unreadable = unreadable
    }

    private static func tooLargeDiagnostic(path: String, byteCount: Int) -> Diagnostic {
        Diagnostic(
            path: path, line: 1, column: 1,
            message: "workflow file is larger than 1 MiB (\(byteCount) bytes)",
            hint: "a workflow file is a few hundred lines; is this the right file?")
    }

    struct DecodingProblem: Error {
        let line: Int
        let column: Int
        let message: String
        let hint: String?
    }

    /// The text, or where and why the bytes are not UTF-8 workflow text.
    static func decode(_ bytes: [UInt8]) -> Result<String, DecodingProblem> {
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            return .failure(
                DecodingProblem(
                    line: 1, column: 1, message: "the file is UTF-16, not UTF-8",
                    hint: "save it as UTF-8 (without a byte-order mark)"))
        }
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        var iterator = body.makeIterator()
        var decoder = UTF8()
        var scalars = String.UnicodeScalarView()
        var line = 1
        var column = 1
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar == "\0" {
                    return .failure(
                        DecodingProblem(
                            line: line, column: column, message: "the file holds a NUL byte",
                            hint: "a workflow file is text; is it UTF-16 or a binary file? save it as UTF-8"))
                }
                scalars.append(scalar)
                if scalar == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            case .emptyInput:
                return .success(String(scalars))
            case .error:
                return .failure(
                    DecodingProblem(
                        line: line, column: column, message: "the file is not valid UTF-8 here",
                        hint: "save the file as UTF-8; this byte sequence is not a character"))
            }
        }
    }
}
