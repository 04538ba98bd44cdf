/// Quoted-printable (RFC 2045 6.7) of UTF-8 text, for the bodies: every line end becomes CRLF
/// (a lone CR or LF too), every output line is at most 76 characters (soft line breaks `=`),
/// and everything but printable ASCII is `=XX`, so the body is 7-bit and no line is long.
///
/// A dot or `From ` at the start of a line is encoded too (`=2E`, `=46`), so neither SMTP's
/// end-of-data nor an mbox file can mistake it.
enum QuotedPrintable {
    static let lineLimit = 76

    static func encode(_ text: String) -> String {
        var lines: [String] = []
        var current: [UInt8] = []
        var previousWasCR = false
        for byte in text.utf8 {
            switch byte {
            case 13:
                lines.append(encodeLine(current))
                current = []
                previousWasCR = true
                continue
            case 10 where previousWasCR:
                break  // the LF of a CRLF: the line already ended
            case 10:
                lines.append(encodeLine(current))
                current = []
            default:
                current.append(byte)
            }
            previousWasCR = false
        }
        lines.append(encodeLine(current))
        return lines.joined(separator: "\r\n")
    }

    /// One line of text (no line end in it) as one or more encoded lines joined by soft breaks.
    private static func encodeLine(_ bytes: [UInt8]) -> String {
        var output: [String] = []
        var line = ""
        for (index, byte) in bytes.enumerated() {
            let isLast = index == bytes.count - 1
            var token = token(for: byte, atEnd: isLast)
            if line.utf8.count + token.utf8.count > lineLimit - (isLast ? 0 : 1) {
                output.append(line + "=")
                line = ""
            }
            if line.isEmpty {
                if byte == UInt8(ascii: ".") {
                    token = "=2E"
                } else if byte == UInt8(ascii: "F"), bytes[index...].starts(with: Array("From ".utf8)) {
                    token = "=46"
                }
            }
            line += token
        }
        output.append(line)
        return output.joined(separator: "\r\n")
    }

    private static func token(for byte: UInt8, atEnd: Bool) -> String {
        switch byte {
        case 32, 9: return atEnd ? hex(byte) : String(UnicodeScalar(byte))
        case 33...60, 62...126: return String(UnicodeScalar(byte))
        default: return hex(byte)
        }
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "=" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
    }
}
