/// Small text helpers the headers and the error messages share.
enum MailText {
    /// Whether a scalar may never appear raw in a header: C0 and C1 controls, DEL, and the
    /// Unicode line and paragraph separators.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .control || scalar.value == 0x7F || scalar.value == 0x2028
            || scalar.value == 0x2029
    }

    /// `text` with every control character and every run of white space made one space, and
    /// trimmed: what a subject or a display name becomes before it is written into a header. A
    /// hostile "Idee\r\nBcc: x@example.org" becomes "Idee Bcc: x@example.org", one line.
    static func singleLine(_ text: String) -> String {
        if isPlainLine(text) { return text }
        var result = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if isControl(scalar) || scalar.properties.isWhitespace {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace {
                result.append(" ")
                pendingSpace = false
            }
            result.append(scalar)
        }
        return String(result)
    }

    /// Printable ASCII with single spaces between words and none at the ends: what
    /// ``singleLine(_:)`` would leave as it is. Checked on the bytes, the common case made cheap.
    private static func isPlainLine(_ text: String) -> Bool {
        var previousWasSpace = true
        for byte in text.utf8 {
            if byte == 32 {
                if previousWasSpace { return false }
                previousWasSpace = true
            } else if byte > 32 && byte < 127 {
                previousWasSpace = false
            } else {
                return false
            }
        }
        return !previousWasSpace || text.isEmpty
    }

    /// `text` safe to show in an error message or a log: controls and invisible format
    /// characters escaped (`\r`, `\n`, `\u{202E}`), cut to `limit` characters.
    static func printable(_ text: String, limit: Int) -> String {
        // Most text (a server's reply line, an address) is printable ASCII already.
        if text.utf8.count <= limit, text.utf8.allSatisfy({ $0 >= 32 && $0 < 127 }) { return text }
        var result = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count >= limit {
                result += "…"
                break
            }
            count += 1
            switch scalar {
            case "\r": result += "\\r"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            default:
                if isControl(scalar) || scalar.properties.generalCategory == .format {
                    result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }
}
