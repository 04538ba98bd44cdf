/// E-mail addresses as the people register takes them: checked for what makes an address
/// unusable or unsafe to put in a message header, not for every rule of RFC 5322.
///
/// Accepted: exactly one `@`, something before it, and after it `localhost` or a domain with a
/// dot between non-empty parts; no white space (any Unicode space), control characters, `<`, `>`
/// or `,` anywhere; at most 254 bytes in UTF-8 once lower-cased. Stored lower-cased, so that one
/// address is one person whatever its case. Nothing is trimmed: a space is refused, not removed.
///
/// ```swift
/// try EmailAddress.normalized("Fenna@ROS-Friesland.nl")   // "fenna@ros-friesland.nl"
/// ```
public enum EmailAddress {
    public static let maximumBytes = 254

    /// The address as stored (lower-cased), or why it is not an address.
    public static func normalized(_ text: String) throws(InvalidEntry) -> String {
        let shown = String(text.unicodeScalars.prefix(100).map(Character.init))
        guard !text.isEmpty else { throw InvalidEntry("the e-mail address is empty") }
        for scalar in text.unicodeScalars {
            if scalar.isSpaceOrControl {
                throw InvalidEntry("the e-mail address '\(shown.printable)' holds a space or a control character")
            }
            if scalar == "<" || scalar == ">" || scalar == "," {
                throw InvalidEntry("the e-mail address '\(shown)' holds '\(scalar)'")
            }
        }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw InvalidEntry("the e-mail address '\(shown)' must have exactly one @") }
        let (local, domain) = (parts[0], parts[1])
        guard !local.isEmpty else { throw InvalidEntry("the e-mail address '\(shown)' has nothing before the @") }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard domain == "localhost" || (labels.count >= 2 && labels.allSatisfy { !$0.isEmpty }) else {
            throw InvalidEntry(
                "the domain of the e-mail address '\(shown)' must have a dot between non-empty parts (or be localhost)")
        }
        let address = text.lowercased()
        guard address.utf8.count <= maximumBytes else {
            throw InvalidEntry("the e-mail address is longer than \(maximumBytes) bytes")
        }
        return address
    }
}

/// An entry of the people register that does not fit, saying what to change.
public struct InvalidEntry: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

extension Unicode.Scalar {
    /// Unicode white space (the space, tabs, line breaks, no-break and other spaces) or a
    /// control character (C0, DEL, C1).
    var isSpaceOrControl: Bool { properties.isWhitespace || properties.generalCategory == .control }
}

extension String {
    /// Without leading and trailing white space (any Unicode white space).
    func trimmingWhiteSpace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }

}

extension StringProtocol {
    /// Control characters shown as `?`, for messages.
    var printable: String {
        String(String.UnicodeScalarView(unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : $0 }))
    }
}
