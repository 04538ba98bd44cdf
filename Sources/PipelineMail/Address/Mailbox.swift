import Foundation

/// An address with the name a mail program shows for it: `"Anna Jansen" <anna@example.org>`.
///
/// The name may be any text: it is written as a quoted string or as RFC 2047 encoded-words,
/// with control characters made spaces, so no name can break out of its header.
public struct Mailbox: Sendable, Hashable {
    public var address: MailAddress
    /// The display name; `nil` or empty writes the bare address.
    public var name: String?

    public init(_ address: MailAddress, name: String? = nil) {
        self.address = address
        self.name = name
    }

    /// Checks `address` (see `MailAddress.init(_:)`).
    public init(address: String, name: String? = nil) throws(MailAddressError) {
        self.init(try MailAddress(address), name: name)
    }
}

extension Mailbox {
    /// Reads a sender as people write it: `Innovatiepijplijn <pipeline@example.org>`,
    /// `"Pipeline, ROS" <pipeline@example.org>`, `<pipeline@example.org>` or
    /// `pipeline@example.org`. The address is checked (see `MailAddress.init(_:)`); the name may
    /// be any text without angle brackets or control characters.
    public init(parsing text: String) throws(MailAddressError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let open = trimmed.lastIndex(of: "<") else {
            self.init(try MailAddress(trimmed))
            return
        }
        guard trimmed.hasSuffix(">"), trimmed.firstIndex(of: "<") == open,
            trimmed.firstIndex(of: ">") == trimmed.index(before: trimmed.endIndex)
        else { throw MailAddressError(text, "write it as Name <address@example.org>") }
        let address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
        var name = trimmed[..<open].trimmingCharacters(in: .whitespaces)
        if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") { name = String(name.dropFirst().dropLast()) }
        guard !name.unicodeScalars.contains(where: MailText.isControl) else {
            throw MailAddressError(text, "the name has control characters")
        }
        self.init(try MailAddress(address), name: name.isEmpty ? nil : name)
    }
}
