import Foundation

/// Where and how mail is sent: an SMTP server's URL, the login, TLS, the sender, time limits.
/// Checked when made; `description` never shows the password.
///
/// ```swift
/// let smtp = try SMTPConfiguration(
///     url: "smtp://mail.example.org:587", from: Mailbox(try MailAddress("pipeline@example.org")),
///     user: "pipeline", password: passwordFromFile, startTLS: true)
/// ```
public struct SMTPConfiguration: Sendable, CustomStringConvertible {
    /// `smtp://host:port` or `smtps://host:port`, the port always written, as libcurl gets it.
    public let url: String
    public let host: String
    public let port: Int
    /// `smtps://`: TLS from the first byte (port 465).
    public let implicitTLS: Bool
    /// `smtp://` upgraded with STARTTLS, which is then required (`CURLUSESSL_ALL`): a server
    /// that does not offer it gets no message.
    public let startTLS: Bool
    public let user: String?
    public let password: String?
    /// The envelope sender (SMTP `MAIL FROM`, where bounces go); usually also the messages' From.
    public let from: Mailbox
    public let connectTimeout: Duration
    /// For the whole of one message: connect, greeting, login, transfer.
    public let timeout: Duration
    /// How many connections to the server at most; more messages wait for one.
    public let maximumConnections: Int

    /// Whether the connection is encrypted: `smtps://`, or `smtp://` with STARTTLS.
    public var requiresTLS: Bool { implicitTLS || startTLS }

    /// Reads `url` (`smtp://host[:port]`, default port 25, or `smtps://host[:port]`, default 465)
    /// and checks the rest. A password is refused over a connection without TLS, but to the
    /// machine itself (localhost, 127.0.0.0/8, ::1).
    public init(
        url text: String, from: Mailbox, user: String? = nil, password: String? = nil, startTLS: Bool = false,
        connectTimeout: Duration = .seconds(10), timeout: Duration = .seconds(60), maximumConnections: Int = 4
    ) throws(SMTPConfigurationError) {
        let shown = MailText.printable(text, limit: 120)
        guard text.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value < 127 }) else {
            throw SMTPConfigurationError("the SMTP URL '\(shown)' has spaces, control or non-ASCII characters")
        }
        guard text.contains("://"), let parts = URLComponents(string: text), let scheme = parts.scheme?.lowercased()
        else {
            throw SMTPConfigurationError("'\(shown)' is not a URL; write smtp://host:port or smtps://host:port")
        }
        guard scheme == "smtp" || scheme == "smtps" else {
            throw SMTPConfigurationError(
                "the SMTP URL must start with smtp:// or smtps://, not \(scheme)://")
        }
        guard parts.user == nil, parts.password == nil else {
            throw SMTPConfigurationError(
                "the SMTP URL has a user or password in it; give the user and the password (in a file) separately")
        }
        guard parts.path.isEmpty || parts.path == "/", parts.query == nil, parts.fragment == nil else {
            throw SMTPConfigurationError(
                "the SMTP URL '\(shown)' has a path, query or fragment; write only smtp://host:port")
        }
        var host = parts.host ?? ""
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw SMTPConfigurationError("the SMTP URL '\(shown)' has no host") }
        guard host.unicodeScalars.allSatisfy({ Self.hostCharacters.contains($0) }) else {
            throw SMTPConfigurationError(
                "the SMTP host '\(host)' may only have letters, digits, dots, hyphens and colons")
        }
        let implicitTLS = scheme == "smtps"
        let port = parts.port ?? (implicitTLS ? 465 : 25)
        guard (1...65_535).contains(port) else {
            throw SMTPConfigurationError("the SMTP port \(port) is not 1 to 65535")
        }
        if let user, user.unicodeScalars.contains(where: MailText.isControl) || user.isEmpty {
            throw SMTPConfigurationError("the SMTP user is empty or has control characters")
        }
        guard (user == nil) == (password == nil) else {
            throw SMTPConfigurationError("give both the SMTP user and the password, or neither")
        }
        if password != nil, !implicitTLS, !startTLS, !Self.isLoopback(host) {
            throw SMTPConfigurationError(
                "the SMTP password would cross the network unencrypted; use smtps:// or STARTTLS")
        }
        guard connectTimeout > .zero, timeout > .zero else {
            throw SMTPConfigurationError("the SMTP time limits must be more than zero")
        }
        guard maximumConnections >= 1 else { throw SMTPConfigurationError("allow at least one SMTP connection") }
        self.url = "\(scheme)://\(host.contains(":") ? "[\(host)]" : host):\(port)"
        self.host = host
        self.port = port
        self.implicitTLS = implicitTLS
        self.startTLS = startTLS
        self.user = user
        self.password = password
        self.from = from
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.maximumConnections = maximumConnections
    }

    public var description: String {
        var text = url + (startTLS ? " (STARTTLS)" : "") + ", from " + from.address.value
        if let user { text += ", user \(MailText.printable(user, limit: 80)) with a password" }
        return text
    }

    private static let hostCharacters = Set(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:".unicodeScalars)

    static func isLoopback(_ host: String) -> Bool {
        let host = host.lowercased()
        return host == "localhost" || host.hasSuffix(".localhost") || host == "::1" || host.hasPrefix("127.")
    }
}

/// Why an SMTP configuration cannot be used, saying what to write instead.
public struct SMTPConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String

    init(_ description: String) { self.description = description }
}
