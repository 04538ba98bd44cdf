import Foundation
import PipelineMail

/// Messages for the tests, and a reader of what `MailMessage.encoded()` wrote.
enum MailFixture {
    /// Tue, 01 Dec 2026 09:30:00 +0000.
    static let date = Date(timeIntervalSince1970: 1_796_117_400)

    static func message(
        subject: String = "Idee doorgezet", fromName: String? = "Innovatiepijplijn", toName: String? = "Anna Jansen",
        to: String = "anna@example.org", id: String = "n-1", text: String = "Hallo Anna,\n\nHet idee is doorgezet.\n",
        html: String = "<p>Hallo Anna,</p>\n<p>Het idee is doorgezet.</p>\n", headers: [MailHeader] = []
    ) throws -> MailMessage {
        MailMessage(
            from: try Mailbox(address: "pipeline@example.org", name: fromName),
            to: try Mailbox(address: to, name: toName),
            subject: subject, text: text, html: html,
            messageID: try MessageID(local: id, domain: "pipeline.example.org"), date: date,
            listUnsubscribe: try ListUnsubscribe(URL(string: "https://pipeline.example.org/unsubscribe/t0k3n")!),
            headers: headers)
    }
}

/// A message as bytes, split into its unfolded header fields and its body.
struct EncodedMail {
    let bytes: Data
    let text: String
    /// Each field unfolded (the CRLF before a continuation line removed), in order.
    let fields: [(name: String, value: String)]
    let body: String

    init(_ bytes: Data) {
        self.bytes = bytes
        text = String(decoding: bytes, as: UTF8.self)
        let end = text.range(of: "\r\n\r\n")!
        let head = String(text[..<end.lowerBound])
        body = String(text[end.upperBound...])
        var fields: [(String, String)] = []
        for line in head.components(separatedBy: "\r\n") {
            if line.hasPrefix(" ") || line.hasPrefix("\t") {
                fields[fields.count - 1].1 += line
            } else {
                let colon = line.firstIndex(of: ":")!
                fields.append((String(line[..<colon]), String(line[line.index(after: colon)...].dropFirst())))
            }
        }
        self.fields = fields
    }

    /// The raw (unfolded) value of the only field called `name`; nil when there is none.
    func field(_ name: String) -> String? {
        let matches = fields.filter { $0.name.lowercased() == name.lowercased() }
        precondition(matches.count <= 1, "more than one \(name) field")
        return matches.first?.value
    }

    /// The field's value with its RFC 2047 encoded-words decoded (what a mail program shows).
    func decoded(_ name: String) -> String? { field(name).map(Self.decodeWords) }

    /// Decodes `=?UTF-8?B?...?=` words; white space between two encoded-words is dropped.
    static func decodeWords(_ value: String) -> String {
        var result = ""
        var previousWasWord = false
        for token in value.split(separator: " ", omittingEmptySubsequences: false) {
            if token.hasPrefix("=?UTF-8?B?") && token.hasSuffix("?=") {
                let payload = token.dropFirst(10).dropLast(2)
                let bytes = Data(base64Encoded: String(payload))!
                if !previousWasWord && !result.isEmpty { result += " " }
                result += String(decoding: bytes, as: UTF8.self)
                previousWasWord = true
            } else {
                if !result.isEmpty { result += " " }
                result += token
                previousWasWord = false
            }
        }
        return result
    }

    /// Every line, without its CRLF.
    var lines: [Substring] { text.split(separator: "\r\n", omittingEmptySubsequences: false) }
}

/// Decodes quoted-printable, for checking the encoder's output.
enum QuotedPrintableDecoder {
    static func decode(_ text: String) -> String {
        var bytes: [UInt8] = []
        let lines = text.components(separatedBy: "\r\n")
        for (index, line) in lines.enumerated() {
            var line = Array(line.utf8)
            let soft = line.last == UInt8(ascii: "=")
            if soft { line.removeLast() }
            var position = 0
            while position < line.count {
                if line[position] == UInt8(ascii: "="), position + 2 < line.count,
                    let byte = UInt8(String(decoding: line[(position + 1)...(position + 2)], as: UTF8.self), radix: 16)
                {
                    bytes.append(byte)
                    position += 3
                } else {
                    bytes.append(line[position])
                    position += 1
                }
            }
            if !soft && index < lines.count - 1 { bytes += [13, 10] }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
