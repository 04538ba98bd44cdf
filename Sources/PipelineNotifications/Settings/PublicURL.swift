import Foundation

/// The address people reach the pages at, `https://pipeline.example.org` (or below a path,
/// `https://example.org/pipeline`): every link in a mail is made from it, absolute, because a
/// mail program has no page to resolve a relative link against.
///
/// Checked when made: http or https, a host, no user or password, no query or fragment,
/// printable ASCII only. A final slash is dropped.
///
/// ```swift
/// let url = try PublicURL("https://pipeline.example.org/")
/// url.idea("k3f9x2m7qa")          // "https://pipeline.example.org/ideas/k3f9x2m7qa"
/// url.notificationSettings        // "https://pipeline.example.org/settings/notifications"
/// url.unsubscribe("ntf_…")        // "https://pipeline.example.org/unsubscribe/ntf_…"
/// ```
public struct PublicURL: Sendable, Hashable, CustomStringConvertible {
    /// The URL as given, without a final slash.
    public let base: String
    /// Its host name (or address), for the Message-IDs of the mails.
    public let host: String

    public init(_ text: String) throws(MailSetupError) {
        let shown = MailSetupError.shown(text)
        guard !text.isEmpty, text.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value < 127 }) else {
            throw MailSetupError(
                "the public URL '\(shown)' is empty or has spaces, control or non-ASCII characters "
                    + "(write https://pipeline.example.org, with %-escapes where needed)")
        }
        guard text.contains("://"), let parts = URLComponents(string: text), let scheme = parts.scheme?.lowercased()
        else { throw MailSetupError("the public URL '\(shown)' is not a URL; write https://pipeline.example.org") }
        guard scheme == "https" || scheme == "http" else {
            throw MailSetupError("the public URL must start with https:// or http://, not \(scheme)://")
        }
        guard let host = parts.host, !host.isEmpty else {
            throw MailSetupError("the public URL '\(shown)' has no host")
        }
        guard parts.user == nil, parts.password == nil else {
            throw MailSetupError("the public URL '\(shown)' has a user or password in it")
        }
        guard parts.query == nil, parts.fragment == nil else {
            throw MailSetupError(
                "the public URL '\(shown)' has a query (?…) or fragment (#…); give only the address the pages are at")
        }
        var base = text
        while base.hasSuffix("/") { base.removeLast() }
        self.base = base
        self.host = host
    }

    /// The page of an idea.
    public func idea(_ id: String) -> String { base + "/ideas/" + Self.segment(id) }

    /// Where people choose how they are told (at once, daily, not by mail).
    public var notificationSettings: String { base + "/settings/notifications" }

    /// The one-click unsubscribe link of a mail, named by one of its notifications (ids carry 100
    /// random bits, so the link cannot be guessed).
    public func unsubscribe(_ notificationID: String) -> String {
        base + "/unsubscribe/" + Self.segment(notificationID)
    }

    public var description: String { base }

    /// One path segment, percent-encoded but for letters, digits and `-._~`.
    static func segment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    private static let unreserved = CharacterSet(
        charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
}
