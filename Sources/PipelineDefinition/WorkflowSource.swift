/// The text of one workflow file and the path to name it by in diagnostics.
///
/// Made from the file's bytes with ``init(path:bytes:)``, which refuses what is not a workflow
/// text (not UTF-8, UTF-16, NUL bytes, too large) with a diagnostic at the place it starts,
/// instead of decoding it lossily (``CheckedText``).
public struct WorkflowSource: Sendable, Hashable {
    /// A workflow file is at most this large; a larger one is refused before it is read.
    public static let maximumBytes = CheckedText.maximumBytes

    public let path: String
    private let checked: CheckedText
    public var text: String { checked.text }
    /// Why the bytes are not a workflow text: reported instead of parsing.
    var unreadable: Diagnostic? { checked.unreadable }

    public init(path: String, text: String) {
        self.path = path
        checked = CheckedText(text: text)
    }

    /// The file's bytes, checked: UTF-8 (a byte-order mark is dropped), no NUL, not over
    /// ``maximumBytes``.
    public init(path: String, bytes: some Collection<UInt8>) {
        self.path = path
        checked = CheckedText(path: path, bytes: bytes, kind: .workflow)
    }

    /// A file known to be too large from its size alone: refused without reading it.
    public static func tooLarge(path: String, byteCount: Int) -> WorkflowSource {
        WorkflowSource(path: path, checked: .tooLarge(path: path, byteCount: byteCount, kind: .workflow))
    }

    private init(path: String, checked: CheckedText) {
        self.path = path
        self.checked = checked
    }
}
