import Foundation

/// Numbers, amounts and days as Dutch people read and write them: a point between thousands, a
/// comma before decimals, month names in words. Pure; the pages, the e-mails and the forms all use
/// it, so that a number reads the same everywhere and a form reads back what a page showed.
///
/// ```swift
/// DutchFormat.number(340_000)            // "340.000"
/// DutchFormat.number(1.5)                // "1,5"
/// DutchFormat.money(85_000)              // "€ 85.000"
/// DutchFormat.money(85_000.5)            // "€ 85.000,50"
/// DutchFormat.day(CalendarDate(year: 2027, month: 3, day: 1)!)  // "1 maart 2027"
/// try DutchFormat.parseNumber("340.000") // 340000
/// try DutchFormat.parseNumber("1.5")     // throws: a point is between thousands, so 1.5 means nothing
/// ```
///
/// Forms, URLs, CSV files and the API keep ISO days (`2027-03-01`) and their own number formats.
public enum DutchFormat {
    /// `340.000`, `1,5`, `-1.234,5`. Without `maximumFractionDigits` every decimal the number has
    /// (the shortest that reads back as the same number, so that a form can show it and read it
    /// again); with it, rounded to at most that many, without trailing zeros (`2,5`, `3`).
    public static func number(_ value: Double, maximumFractionDigits: Int? = nil) -> String {
        guard value.isFinite else { return String(value) }
        var (integer, fraction) =
            maximumFractionDigits.map { fixedDigits(abs(value), fractionDigits: $0) } ?? shortestDigits(abs(value))
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return written(negative: value < 0, integer: integer, fraction: fraction)
    }

    /// A count: `7`, `1.234`, `28.000`.
    public static func number(_ value: Int) -> String {
        written(negative: value < 0, integer: String(value.magnitude), fraction: "")
    }

    /// An amount in euros: `€ 85.000` when it is whole euros, `€ 85.000,50` when it has cents
    /// (always two digits then), `€ -12,50` below zero.
    public static func money(_ amount: Double) -> String {
        guard amount.isFinite else { return "€ " + String(amount) }
        let (integer, cents) = fixedDigits(abs(amount), fractionDigits: 2)
        let negative = amount < 0 && (integer != "0" || cents != "00")
        return "€ " + written(negative: negative, integer: integer, fraction: cents == "00" ? "" : cents)
    }

    /// The digits with a point between each three of the whole part and a comma before the fraction.
    static func written(negative: Bool, integer: String, fraction: String) -> String {
        var grouped = ""
        for (offset, digit) in integer.enumerated() {
            if offset > 0, (integer.count - offset) % 3 == 0 { grouped.append(".") }
            grouped.append(digit)
        }
        let isZero = integer.allSatisfy { $0 == "0" } && fraction.allSatisfy { $0 == "0" }
        return (negative && !isZero ? "-" : "") + grouped + (fraction.isEmpty ? "" : "," + fraction)
    }

    /// A non-negative number rounded to `fractionDigits` decimals, as whole and fraction digits.
    static func fixedDigits(_ value: Double, fractionDigits: Int) -> (String, String) {
        let text = String(format: "%.\(max(0, fractionDigits))f", value)
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
    }

    /// A non-negative number's shortest round-tripping digits, never in exponent notation
    /// (Swift writes `1e-05` and `1e+16`; people read `0,00001` and `10.000.000.000.000.000`).
    static func shortestDigits(_ value: Double) -> (String, String) {
        let text = String(value)
        let (mantissa, exponent): (Substring, Int)
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...].replacingOccurrences(of: "+", with: "")) ?? 0
        } else {
            (mantissa, exponent) = (text[...], 0)
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        var digits = String(parts[0]) + (parts.count > 1 ? String(parts[1]) : "")
        var point = parts[0].count + exponent
        if point < 0 {
            digits = String(repeating: "0", count: -point) + digits
            point = 0
        }
        if point > digits.count { digits += String(repeating: "0", count: point - digits.count) }
        var integer = String(digits.prefix(point))
        let fraction = String(digits.dropFirst(point))
        while integer.count > 1, integer.hasPrefix("0") { integer.removeFirst() }
        return (integer.isEmpty ? "0" : integer, fraction)
    }
}
