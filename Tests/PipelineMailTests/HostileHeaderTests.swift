import Foundation
import PipelineMail
import Testing

/// No subject, name or extra header value can add a header or a line: whatever it contains,
/// the header block has exactly the fields the message writes.
@Suite("Header injection")
struct HostileHeaderTests {
    static let hostile = [
        "Idee\r\nBcc: victim@example.org",
        "Idee\nBcc: victim@example.org",
        "Idee\rBcc: victim@example.org",
        "Idee\r\n\r\n<html>body</html>",
        "Idee\u{0}Bcc: victim@example.org",
        "Idee\u{85}Bcc: victim@example.org",
        "Idee\u{2028}Bcc: victim@example.org",
        "Idee\u{B}\u{C}\u{1B}[31m\u{7F}",
        "Ïdée\r\nBcc: victim@example.org",
        "\r\n",
        "=?UTF-8?B?DQpCY2M6IHZpY3RpbUBleGFtcGxlLm9yZw==?=",
        "\"\r\nBcc: victim@example.org\r\nX: \"",
    ]

    /// The names of the fields the fixture writes, in order.
    static let expectedFields = [
        "Date", "From", "To", "Subject", "Message-ID", "MIME-Version", "List-Unsubscribe", "List-Unsubscribe-Post",
        "X-Pipeline-Idea", "Content-Type",
    ]

    func check(_ message: MailMessage) {
        let mail = EncodedMail(message.encoded())
        #expect(mail.fields.map(\.name) == Self.expectedFields)
        #expect(!mail.text.lowercased().contains("\nbcc:"))
        #expect(mail.bytes.allSatisfy { $0 < 128 && $0 != 0 })
        for line in mail.lines { #expect(line.utf8.count <= 998) }
        // Every CR is followed by LF and every LF preceded by CR.
        let bytes = Array(mail.bytes)
        for (index, byte) in bytes.enumerated() {
            if byte == 13 { #expect(index + 1 < bytes.count && bytes[index + 1] == 10) }
            if byte == 10 { #expect(index > 0 && bytes[index - 1] == 13) }
        }
        // Headers never carry control characters other than the CRLF of folding.
        let head = mail.text[..<mail.text.range(of: "\r\n\r\n")!.lowerBound]
        #expect(!head.unicodeScalars.contains { $0.value < 32 && $0 != "\r" && $0 != "\n" })
    }

    @Test("a hostile subject, display name or extra header value adds no header", arguments: hostile)
    func hostileText(_ text: String) throws {
        let header = try MailHeader(name: "X-Pipeline-Idea", value: text)
        check(try MailFixture.message(subject: text, fromName: text, toName: text, headers: [header]))
    }

    @Test("control characters become spaces; the rest of the text stays")
    func stripped() throws {
        let header = try MailHeader(name: "X-Pipeline-Idea", value: "a\r\nb")
        let mail = EncodedMail(
            try MailFixture.message(
                subject: "Idee\r\nBcc: victim@example.org", toName: "Anna\r\nJansen", headers: [header]
            )
            .encoded())
        #expect(mail.field("Subject") == "Idee Bcc: victim@example.org")
        #expect(mail.field("To") == "\"Anna Jansen\" <anna@example.org>")
        #expect(mail.field("X-Pipeline-Idea") == "a b")
    }

    @Test("random text in every free field adds no header")
    func randomText() throws {
        var generator = SeededGenerator(seed: 2047)
        let alphabet = Array("aZ :;<>@,\"\\=?\r\n\t\u{0}\u{7F}\u{85}\u{2028}é😀\u{202E}")
        for _ in 0..<200 {
            func random() -> String {
                let length = Int.random(in: 0..<120, using: &generator)
                return String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
            }
            let header = try MailHeader(name: "X-Pipeline-Idea", value: random())
            check(try MailFixture.message(subject: random(), fromName: random(), toName: random(), headers: [header]))
        }
    }

    @Test("extra headers may not have odd names or replace the message's own")
    func headerNames() {
        for name in ["", "X Idea", "X:Idea", "X-Idée", "X-\r\nBcc", String(repeating: "X", count: 77)] {
            #expect(throws: MailHeaderError.self, "\(name)") { try MailHeader(name: name, value: "v") }
        }
        for name in [
            "Bcc", "bcc", "To", "CC", "From", "Reply-To", "Subject", "Content-Type", "content-transfer-encoding",
            "MIME-Version", "Message-ID", "Date", "Sender",
        ] {
            #expect(throws: MailHeaderError.self, "\(name)") { try MailHeader(name: name, value: "v") }
        }
        #expect(throws: Never.self) { try MailHeader(name: "X-Pipeline-Idea", value: "m7x4pkg46n") }
    }
}
