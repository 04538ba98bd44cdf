/// How wide a text is drawn, estimated from its characters on the wide side, so that a drawing
/// made to fit its texts does not cut them off in the browser's font. The widths per character
/// are those of DejaVu Sans (one of the widest sans-serif fonts, and the one Linux browsers pick
/// for `system-ui`) rounded up; bold adds 12%. Narrower fonts (Segoe UI, San Francisco,
/// Roboto) leave some room to spare.
enum TextWidth {
    /// The width in pixels of `text` in a font of `size` pixels.
    static func of(_ text: String, size: Int, bold: Bool = false) -> Int {
        let ems = text.reduce(0.0) { $0 + em($1) }
        return Int((ems * Double(size) * (bold ? 1.12 : 1)).rounded(.up))
    }

    /// A character's advance in ems.
    static func em(_ character: Character) -> Double {
        switch character {
        case " ", "i", "j", "l", "I", "J", ".", ",", ":", ";", "'", "!", "|", "`": return 0.34
        case "f", "t", "r", "(", ")", "[", "]", "{", "}", "-", "/", "\\", "\"", "*": return 0.46
        case "m", "M", "W", "@", "%", "—", "…": return 1.02
        case "w", "=", "<", ">", "+", "~", "#", "&", "≤", "≥", "→", "×": return 0.86
        case "0"..."9": return 0.66
        case "a"..."z": return 0.66
        case "A"..."Z": return 0.8
        default: return 0.86
        }
    }

    /// `text` in lines of at most `width` pixels, broken between words; a word wider than a line
    /// is broken inside. Never empty: an empty text is one empty line.
    static func wrap(_ text: String, width: Int, size: Int, bold: Bool = false) -> [String] {
        wrap(words: text.split(separator: " ").map(String.init), width: width, size: size, bold: bold)
    }

    /// `words` in lines, as `wrap(_:width:size:bold:)`: a word with spaces in it (`(≤ 30d)`)
    /// stays on one line where it fits.
    static func wrap(words: [String], width: Int, size: Int, bold: Bool = false) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in words {
            let candidate = current.isEmpty ? word : current + " " + word
            if of(candidate, size: size, bold: bold) <= width {
                current = candidate
                continue
            }
            if !current.isEmpty { lines.append(current) }
            current = ""
            for character in word {
                if !current.isEmpty, of(current + String(character), size: size, bold: bold) > width {
                    lines.append(current)
                    current = ""
                }
                current.append(character)
            }
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }
}
