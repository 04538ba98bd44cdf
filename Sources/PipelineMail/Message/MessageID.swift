/// A Message-ID: `<left@right>`, both sides dot-atoms (letters, digits and ``!#$%&'*+-/=?^_`{|}~``
/// between dots), at most 250 characters. Checked when made, so it is safe to write into a header.
///
/// The caller makes it unique, e.g. from the notification's id and the server's domain:
/// ```swift
/// let id = try MessageID(local: "n-81f2c0.1", domain: "pipeline.example.org")
/// ```
public struct MessageID: Sendable, Hashable, CustomStringConvertible {
    /// `<left@right>`, as written into the header.
    public let value: String

    public init(local: String, domain: String) throws(MessageIDError) {
        for (part, side) in [(local, "the part before the @"), (domain, "the part after the @")] {
            guard !part.isEmpty else { throw MessageIDError(local + "@" + domain, "\(side) is empty") }
            guard part.unicodeScalars.allSatisfy({ Self.atext.contains($0) || $0 == "." }),
                !part.hasPrefix("."), !part.hasSuffix("."), !part.contains("..")
            else {
                throw MessageIDError(
                    local + "@" + domain,
                    "\(side) may only have letters, digits and !#$%&'*+-/=?^_`{|}~ between single dots")
            }
        }
        let value = "<\(local)@\(domain)>"
        guard value.utf8.count <= 250 else { throw MessageIDError(local + "@" + domain, "it is too long") }
        self.value = value
    }

    /// Reads `<left@right>` (or `left@right`).
    public init(_ text: String) throws(MessageIDError) {
        var inner = Substring(text)
        if inner.hasPrefix("<") && inner.hasSuffix(">") && inner.count >= 2 { inner = inner.dropFirst().dropLast() }
        guard let at = inner.lastIndex(of: "@") else { throw MessageIDError(text, "it has no @") }
        try self.init(local: String(inner[..<at]), domain: String(inner[inner.index(after: at)...]))
    }

    public var description: String { value }

    static let atext = Set(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~".unicodeScalars)
}

/// Why a text is not a Message-ID.
public struct MessageIDError: Error, Sendable, Equatable, CustomStringConvertible {
    public let text: String
    public let reason: String

    init(_ text: String, _ reason: String) {
        self.text = MailText.printable(text, limit: 80)
        self.reason = reason
    }

    public var description: String { "'\(text)' is not a Message-ID: \(reason)" }
}
