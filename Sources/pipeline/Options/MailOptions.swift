import ArgumentParser
import Foundation
import PipelineMail
import PipelineNotifications

/// How `pipeline serve` sends the notifications by e-mail: the SMTP server (`--smtp-url` and
/// the rest), the address of the pages the mails link to (`--public-url`) and the digest's time
/// of day (`--digest-time`). Each option can also come from the environment (`PIPELINE_SMTP_URL`,
/// ...). Without an SMTP URL no mail is sent: the notifications wait in the queue, and the inbox
/// shows them.
struct MailOptions: ParsableArguments {
    @Option(
        name: .customLong("smtp-url"),
        help:
            "The SMTP server: smtp://HOST[:PORT] or smtps://HOST[:PORT] (or PIPELINE_SMTP_URL). Without it no mail is sent."
    )
    var smtpURL: String?

    @Option(name: .customLong("smtp-user"), help: "The SMTP login's user (or PIPELINE_SMTP_USER).")
    var smtpUser: String?

    @Option(
        name: .customLong("smtp-password-file"),
        help: "A file holding the SMTP password; a final newline is dropped (or PIPELINE_SMTP_PASSWORD_FILE).")
    var smtpPasswordFile: String?

    @Option(
        name: .customLong("smtp-from"),
        help: "The sender, e.g. \"Innovatiepijplijn <pipeline@example.org>\" (or PIPELINE_SMTP_FROM).")
    var smtpFrom: String?

    @Flag(
        name: .customLong("smtp-starttls"),
        help: "Require STARTTLS on an smtp:// connection (or PIPELINE_SMTP_STARTTLS=1).")
    var smtpStartTLS = false

    @Option(
        name: .customLong("public-url"),
        help:
            "The address people reach the pages at, e.g. https://pipeline.example.org: the mails link to it (or PIPELINE_PUBLIC_URL; required with --smtp-url)."
    )
    var publicURL: String?

    @Option(
        name: .customLong("digest-time"),
        help: "When the daily digest goes out, HH:MM in Dutch time (or PIPELINE_DIGEST_TIME; default 07:00).")
    var digestTime: String?

    /// Everything the mail service needs, checked.
    struct Settings {
        let smtp: SMTPConfiguration
        let publicURL: PublicURL
        let digest: DigestSchedule
    }

    private var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// An option, or else its environment variable; empty counts as not given.
    private func value(_ option: String?, _ variable: String) -> String? {
        let text = option ?? environment[variable]
        guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        return text
    }

    func validate() throws { _ = try settings() }

    /// The settings, or nil when no SMTP URL is given; a usage error that says what is wrong.
    func settings() throws -> Settings? {
        let digest: DigestSchedule
        do {
            digest = try DigestSchedule(parsing: value(digestTime, "PIPELINE_DIGEST_TIME") ?? "07:00")
        } catch { throw ValidationError("--digest-time: \(error)") }
        var publicURL: PublicURL?
        if let text = value(self.publicURL, "PIPELINE_PUBLIC_URL") {
            do { publicURL = try PublicURL(text) } catch { throw ValidationError("--public-url: \(error)") }
        }
        let startTLS = try startTLSRequested()
        let user = value(smtpUser, "PIPELINE_SMTP_USER")
        let passwordFile = value(smtpPasswordFile, "PIPELINE_SMTP_PASSWORD_FILE")
        let from = value(smtpFrom, "PIPELINE_SMTP_FROM")
        guard let url = value(smtpURL, "PIPELINE_SMTP_URL") else {
            let given = [
                ("--smtp-user", user != nil), ("--smtp-password-file", passwordFile != nil),
                ("--smtp-from", from != nil),
                ("--smtp-starttls", startTLS),
            ].filter(\.1).map(\.0)
            if let first = given.first {
                throw ValidationError("\(first) is for sending mail: give --smtp-url (or PIPELINE_SMTP_URL) too")
            }
            return nil
        }
        guard let publicURL else {
            throw ValidationError(
                "--public-url (or PIPELINE_PUBLIC_URL) is required with --smtp-url: the mails link to the pages there")
        }
        guard let from else {
            throw ValidationError(
                "--smtp-from (or PIPELINE_SMTP_FROM) is required with --smtp-url, e.g. \"Innovatiepijplijn <pipeline@example.org>\""
            )
        }
        let sender: Mailbox
        do { sender = try Mailbox(parsing: from) } catch { throw ValidationError("--smtp-from: \(error)") }
        if user != nil, passwordFile == nil {
            throw ValidationError("--smtp-user needs --smtp-password-file (the password is never an option itself)")
        }
        if passwordFile != nil, user == nil { throw ValidationError("--smtp-password-file needs --smtp-user") }
        let password = try passwordFile.map(Self.password(from:))
        do {
            let smtp = try SMTPConfiguration(
                url: url, from: sender, user: user, password: password, startTLS: startTLS)
            return Settings(smtp: smtp, publicURL: publicURL, digest: digest)
        } catch { throw ValidationError("--smtp-url: \(error)") }
    }

    private func startTLSRequested() throws -> Bool {
        if smtpStartTLS { return true }
        guard let text = environment["PIPELINE_SMTP_STARTTLS"]?.trimmingCharacters(in: .whitespaces).lowercased()
        else { return false }
        switch text {
        case "", "0", "false", "no", "off": return false
        case "1", "true", "yes", "on": return true
        default:
            throw ValidationError(
                "PIPELINE_SMTP_STARTTLS must be 1, true, yes or on (or 0, false, no, off), not '\(text.prefix(40))'")
        }
    }

    /// The file's text without one final newline (CRLF or LF).
    static func password(from path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("--smtp-password-file: cannot read \(path)")
        }
        guard var text = String(data: data, encoding: .utf8) else {
            throw ValidationError("--smtp-password-file: \(path) is not UTF-8 text")
        }
        // "\r\n" is one Character in Swift: either way one removeLast.
        if text.last == "\n" || text.last == "\r\n" { text.removeLast() }
        guard !text.isEmpty else { throw ValidationError("--smtp-password-file: \(path) is empty") }
        guard !text.contains(where: { $0.isNewline }) else {
            throw ValidationError("--smtp-password-file: \(path) has more than one line")
        }
        return text
    }
}
