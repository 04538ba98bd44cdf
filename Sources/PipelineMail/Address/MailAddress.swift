/// An e-mail address that is safe to write into a header and to hand to an SMTP server: checked
/// when it is made, so a `MailAddress` value is always valid.
///
/// The check is pragmatic, not the whole of RFC 5321: one `@`; a local part and a domain; no
/// spaces, control characters, angle brackets, commas or other characters that need quoting; a
/// domain with a dot (or `localhost`); ASCII only; at most 254 bytes.
///
/// ```swift
/// let address = try MailAddress("anna.jansen@zorggroep-twente.nl")
/// ```
public struct MailAddress: Sendable, Hashable, CustomStringConvertible {
    /// The address as given: `local@domain`.
    public let value: String

    public static let maximumLength = 254
    static let maximumLocalLength = 64

    /// Checks `text`; throws an error that says what is wrong with it.
    public init(_ text: String) throws(MailAddressError) {
        guard !text.isEmpty else { throw MailAddressError(text, "it is empty") }
        guard text.utf8.count <= Self.maximumLength else {
            throw MailAddressError(text, "it is longer than \(Self.maximumLength) bytes")
        }
        for scalar in text.unicodeScalars {
            if scalar.properties.generalCategory == .control || scalar.value == 0x7F {
                throw MailAddressError(text, "it contains a control character")
            }
            if scalar.properties.isWhitespace { throw MailAddressError(text, "it contains a space") }
            if !scalar.isASCII {
                throw MailAddressError(
                    text,
                    "it contains \(MailText.codePoint(scalar)); only ASCII addresses are supported "
                        + "(write a domain in its xn-- form)")
            }
            if Self.forbidden.contains(scalar) {
                throw MailAddressError(text, "it contains '\(scalar)', which an address may not contain here")
            }
        }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            throw MailAddressError(text, parts.count == 1 ? "it has no @" : "it has more than one @")
        }
        let local = parts[0]
        let domain = parts[1]
        guard !local.isEmpty else { throw MailAddressError(text, "nothing comes before the @") }
        guard local.utf8.count <= Self.maximumLocalLength else {
            throw MailAddressError(text, "the part before the @ is longer than \(Self.maximumLocalLength) bytes")
        }
        guard !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else {
            throw MailAddressError(text, "the part before the @ starts or ends with a dot or has two in a row")
        }
        guard !domain.isEmpty else { throw MailAddressError(text, "nothing comes after the @") }
        guard domain.contains(".") || domain.lowercased() == "localhost" else {
            throw MailAddressError(text, "the domain '\(domain)' has no dot")
        }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.allSatisfy({ !$0.isEmpty }) else {
            throw MailAddressError(text, "the domain '\(domain)' starts or ends with a dot or has two in a row")
        }
        guard
            labels.allSatisfy({ label in
                label.utf8.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                    && label.unicodeScalars.allSatisfy { Self.domainCharacters.contains($0) }
            })
        else {
            throw MailAddressError(
                text, "the domain '\(domain)' may only have letters, digits and hyphens between its dots")
        }
        value = text
    }

    public var description: String { value }

    /// The part after the `@`.
    public var domain: Substring { value[value.index(after: value.firstIndex(of: "@")!)...] }

    /// Characters that would need quoting or end the address in a header: RFC 5322's specials
    /// but the dot and the one `@`.
    private static let forbidden = Set("<>()[]\\,;:\"".unicodeScalars)
    private static let domainCharacters = Set(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-".unicodeScalars)
}

/// Why a text is not an e-mail address: "'anna@' is not an e-mail address: nothing comes after
/// the @".
public struct MailAddressError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text, with control characters escaped and cut to 80 characters, so the message is
    /// safe to show and log.
    public let text: String
    public let reason: String

    init(_ text: String, _ reason: String) {
        self.text = MailText.printable(text, limit: 80)
        self.reason = reason
    }

    public var description: String { "'\(text)' is not an e-mail address: \(reason)" }
}
