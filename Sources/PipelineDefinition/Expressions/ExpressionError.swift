/// A problem found in one expression, placed by Unicode scalar offsets within its text.
public struct ExpressionError: Error, Sendable, Hashable {
    public let message: String
    public let range: Range<Int>
    public let hint: String?

    public init(_ message: String, at range: Range<Int>, hint: String? = nil) {
        self.message = message
        self.range = range
        self.hint = hint
    }
}
