import Foundation
import PipelineWebhooks
import Testing

/// The address check made when a subscription is created: the whole class of URLs that would
/// fail at every delivery, refused at once with the reason.
@Suite("Webhook URLs")
struct WebhookURLTests {
    static let strict = try! AddressPolicy()

    @Test(
        "control characters, spaces and other schemes are refused",
        arguments: [
            ("https://example.org/hook\r\nX-Evil: 1", "a control character (U+000D)"),
            ("https://example.org/ho\nok", "a control character (U+000A)"),
            ("https://example.org/\u{7F}", "a control character (U+007F)"),
            ("https://exa mple.org/", "a space"),
            ("https://example.org/\t", "a control character (U+0009)"),
            ("ftp://example.org/", "must be an http or https address"),
            ("file:///etc/passwd", "must be an http or https address"),
            ("https:///nohost", "no host"),
            ("example.org/hook", "must be an http or https address"),
        ])
    func malformed(url: String, reason: String) {
        let problem = WebhookURL.problem(url, policy: Self.strict)
        #expect(problem?.contains(reason) == true, "\(url.debugDescription): \(problem ?? "accepted")")
    }

    @Test(
        "literal forbidden addresses are refused in every form, saying what they are",
        arguments: [
            ("http://127.0.0.1/", "127.0.0.1 is a loopback address"),
            ("http://127.0.0.1:8080/hook", "127.0.0.1 is a loopback address"),
            ("http://0x7f000001/", "0x7f000001 is 127.0.0.1, a loopback address"),
            ("http://2130706433/", "2130706433 is 127.0.0.1, a loopback address"),
            ("http://0177.0.0.1/", "0177.0.0.1 is 127.0.0.1, a loopback address"),
            ("http://127.1/", "127.1 is 127.0.0.1, a loopback address"),
            ("http://10.0.0.1/", "10.0.0.1 is a private address"),
            ("http://192.168.1.20/", "192.168.1.20 is a private address"),
            ("http://172.16.5.4/", "172.16.5.4 is a private address"),
            ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
            ("http://100.64.0.1/", "100.64.0.1 is a shared (CGNAT) address"),
            ("http://0.0.0.0/", "0.0.0.0 is an unspecified address"),
            ("http://224.0.0.1/", "224.0.0.1 is a multicast address"),
            ("http://255.255.255.255/", "255.255.255.255 is a reserved address"),
            ("http://[::1]/", "::1 is a loopback address"),
            ("http://[::ffff:127.0.0.1]/", "::ffff:127.0.0.1 is a loopback address"),
            ("http://[::ffff:a00:1]/", "::ffff:a00:1 is ::ffff:10.0.0.1, a private address"),
            ("http://[fe80::1]/", "fe80::1 is a link-local address"),
            ("http://[fd00::1]/", "fd00::1 is a unique-local (private) address"),
            ("http://localhost:9000/", "is this machine (loopback)"),
            ("http://api.localhost/", "is this machine (loopback)"),
        ])
    func forbidden(url: String, reason: String) {
        let problem = WebhookURL.problem(url, policy: Self.strict)
        #expect(problem?.contains(reason) == true, "\(url): \(problem ?? "accepted")")
    }

    @Test("public addresses and names are accepted; allowed networks are reachable")
    func accepted() throws {
        for url in [
            "https://example.org/hook", "http://93.184.216.34/", "https://[2606:2800:220:1::]/", "https://a.b.c/x?y=1",
        ] {
            #expect(WebhookURL.problem(url, policy: Self.strict) == nil, "\(url)")
        }
        let loopback = try AddressPolicy(allowing: ["127.0.0.0/8"])
        #expect(WebhookURL.problem("http://127.0.0.1:8080/hook", policy: loopback) == nil)
        #expect(WebhookURL.problem("http://localhost:8080/hook", policy: loopback) == nil)
        #expect(WebhookURL.problem("http://10.0.0.1/", policy: loopback)?.contains("private") == true)
    }
}
