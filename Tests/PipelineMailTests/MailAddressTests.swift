import PipelineMail
import Testing

@Suite("MailAddress: the pragmatic check")
struct MailAddressTests {
    @Test(
        "accepts ordinary addresses",
        arguments: [
            "anna@example.org", "anna.jansen+pipeline@zorggroep-twente.nl", "a@b.co", "root@localhost",
            "o'brien@example.ie", "x_y-z@sub.domain.example", "1234@123.example", "UPPER@EXAMPLE.ORG",
        ])
    func valid(_ text: String) throws {
        #expect(try MailAddress(text).value == text)
    }

    @Test(
        "refuses what is not an address, saying why",
        arguments: [
            ("", "it is empty"),
            ("anna", "it has no @"),
            ("anna@@example.org", "it has more than one @"),
            ("a@b@example.org", "it has more than one @"),
            ("@example.org", "nothing comes before the @"),
            ("anna@", "nothing comes after the @"),
            ("anna@example", "the domain 'example' has no dot"),
            ("anna jansen@example.org", "it contains a space"),
            ("anna@example.org\r\nBcc: x@example.org", "it contains a control character"),
            ("anna@example.org\u{0}", "it contains a control character"),
            ("<anna@example.org>", "it contains '<', which an address may not contain here"),
            ("anna@example.org,bob@example.org", "it contains ',', which an address may not contain here"),
            ("\"anna\"@example.org", "it contains '\"', which an address may not contain here"),
            (
                "anna@exa_mple.org",
                "the domain 'exa_mple.org' may only have letters, digits and hyphens between its dots"
            ),
            (
                "anna@-example.org",
                "the domain '-example.org' may only have letters, digits and hyphens between its dots"
            ),
            ("anna@example..org", "the domain 'example..org' starts or ends with a dot or has two in a row"),
            ("anna@example.org.", "the domain 'example.org.' starts or ends with a dot or has two in a row"),
            (".anna@example.org", "the part before the @ starts or ends with a dot or has two in a row"),
            (
                "ännä@example.org",
                "it contains U+00E4; only ASCII addresses are supported (write a domain in its xn-- form)"
            ),
            (String(repeating: "a", count: 65) + "@example.org", "the part before the @ is longer than 64 bytes"),
            ("a@" + String(repeating: "b", count: 250) + ".org", "it is longer than 254 bytes"),
        ])
    func invalid(_ text: String, _ reason: String) {
        #expect(throws: MailAddressError.self) { try MailAddress(text) }
        do {
            _ = try MailAddress(text)
        } catch {
            #expect(error.reason == reason)
            #expect(error.description.hasSuffix("is not an e-mail address: " + reason))
            #expect(!error.description.contains("\r") && !error.description.contains("\n"))
        }
    }

    @Test("the error shows the text with control characters escaped")
    func errorText() {
        do {
            _ = try MailAddress("anna@example.org\r\nBcc")
            Issue.record("accepted")
        } catch {
            #expect(
                error.description
                    == #"'anna@example.org\r\nBcc' is not an e-mail address: it contains a control character"#)
        }
    }
}

@Suite("MessageID")
struct MessageIDTests {
    @Test("reads and writes <left@right>")
    func valid() throws {
        #expect(try MessageID(local: "n-42.1", domain: "pipeline.example.org").value == "<n-42.1@pipeline.example.org>")
        #expect(try MessageID("<a.b@c>").value == "<a.b@c>")
        #expect(try MessageID("a.b@c").value == "<a.b@c>")
    }

    @Test("refuses spaces, brackets, controls and empty sides")
    func invalid() {
        for (local, domain) in [
            ("", "example.org"), ("a", ""), ("a b", "example.org"), ("a>", "example.org"), ("a\r\nBcc:", "example.org"),
            ("a..b", "example.org"), (".a", "example.org"), ("a", "exa mple"), ("é", "example.org"),
            (String(repeating: "a", count: 260), "example.org"),
        ] {
            #expect(throws: MessageIDError.self, "\(local)@\(domain)") { try MessageID(local: local, domain: domain) }
        }
        #expect(throws: MessageIDError.self) { try MessageID("no-at-sign") }
    }
}
