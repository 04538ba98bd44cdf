/// A file's bytes checked as text, for the files the workflow language reads (workflow files and
/// their test files): UTF-8 (a byte-order mark is dropped), no NUL, not over ``maximumBytes``.
/// What is not such a text is refused with a diagnostic at the place it starts, never decoded
/// lossily.
struct CheckedText: Sendable, Hashable {
    /// A file is at most this large; a larger one is refused before it is read.
    static let maximumBytes = 1 << 20

    /// What kind of file it is, for the messages.
    struct Kind: Sendable, Hashable {
        let noun: String
        let tooLargeHint: String

        static let workflow = Kind(
            noun: "workflow file", tooLargeHint: "a workflow file is a few hundred lines; is this the right file?")
        static let tests = Kind(noun: "test file", tooLargeHint: "split the cases over several test files")
    }

    let text: String
    /// Why the bytes are not a text: reported instead of parsing.
    let unreadable: Diagnostic?

    init(text: String) {
        self.text = text
        unreadable = nil
    }

    init(path: String, bytes: some Collection<UInt8>, kind: Kind) {
        if bytes.count > Self.maximumBytes {
            self = .tooLarge(path: path, byteCount: bytes.count, kind: kind)
            return
        }
        switch Self.decode(Array(bytes), kind: kind) {
        case .success(let decoded): self.init(text: decoded)
        case .failure(let problem):
            self.init(
                unreadable: Diagnostic(
                    path: path, line: problem.line, column: problem.column, message: problem.message,
                    hint: problem.hint))
        }
    }

    private init(unreadable: Diagnostic) {
        text = ""
        self.unreadable = unreadable
    }

    /// A file known to be too large from its size alone: refused without reading it.
    static func tooLarge(path: String, byteCount: Int, kind: Kind) -> CheckedText {
        CheckedText(
            unreadable: Diagnostic(
                path: path, line: 1, column: 1, message: "\(kind.noun) is larger than 1 MiB (\(byteCount) bytes)",
                hint: kind.tooLargeHint))
    }

    struct DecodingProblem: Error {
        let line: Int
        let column: Int
        let message: String
        let hint: String?
    }

    /// The text, or where and why the bytes are not UTF-8 text.
    static func decode(_ bytes: [UInt8], kind: Kind) -> Result<String, DecodingProblem> {
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
                            hint: "a \(kind.noun) is text; is it UTF-16 or a binary file? save it as UTF-8"))
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
