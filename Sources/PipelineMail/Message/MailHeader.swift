import Foundation

/// One more header of a message, beside those `MailMessage` writes itself: a name of printable
/// ASCII and a text value, written as unstructured text (encoded-words when it is not plain
/// ASCII, control characters made spaces).
///
/// ```swift
/// let header = try MailHeader(name: "X-Pipeline-Idea", value: "m7x4pkg46n")
/// ```
public struct MailHeader: Sendable, Hashable {
    public let name: String
    public let value: String

    /// Refuses a name that is not printable ASCII without colon, and the names the message
    /// writes itself or that would change where it goes (From, To, Cc, Bcc, Subject, Content-*, ...).
    public init(name: String, value: String) throws(MailHeaderError) {
        guard !name.isEmpty, name.utf8.count <= 76,
            name.unicodeScalars.allSatisfy({ $0.value >= 33 && $0.value <= 126 && $0 != ":" })
        else {
            throw MailHeaderError(
                "'\(MailText.printable(name, limit: 80))' is not a header name: use 1 to 76 printable ASCII "
                    + "characters without spaces or colons")
        }
        let lowered = name.lowercased()
        guard !Self.reserved.contains(lowered), !lowered.hasPrefix("content-") else {
            throw MailHeaderError(
                "the header '\(name)' is written from the message's own fields, not as an extra header")
        }
        self.name = name
        self.value = value
    }

    /// Headers `MailMessage` writes itself, and address headers an extra header must not add.
    static let reserved: Set<String> = [
        "from", "to", "cc", "bcc", "sender", "reply-to", "return-path", "subject", "date", "message-id",
        "mime-version", "list-unsubscribe", "list-unsubscribe-post", "received", "resent-to", "resent-cc",
        "resent-bcc", "resent-from", "resent-sender",
    ]

    /// `Auto-Submitted: auto-generated` (RFC 3834): tells auto-responders not to answer.
    public static let autoSubmitted = MailHeader(trusted: "Auto-Submitted", "auto-generated")

    private init(trusted name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// The `List-Unsubscribe` header (RFC 2369), and with `oneClick` its `List-Unsubscribe-Post:
/// List-Unsubscribe=One-Click` (RFC 8058): a mail program's unsubscribe button then POSTs to
/// the URL, without a page in between.
public struct ListUnsubscribe: Sendable, Hashable {
    /// The URL as written between the angle brackets.
    public let url: String
    public let oneClick: Bool

    /// Takes an `https` (or `http`) URL of printable ASCII, at most 900 bytes.
    public init(_ url: URL, oneClick: Bool = true) throws(MailHeaderError) {
        let text = url.absoluteString
        let scheme = url.scheme?.lowercased()
        guard scheme == "https" || scheme == "http" else {
            throw MailHeaderError(
                "the unsubscribe URL must be https (or http), not '\(MailText.printable(text, limit: 80))'")
        }
        guard text.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value < 127 && $0 != "<" && $0 != ">" }) else {
            throw MailHeaderError(
                "the unsubscribe URL '\(MailText.printable(text, limit: 80))' has spaces, angle brackets or "
                    + "characters that are not percent-encoded")
        }
        guard text.utf8.count <= 900 else { throw MailHeaderError("the unsubscribe URL is longer than 900 bytes") }
        self.url = text
        self.oneClick = oneClick
    }
}

/// Why a header cannot be written.
public struct MailHeaderError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String

    init(_ description: String) { self.description = description }
}
