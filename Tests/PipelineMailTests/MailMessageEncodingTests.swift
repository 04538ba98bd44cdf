import Foundation
import Testing

@testable import PipelineMail

@Suite("MailMessage.encoded(): RFC 5322 and MIME")
struct MailMessageEncodingTests {
    @Test("a plain message, byte for byte")
    func golden() throws {
        let message = try MailFixture.message(headers: [MailHeader.autoSubmitted])
        let expected = [
            "Date: Tue, 01 Dec 2026 09:30:00 +0000",
            "From: \"Innovatiepijplijn\" <pipeline@example.org>",
            "To: \"Anna Jansen\" <anna@example.org>",
            "Subject: Idee doorgezet",
            "Message-ID: <n-1@pipeline.example.org>",
            "MIME-Version: 1.0",
            "List-Unsubscribe: <https://pipeline.example.org/unsubscribe/t0k3n>",
            "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
            "Auto-Submitted: auto-generated",
            "Content-Type: multipart/alternative; boundary=\"=_pipeline_alternative_7c1\"",
            "",
            "This is a message in two versions, text and HTML.",
            "",
            "--=_pipeline_alternative_7c1",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            "Hallo Anna,",
            "",
            "Het idee is doorgezet.",
            "",
            "--=_pipeline_alternative_7c1",
            "Content-Type: text/html; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            "<p>Hallo Anna,</p>",
            "<p>Het idee is doorgezet.</p>",
            "",
            "--=_pipeline_alternative_7c1--",
            "",
        ].joined(separator: "\r\n")
        #expect(String(decoding: message.encoded(), as: UTF8.self) == expected)
    }

