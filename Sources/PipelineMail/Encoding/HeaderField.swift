import Foundation

/// Writes header fields that cannot be broken out of: every value is one logical line of 7-bit
/// ASCII, folded at spaces (RFC 5322 2.2.3) so no line is longer than 78 characters where a
/// space allows it, and never longer than 998. Text that is not plain ASCII, or has a word too
/// long to fold, becomes RFC 2047 encoded-words (`=?UTF-8?B?...?=`), which fold between words.
enum HeaderField {
    static let crlf = "\r\n"
    static let softLimit = 78

    /// A field whose value the caller built from checked parts (a date, a Message-ID, a
    /// Content-Type): printable ASCII only, asserted.
    static func structured(_ name: String, _ value: String) -> String {
        precondition(value.unicodeScalars.allSatisfy(isPrintable), "a structured header value must be printable ASCII")
        return name + ": " + value + crlf
    }

    /// An unstructured field (Subject, an extra header): any text, made one line.
    static func unstructured(_ name: String, _ text: String) -> String {
        let clean = MailText.singleLine(text)
        if clean.isEmpty { return name + ":" + crlf }
        let words = clean.split(separator: " ").map(String.init)
        if canStayPlain(clean, words: words) { return fold(name + ":", words) }
        return fold(name + ":", encodedWords(clean))
    }

    /// An address field (From, To): `"Name" <address>`, `=?UTF-8?B?...?= <address>` or the bare
    /// address when there is no name.
    static func mailbox(_ name: String, _ mailbox: Mailbox) -> String {
        let display = MailText.singleLine(mailbox.name ?? "")
        let address = "<" + mailbox.address.value + ">"
        if display.isEmpty { return fold(name + ":", [mailbox.address.value]) }
        if display.utf8.count <= 64, display.unicodeScalars.allSatisfy(isPrintable) {
            let quoted = display.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(
                of: "\"", with: "\\\"")
            return fold(name + ":", ["\"" + quoted + "\"", address])
        }
        return fold(name + ":", encodedWords(display) + [address])
    }

    /// Plain text may stay as it is when it is printable ASCII, no word is too long to fold,
    /// and nothing in it could be read as an encoded-word.
    private static func canStayPlain(_ text: String, words: [String]) -> Bool {
        text.unicodeScalars.allSatisfy(isPrintable) && !text.contains("=?")
            && words.allSatisfy { $0.utf8.count <= softLimit - 2 }
    }

    /// `head` and the words separated by spaces, a line break before a word that would make the
    /// line longer than 78 characters (also right after the head: `Subject:` CRLF ` word`).
    private static func fold(_ head: String, _ words: [String]) -> String {
        var result = ""
        var line = head
        for word in words {
            if line.utf8.count + 1 + word.utf8.count > softLimit {
                result += line + crlf
                line = ""
            }
            line += " " + word
        }
        return result + line + crlf
    }

    /// `text` as encoded-words of at most 75 characters each (RFC 2047 2): UTF-8, base64, split
    /// between Unicode scalars, never inside one.
    static func encodedWords(_ text: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if chunk.count + bytes.count > maximumChunk {
                words.append(encodedWord(chunk))
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append(encodedWord(chunk)) }
        return words
    }

    /// 42 bytes are 56 base64 characters: with `=?UTF-8?B?` and `?=`, 68, within the 75 allowed,
    /// and `Subject: ` and the first word fit in 78.
    private static let maximumChunk = 42

    private static func encodedWord(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?" + Data(bytes).base64EncodedString() + "?="
    }

    static func isPrintable(_ scalar: Unicode.Scalar) -> Bool { scalar.value >= 32 && scalar.value < 127 }
}
