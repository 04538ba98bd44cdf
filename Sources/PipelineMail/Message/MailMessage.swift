import Foundation

/// One e-mail to one person: a text and an HTML version of the same content, sent as
/// `multipart/alternative`. Nothing in it reads a clock: the caller passes the date and the
/// Message-ID.
///
/// ```swift
/// let message = MailMessage(
///     from: Mailbox(try MailAddress("pipeline@example.org"), name: "Innovatiepijplijn"),
///     to: Mailbox(try MailAddress("anna@example.org"), name: "Anna Jansen"),
///     subject: "Idee 'Triage-assistent' is doorgezet naar pilot",
///     text: "...", html: "<p>...</p>",
///     messageID: try MessageID(local: "n-42", domain: "pipeline.example.org"),
///     date: now,
///     listUnsubscribe: try ListUnsubscribe(URL(string: "https://pipeline.example.org/unsubscribe/t0k3n")!))
/// let bytes = message.encoded()   // RFC 5322, CRLF line ends, 7-bit
/// ```
public struct MailMessage: Sendable, Hashable {
    public var from: Mailbox
    public var to: Mailbox
    /// Any text; control characters become spaces, non-ASCII becomes encoded-words.
    public var subject: String
    /// The text/plain version.
    public var text: String
    /// The text/html version: a whole document or a fragment, already escaped by the caller.
    public var html: String
    public var messageID: MessageID
    public var date: Date
    public var listUnsubscribe: ListUnsubscribe?
    /// More headers, written after the standard ones in this order.
    public var headers: [MailHeader]

    public init(
        from: Mailbox, to: Mailbox, subject: String, text: String, html: String, messageID: MessageID, date: Date,
        listUnsubscribe: ListUnsubscribe? = nil, headers: [MailHeader] = []
    ) {
        self.from = from
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
        self.messageID = messageID
        self.date = date
        self.listUnsubscribe = listUnsubscribe
        self.headers = headers
    }
}