    @Test("non-ASCII names and subjects become UTF-8 encoded-words that decode to the text")
    func encodedWords() throws {
        let subject = "Idee „Triage-assistent” doorgezet naar pilot: één stap verder 🚀"
        let message = try MailFixture.message(
            subject: subject, fromName: "Zorggroep Zuidoost-Brabant – Innovatie",
            toName: "Ünal Çelik")
        let mail = EncodedMail(message.encoded())
        #expect(mail.field("Subject")!.hasPrefix("=?UTF-8?B?"))
        #expect(mail.decoded("Subject") == subject)
        #expect(mail.decoded("To") == "Ünal Çelik <anna@example.org>")
        #expect(mail.decoded("From") == "Zorggroep Zuidoost-Brabant – Innovatie <pipeline@example.org>")
        for line in mail.lines { #expect(line.utf8.count <= 78, "\(line)") }
        for word in mail.field("Subject")!.split(separator: " ") { #expect(word.count <= 75) }
    }

    @Test("plain ASCII subjects fold at spaces; a word too long to fold is encoded")
    func folding() throws {
        let words = (1...40).map { "woord\($0)" }.joined(separator: " ")
        let mail = EncodedMail(try MailFixture.message(subject: words).encoded())
        #expect(mail.field("Subject") == words)
        #expect(mail.text.contains("\r\n woord"))
        for line in mail.lines { #expect(line.utf8.count <= 78, "\(line)") }

        let long = String(repeating: "x", count: 2_000)
        let encoded = EncodedMail(try MailFixture.message(subject: long).encoded())
        #expect(encoded.decoded("Subject") == long)
        for line in encoded.lines { #expect(line.utf8.count <= 78, "\(line)") }
    }

    @Test("text that looks like an encoded-word is encoded, so it shows as written")
    func lookalikeEncodedWord() throws {
        let subject = "=?UTF-8?B?QmNjOiB4QGV4YW1wbGUub3Jn?="
        let mail = EncodedMail(try MailFixture.message(subject: subject).encoded())
        #expect(mail.field("Subject") != subject)
        #expect(mail.decoded("Subject") == subject)
    }

    @Test("ASCII display names are quoted, with quotes and backslashes escaped")
    func quotedNames() throws {
        let mail = EncodedMail(try MailFixture.message(toName: #"Jansen, A. "Anna" \ <x@y.z>"#).encoded())
        #expect(mail.field("To") == #""Jansen, A. \"Anna\" \\ <x@y.z>" <anna@example.org>"#)
        let bare = EncodedMail(try MailFixture.message(toName: nil).encoded())
        #expect(bare.field("To") == "anna@example.org")
        let blank = EncodedMail(try MailFixture.message(toName: " \r\n ").encoded())
        #expect(blank.field("To") == "anna@example.org")
    }

    @Test("the bodies are quoted-printable: 7-bit, lines of at most 76, decoding to the text with CRLF")
    func quotedPrintableBodies() throws {
        let text =
            "Één regel met tab\t en spatie aan het eind \n" + String(repeating: "lang ", count: 60) + "\n"
            + ".punt aan het begin\nFrom mbox\n= is gelijk\r\nkale CR\rNUL\u{0}einde"
        let message = try MailFixture.message(text: text, html: "<p>" + String(repeating: "é", count: 300) + "</p>")
        let mail = EncodedMail(message.encoded())
        #expect(mail.bytes.allSatisfy { $0 < 128 })
        for line in mail.lines { #expect(line.utf8.count <= 78, "\(line)") }
        let parts = mail.body.components(separatedBy: "--" + MailMessage.boundary)
        #expect(parts.count == 4)  // preamble, text, html, "--" epilogue
        let plain = parts[1].components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n")
        let expected = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .replacingOccurrences(of: "\n", with: "\r\n")
        // The part ends with the CRLF that belongs to the boundary line.
        #expect(plain.hasSuffix("\r\n"))
        #expect(QuotedPrintableDecoder.decode(String(plain.utf8.dropLast(2))!) == expected)
        #expect(plain.contains("=2Epunt"))
        #expect(plain.contains("=46rom mbox"))
        #expect(plain.contains("=3D is gelijk"))
        #expect(plain.contains("eind=20\r\n"))
        #expect(plain.contains("NUL=00einde"))
    }

    @Test("quoted-printable keeps lines of at most 76 whatever the bytes")
    func quotedPrintableLimits() {
        var generator = SeededGenerator(seed: 14)
        let alphabet = Array("ab =\t.F\u{0}é€😀\n\r")
        for _ in 0..<300 {
            let length = Int.random(in: 0..<400, using: &generator)
            let text = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
            let encoded = QuotedPrintable.encode(text)
            for line in encoded.components(separatedBy: "\r\n") {
                #expect(line.utf8.count <= 76)
                #expect(!line.hasSuffix(" ") && !line.hasSuffix("\t"))
            }
            #expect(encoded.utf8.allSatisfy { $0 < 128 && $0 != 0 })
            let normalised = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(
                of: "\r", with: "\n"
            )
            .replacingOccurrences(of: "\n", with: "\r\n")
            #expect(QuotedPrintableDecoder.decode(encoded) == normalised)
        }
    }

    @Test("dates are RFC 5322, in UTC, from the date passed in")
    func dates() {
        #expect(MailDate.format(Date(timeIntervalSince1970: 1_796_117_400)) == "Tue, 01 Dec 2026 09:30:00 +0000")
        #expect(MailDate.format(Date(timeIntervalSince1970: 1_709_247_909.75)) == "Thu, 29 Feb 2024 23:05:09 +0000")
        #expect(MailDate.format(Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 +0000")
    }

    @Test("the unsubscribe header takes only http(s) URLs without spaces or brackets")
    func listUnsubscribe() throws {
        #expect(throws: MailHeaderError.self) { try ListUnsubscribe(URL(string: "mailto:x@example.org")!) }
        #expect(throws: MailHeaderError.self) { try ListUnsubscribe(URL(string: "javascript:alert(1)")!) }
        let plain = try ListUnsubscribe(URL(string: "https://example.org/u/1")!, oneClick: false)
        var message = try MailFixture.message()
        message.listUnsubscribe = plain
        let mail = EncodedMail(message.encoded())
        #expect(mail.field("List-Unsubscribe") == "<https://example.org/u/1>")
        #expect(mail.field("List-Unsubscribe-Post") == nil)
    }
}

/// A small deterministic generator (SplitMix64), so random inputs repeat.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
