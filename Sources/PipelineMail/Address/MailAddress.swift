import PipelineCore

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

    public static let maximumLength = EmailAddress.maximumBytes

    /// Checks `text` by the one rule of what an address is (`EmailAddress` in PipelineCore, which
    /// the people register applies too); throws an error that says what is wrong with it.
    public init(_ text: String) throws(MailAddressError) {
        if let problem = EmailAddress.problem(text) { throw MailAddressError(text, problem) }
        value = text
    }

    public var description: String { value }

    /// The part after the `@`.
    public var domain: Substring { value[value.index(after: value.firstIndex(of: "@")!)...] }
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
