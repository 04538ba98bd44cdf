/// What an e-mail address is, for the people register and for the mail that is sent to it:
/// checked for what makes an address unusable or unsafe in a message header and at an SMTP
/// server, not for every rule of RFC 5321.
///
/// Accepted: one `@`; a local part of at most 64 bytes, without a dot at either end or two in a
/// row; a domain with a dot (or `localhost`), of letters, digits and hyphens between its dots;
/// ASCII only (a domain in its `xn--` form); no spaces, control characters, angle brackets,
/// commas or other characters that would need quoting; at most 254 bytes. Stored lower-cased, so
/// that one address is one person whatever its case.
///
/// ```swift
/// try EmailAddress.normalized("Fenna@ROS-Friesland.nl")   // "fenna@ros-friesland.nl"
/// EmailAddress.problem("anna@")                           // "nothing comes after the @"
/// ```
public enum EmailAddress {
    public static let maximumBytes = 254
    static let maximumLocalBytes = 64

    /// The address as stored (lower-cased), or why it is not an address.
    public static func normalized(_ text: String) throws(InvalidEntry) -> String {
        if let problem = problem(text) {
            let shown = String(text.unicodeScalars.prefix(80).map(Character.init)).printable
            throw InvalidEntry("'\(shown)' is not an e-mail address: \(problem)")
        }
        return text.lowercased()
    }

    /// Why `text` is not an e-mail address, or `nil` when it is one.
    public static func problem(_ text: String) -> String? {
        guard !text.isEmpty else { return "it is empty" }
        guard text.utf8.count <= maximumBytes else { return "it is longer than \(maximumBytes) bytes" }
        for scalar in text.unicodeScalars {
            if scalar.properties.generalCategory == .control || scalar.value == 0x7F {
                return "it contains a control character"
            }
            if scalar.properties.isWhitespace { return "it contains a space" }
            if !scalar.isASCII {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                return "it contains U+\(String(repeating: "0", count: max(0, 4 - hex.count)) + hex); only ASCII "
                    + "addresses are supported (write a domain in its xn-- form)"
            }
            if forbidden.contains(scalar) { return "it contains '\(scalar)', which an address may not contain here" }
        }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return parts.count == 1 ? "it has no @" : "it has more than one @" }
        let (local, domain) = (parts[0], parts[1])
        guard !local.isEmpty else { return "nothing comes before the @" }
        guard local.utf8.count <= maximumLocalBytes else {
            return "the part before the @ is longer than \(maximumLocalBytes) bytes"
        }
        guard !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else {
            return "the part before the @ starts or ends with a dot or has two in a row"
        }
        guard !domain.isEmpty else { return "nothing comes after the @" }
        guard domain.contains(".") || domain.lowercased() == "localhost" else {
            return "the domain '\(domain)' has no dot"
        }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.allSatisfy({ !$0.isEmpty }) else {
            return "the domain '\(domain)' starts or ends with a dot or has two in a row"
        }
        let valid = labels.allSatisfy { label in
            label.utf8.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.unicodeScalars.allSatisfy { domainCharacters.contains($0) }
        }
        guard valid else { return "the domain '\(domain)' may only have letters, digits and hyphens between its dots" }
        return nil
    }

    /// Characters that would need quoting or end the address in a header: RFC 5322's specials
    /// but the dot and the one `@`.
    private static let forbidden = Set("<>()[]\\,;:\"".unicodeScalars)
    private static let domainCharacters = Set(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-".unicodeScalars)
}

/// An entry of the people register that does not fit, saying what to change.
public struct InvalidEntry: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

extension Unicode.Scalar {
    /// Unicode white space (the space, tabs, line breaks, no-break and other spaces) or a
    /// control character (C0, DEL, C1).
    var isSpaceOrControl: Bool { properties.isWhitespace || properties.generalCategory == .control }
}

extension String {
    /// Without leading and trailing white space (any Unicode white space).
    func trimmingWhiteSpace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }

}

extension StringProtocol {
    /// Control characters shown as `?`, for messages.
    var printable: String {
        String(String.UnicodeScalarView(unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : $0 }))
    }
}
