/// Why a mail setting cannot be used, saying what to write instead: a public URL, a digest time.
public struct MailSetupError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String

    init(_ description: String) { self.description = description }

    /// `text` cut to 120 characters with control characters escaped, safe to show and log.
    static func shown(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars.prefix(120) {
            result += scalar.value < 32 || scalar.value == 127 ? scalar.escaped(asASCII: true) : String(scalar)
        }
        return result + (text.unicodeScalars.count > 120 ? "…" : "")
    }
}
