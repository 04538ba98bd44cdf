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
