/// Quoted-printable (RFC 2045 6.7) of UTF-8 text, for the bodies: every line end becomes CRLF
/// (a lone CR or LF too), every output line is at most 76 characters (soft line breaks `=`),
/// and everything but printable ASCII is `=XX`, so the body is 7-bit and no line is long.
///
/// A dot or `From ` at the start of a line is encoded too (`=2E`, `=46`), so neither SMTP's
/// end-of-data nor an mbox file can mistake it.
///
/// Works on bytes, not on a `String` per character: the bodies of every mail go through it.
enum QuotedPrintable {
    static let lineLimit = 76

    static func encode(_ text: String) -> String {
        let input = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(input.count + input.count / 8 + 16)
        var lineStart = 0
        var index = 0
        while index < input.count {
            let byte = input[index]
            guard byte == 13 || byte == 10 else {
                index += 1
                continue
            }
            encodeLine(input[lineStart..<index], into: &output)
            output += [13, 10]
            // A CRLF is one line end; a lone CR or LF is one too.
            index += byte == 13 && index + 1 < input.count && input[index + 1] == 10 ? 2 : 1
            lineStart = index
        }
        encodeLine(input[lineStart..<input.count], into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// One line of text (no line end in it) as one or more encoded lines joined by soft breaks.
    private static func encodeLine(_ bytes: ArraySlice<UInt8>, into output: inout [UInt8]) {
        var length = 0
        let last = bytes.endIndex - 1
        for index in bytes.indices {
            let byte = bytes[index]
            let isLast = index == last
            var escaped: Bool
            switch byte {
            case 32, 9: escaped = isLast
            case 33...60, 62...126: escaped = false
            default: escaped = true
            }
            if length + (escaped ? 3 : 1) > lineLimit - (isLast ? 0 : 1) {
                output += [UInt8(ascii: "="), 13, 10]
                length = 0
            }
            if length == 0,
                byte == UInt8(ascii: ".") || (byte == UInt8(ascii: "F") && bytes[index...].starts(with: from))
            {
                escaped = true
            }
            if escaped {
                output += [UInt8(ascii: "="), digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]]
                length += 3
            } else {
                output.append(byte)
                length += 1
            }
        }
    }

    private static let from = Array("From ".utf8)
    private static let digits = Array("0123456789ABCDEF".utf8)
}
