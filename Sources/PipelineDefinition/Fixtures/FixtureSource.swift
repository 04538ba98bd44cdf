/// The text of one test file and the path to name it by, checked like a workflow file
/// (``CheckedText``): UTF-8 without NUL bytes, at most ``maximumBytes``.
public struct FixtureSource: Sendable, Hashable {
    /// A test file is at most this large; a larger one is refused before it is read.
    public static let maximumBytes = CheckedText.maximumBytes

    public let path: String
    private let checked: CheckedText
    public var text: String { checked.text }
    /// Why the bytes are not a test file's text: reported instead of parsing.
    var unreadable: Diagnostic? { checked.unreadable }

    public init(path: String, text: String) {
        self.path = path
        checked = CheckedText(text: text)
    }

    public init(path: String, bytes: some Collection<UInt8>) {
        self.path = path
        checked = CheckedText(path: path, bytes: bytes, kind: .tests)
    }

    /// A file known to be too large from its size alone: refused without reading it.
    public static func tooLarge(path: String, byteCount: Int) -> FixtureSource {
        FixtureSource(path: path, checked: .tooLarge(path: path, byteCount: byteCount, kind: .tests))
    }

    private init(path: String, checked: CheckedText) {
        self.path = path
        self.checked = checked
    }
}
