import Foundation

extension MailMessage {
    /// The boundary between the parts. Quoted-printable never writes `=_`, so it cannot occur in
    /// a part and needs no randomness.
    static let boundary = "=_pipeline_alternative_7c1"

    /// The message as an SMTP server takes it (RFC 5322 and MIME): headers, then a
    /// `multipart/alternative` body with a text/plain and a text/html part, both UTF-8 in
    /// quoted-printable. 7-bit ASCII with CRLF line ends, no line longer than 998 bytes; names,
    /// subject and extra header values cannot add a header, whatever they contain.
    public func encoded() -> Data {
        var message = ""
        message += HeaderField.structured("Date", MailDate.format(date))
        message += HeaderField.mailbox("From", from)
        message += HeaderField.mailbox("To", to)
        message += HeaderField.unstructured("Subject", subject)
        message += HeaderField.structured("Message-ID", messageID.value)
        message += HeaderField.structured("MIME-Version", "1.0")
        if let listUnsubscribe {
            message += HeaderField.structured("List-Unsubscribe", "<" + listUnsubscribe.url + ">")
            if listUnsubscribe.oneClick {
                message += HeaderField.structured("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
            }
        }
        for header in headers { message += HeaderField.unstructured(header.name, header.value) }
        message += HeaderField.structured(
            "Content-Type", "multipart/alternative; boundary=\"\(Self.boundary)\"")
        message += "\r\n"
        message += "This is a message in two versions, text and HTML.\r\n"
        for (type, content) in [("text/plain", text), ("text/html", html)] {
            message += "\r\n--\(Self.boundary)\r\n"
            message += "Content-Type: \(type); charset=utf-8\r\n"
            message += "Content-Transfer-Encoding: quoted-printable\r\n"
            message += "\r\n"
            message += QuotedPrintable.encode(content)
        }
        message += "\r\n--\(Self.boundary)--\r\n"
        return Data(message.utf8)
    }
}
