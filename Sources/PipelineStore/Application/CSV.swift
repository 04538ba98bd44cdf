import Foundation

/// Comma- or semicolon-separated values for a spreadsheet or a program: every field quoted when it
/// must be, lines ended by CRLF, and a leading = + - @ neutralised so a spreadsheet never runs a
/// field as a formula. The ``Dialect`` says which separators and whether a byte order mark.
///
/// ```swift
/// CSV.table([["region", "ideas"], ["Twente", "2"]])                      // "region,ideas\r\nTwente,2\r\n"
/// CSV.table([["share"], [CSV.Dialect.dutchExcel.number(0.5)]], dialect: .dutchExcel)  // "\u{FEFF}share\r\n0,5\r\n"
/// ```
public enum CSV {
    /// How fields and decimals are separated. The pages' downloads are for people, who open them
    /// in a Dutch Excel (``dutchExcel``); the API's are for programs (``rfc4180``).
    public struct Dialect: Sendable, Hashable {
        /// The name a download's `?format=` gives.
        public let name: String
        public let separator: Character
        public let decimalSeparator: Character
        /// Starts the file with U+FEFF, by which Excel knows the file is UTF-8.
        public let byteOrderMark: Bool

        /// RFC 4180 as programs read it: `,` between fields, a decimal point, no byte order mark.
        public static let rfc4180 = Dialect(
            name: "rfc4180", separator: ",", decimalSeparator: ".", byteOrderMark: false)
        /// What a Dutch Excel opens by a double click, each value in its own column and every
        /// number a number: `;` between fields (the list separator of the Dutch locale), a decimal
        /// comma, UTF-8 with a byte order mark. Whole numbers have no thousands separators.
        public static let dutchExcel = Dialect(
            name: "excel", separator: ";", decimalSeparator: ",", byteOrderMark: true)

        public static let all = [dutchExcel, rfc4180]

        /// The dialect a `?format=` names; `nil` for a name no dialect has.
        public init?(named name: String) {
            guard let dialect = Self.all.first(where: { $0.name == name }) else { return nil }
            self = dialect
        }

        private init(name: String, separator: Character, decimalSeparator: Character, byteOrderMark: Bool) {
            self.name = name
            self.separator = separator
            self.decimalSeparator = decimalSeparator
            self.byteOrderMark = byteOrderMark
        }

        /// A number as a spreadsheet reads it: no fraction when it is whole; otherwise the decimal
        /// separator, and with `fractionDigits` exactly that many decimals (`0.500`, `0,500`).
        public func number(_ value: Double, fractionDigits: Int? = nil) -> String {
            let text: String
            if let fractionDigits {
                text = String(format: "%.\(max(0, fractionDigits))f", value)
            } else {
                text = CSV.number(value)
            }
            return decimalSeparator == "." ? text : text.replacingOccurrences(of: ".", with: String(decimalSeparator))
        }
    }

    public static func table(_ rows: [[String]], dialect: Dialect = .rfc4180) -> String {
        (dialect.byteOrderMark ? "\u{FEFF}" : "")
            + rows.map { $0.map { field($0, dialect: dialect) }.joined(separator: String(dialect.separator)) + "\r\n" }
            .joined()
    }

    /// A number as a program reads it: no fraction when it is whole, a point otherwise.
    public static func number(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    public static func field(_ text: String, dialect: Dialect = .rfc4180) -> String {
        var text = text
        if let first = text.first, "=+-@\t\r".contains(first) { text = "'" + text }
        guard text.contains(where: { $0 == dialect.separator || "\"\r\n".contains($0) }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
