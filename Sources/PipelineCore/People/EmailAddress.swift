/// What an e-mail address is, for the people register and for the mail that is sent to it:
/// checked for what makes an address unusable or unsafe in a message header and at an SMTP
/// server, not for every rule of RFC 5321.
///
/// Accepted: one `@`; a local part of at most 64 bytes, without a dot at either end or two in a
/// row; a domain with a dot (or `localhost`), of letters, digits and hyphens between its dots;
/// ASCII only (a domain in its `xn--` form); no spaces, control characters, angle brackets,
/// commas or other characters that would need quoting; at most 254 bytes. Stored lower-cased, so
/// that one address is one person whatever its case.
///
/// ```swift
/// try EmailAddress.normalized("Fenna@ROS-Friesland.nl")   // "fenna@ros-friesland.nl"
/// EmailAddress.problem("anna@")                           // "nothing comes after the @"
/// EmailAddress.refusal("anna@")?.code                      // .emailInvalid (reason nothing_after_at)
/// ```
public enum EmailAddress {
    public static let maximumBytes = 254
    static let maximumLocalBytes = 64

    /// The address as stored (lower-cased), or why it is not an address.
    public static func normalized(_ text: String) throws(InvalidEntry) -> String {
        if let refusal = refusal(text) { throw InvalidEntry(refusal) }
        return text.lowercased()
    }

    /// Why `text` is not an e-mail address, or `nil` when it is one: "nothing comes after the @".
    public static func problem(_ text: String) -> String? {
        guard let refusal = refusal(text) else { return nil }
        // The refusal's sentence after "'<the address as shown>' is not an e-mail address: ".
        let lead = "'\(refusal.values["address"] ?? "")' is not an e-mail address: "
        return String(String.UnicodeScalarView(refusal.message.unicodeScalars.dropFirst(lead.unicodeScalars.count)))
    }

    /// Why `text` is not an e-mail address, as a refusal of one of the `email_` codes, or `nil`
    /// when it is one.
    public static func refusal(_ text: String) -> Refusal? {
        guard !text.isEmpty else { return .emailInvalid(text, reason: .empty) }
        guard text.utf8.count <= maximumBytes else { return .emailInvalid(text, reason: .tooLong) }
        for scalar in text.unicodeScalars {
            if scalar.properties.generalCategory == .control || scalar.value == 0x7F {
                return .emailInvalid(text, reason: .controlCharacter)
            }
            if scalar.properties.isWhitespace { return .emailInvalid(text, reason: .space) }
            if !scalar.isASCII { return .emailNotASCII(text, character: scalar) }
            if forbidden.contains(scalar) { return .emailCharacterNotAllowed(text, character: scalar) }
        }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return .emailInvalid(text, reason: parts.count == 1 ? .noAt : .moreThanOneAt) }
        let (local, domain) = (parts[0], parts[1])
        guard !local.isEmpty else { return .emailInvalid(text, reason: .nothingBeforeAt) }
        guard local.utf8.count <= maximumLocalBytes else { return .emailInvalid(text, reason: .localPartTooLong) }
        guard !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else {
            return .emailInvalid(text, reason: .localPartDots)
        }
        guard !domain.isEmpty else { return .emailInvalid(text, reason: .nothingAfterAt) }
        guard domain.contains(".") || domain.lowercased() == "localhost" else {
            return .emailDomainWithoutDot(text, domain: domain)
        }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.allSatisfy({ !$0.isEmpty }) else { return .emailDomainDots(text, domain: domain) }
        let valid = labels.allSatisfy { label in
            label.utf8.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.unicodeScalars.allSatisfy { domainCharacters.contains($0) }
        }
        guard valid else { return .emailDomainCharacters(text, domain: domain) }
        return nil
    }

    /// Why a text is not an address, where nothing in it needs naming: a refusal's `reason`
    /// (`email_invalid`), worded on the pages from the labels `refusal_reason_<word>`.
    public enum Reason: String, Sendable, CaseIterable {
        case empty
        case tooLong = "too_long"
        case controlCharacter = "control_character"
        case space
        case noAt = "no_at"
        case moreThanOneAt = "more_than_one_at"
        case nothingBeforeAt = "nothing_before_at"
        case localPartTooLong = "local_part_too_long"
        case localPartDots = "local_part_dots"
        case nothingAfterAt = "nothing_after_at"

        /// The reason in English, as the CLI and the API say it: "nothing comes after the @".
        public var words: String {
            switch self {
            case .empty: return "it is empty"
            case .tooLong: return "it is longer than \(EmailAddress.maximumBytes) bytes"
            case .controlCharacter: return "it contains a control character"
            case .space: return "it contains a space"
            case .noAt: return "it has no @"
            case .moreThanOneAt: return "it has more than one @"
            case .nothingBeforeAt: return "nothing comes before the @"
            case .localPartTooLong:
                return "the part before the @ is longer than \(EmailAddress.maximumLocalBytes) bytes"
            case .localPartDots: return "the part before the @ starts or ends with a dot or has two in a row"
            case .nothingAfterAt: return "nothing comes after the @"
            }
        }
    }

    /// Characters that would need quoting or end the address in a header: RFC 5322's specials
    /// but the dot and the one `@`.
    private static let forbidden = Set("<>()[]\\,;:\"".unicodeScalars)
    private static let domainCharacters = Set(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-".unicodeScalars)
}

/// An entry of the people register that does not fit, saying what to change: a refusal of the
/// register's codes (``Refusal/Code``), worded in English by `message` as the CLI and the API
/// say it, and on the pages in the page's language.
public struct InvalidEntry: Error, Sendable, Hashable, CustomStringConvertible {
    public let refusal: Refusal

    public init(_ refusal: Refusal) {
        self.refusal = refusal
    }

    /// The refusal in English.
    public var message: String { refusal.message }

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
