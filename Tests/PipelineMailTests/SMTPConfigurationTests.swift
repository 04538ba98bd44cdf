import PipelineMail
import Testing

@Suite("SMTPConfiguration")
struct SMTPConfigurationTests {
    let from = try! Mailbox(address: "pipeline@example.org", name: "Pipeline")

    @Test("reads smtp:// and smtps:// URLs, with their default ports")
    func forms() throws {
        let plain = try SMTPConfiguration(url: "smtp://mail.example.org", from: from)
        #expect(plain.url == "smtp://mail.example.org:25")
        #expect(!plain.requiresTLS)
        let submission = try SMTPConfiguration(
            url: "smtp://mail.example.org:587", from: from, user: "pipeline", password: "s3cret", startTLS: true)
        #expect(submission.url == "smtp://mail.example.org:587")
        #expect(submission.requiresTLS)
        let implicit = try SMTPConfiguration(url: "SMTPS://mail.example.org/", from: from, user: "u", password: "p")
        #expect(implicit.url == "smtps://mail.example.org:465")
        #expect(implicit.implicitTLS && implicit.requiresTLS)
        let local = try SMTPConfiguration(url: "smtp://127.0.0.1:2525", from: from, user: "u", password: "p")
        #expect(local.port == 2525)
        let ipv6 = try SMTPConfiguration(url: "smtp://[::1]:2525", from: from)
        #expect(ipv6.url == "smtp://[::1]:2525")
    }

    @Test(
        "refuses what it cannot use, saying why",
        arguments: [
            ("http://mail.example.org", "the SMTP URL must start with smtp:// or smtps://, not http://"),
            ("mail.example.org:25", "'mail.example.org:25' is not a URL; write smtp://host:port or smtps://host:port"),
            ("smtp://", "the SMTP URL 'smtp://' has no host"),
            ("smtp://mail.example.org:70000", "the SMTP port 70000 is not 1 to 65535"),
            (
                "smtp://user:pw@mail.example.org",
                "the SMTP URL has a user or password in it; give the user and the password (in a file) separately"
            ),
            (
                "smtp://mail.example.org/helo.example",
                "the SMTP URL 'smtp://mail.example.org/helo.example' has a path, query or fragment; write only smtp://host:port"
            ),
            (
                "smtp://mail.example.org\r\n",
                #"the SMTP URL 'smtp://mail.example.org\r\n' has spaces, control or non-ASCII characters"#
            ),
            (
                "smtp://mail.exam ple.org",
                "the SMTP URL 'smtp://mail.exam ple.org' has spaces, control or non-ASCII characters"
            ),
        ])
    func invalid(_ url: String, _ message: String) {
        do {
            _ = try SMTPConfiguration(url: url, from: from)
            Issue.record("accepted \(url)")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test("a password never crosses the network unencrypted, and never shows in the description")
    func password() throws {
        #expect(throws: SMTPConfigurationError.self) {
            try SMTPConfiguration(url: "smtp://mail.example.org:587", from: from, user: "u", password: "p")
        }
        #expect(throws: SMTPConfigurationError.self) {
            try SMTPConfiguration(url: "smtp://mail.example.org:587", from: from, user: "u", startTLS: true)
        }
        let configuration = try SMTPConfiguration(
            url: "smtp://mail.example.org:587", from: from, user: "pipeline", password: "s3cret-value", startTLS: true)
        #expect(!configuration.description.contains("s3cret-value"))
        #expect(
            configuration.description
                == "smtp://mail.example.org:587 (STARTTLS), from pipeline@example.org, user pipeline with a password")
    }

    @Test("time limits and connections must be positive")
    func limits() {
        #expect(throws: SMTPConfigurationError.self) {
            try SMTPConfiguration(url: "smtp://localhost", from: from, timeout: .zero)
        }
        #expect(throws: SMTPConfigurationError.self) {
            try SMTPConfiguration(url: "smtp://localhost", from: from, maximumConnections: 0)
        }
    }
}
