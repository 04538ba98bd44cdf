import Foundation

extension DutchFormat {
    /// The largest number a form accepts, either side of zero: beyond it a `Double` no longer
    /// holds every whole number with room to spare, so what was typed might not be what is kept.
    public static let largestNumber: Double = 1e15

    /// Why what was typed is not read as a number, with the text to quote back.
    public struct NumberError: Error, Sendable, Hashable, CustomStringConvertible {
        public enum Reason: String, Sendable, Hashable {
            /// Letters or other signs: `veel`, `12k`, `1e5`.
            case notANumber = "not_a_number"
            /// One point that is not between thousands: `1.5`, `12.34`, `0.500`.
            case ambiguousPoint = "ambiguous_point"
            /// One comma with three digits after one to three, the last a zero: `340,000`, `1,500`, as
            /// English writes thousands (Dutch writes the decimals `340` and `1,5`).
            case ambiguousComma = "ambiguous_comma"
            /// Points, spaces or a comma where no Dutch number has them: `1,234.56`, `1.23.4`, `1 23`.
            case misplacedSeparator = "misplaced_separator"
            /// More than one comma: `1,234,567`.
            case moreThanOneComma = "more_than_one_comma"
            /// Beyond ``DutchFormat/largestNumber``.
            case tooLarge = "too_large"
        }

        public let reason: Reason
        /// What was typed, trimmed, cut at 40 characters ("…").
        public let typed: String
        /// What the writer may have meant, written the Dutch way: `1,5` for `1.5`; for `340,000`
        /// the thousands (`340.000`) and, in ``alternative``, the decimals (`340`).
        public let suggestion: String?
        public let alternative: String?

        public var description: String {
            let quoted = "‘\(typed)’"
            switch reason {
            case .notANumber:
                return "\(quoted) is geen getal: schrijf cijfers, met een punt tussen duizendtallen en een komma voor "
                    + "decimalen, zoals 340.000 of 1,5."
            case .ambiguousPoint:
                return "\(quoted) is niet eenduidig: een punt staat tussen duizendtallen (1.500), decimalen komen na "
                    + "een komma." + (suggestion.map { " Bedoelt u \($0)?" } ?? "")
            case .ambiguousComma:
                return "\(quoted) is niet eenduidig: schrijf \(suggestion ?? "1.500") voor duizendtallen, of "
                    + "\(alternative ?? "1,5") voor decimalen."
            case .misplacedSeparator:
                return "In \(quoted) staat een punt, komma of spatie op een verkeerde plek: zet een punt tussen "
                    + "duizendtallen en een komma voor decimalen, zoals 1.234,56."
            case .moreThanOneComma:
                return "\(quoted) heeft meer dan één komma: alleen decimalen komen na een komma; zet een punt tussen "
                    + "duizendtallen, zoals 1.234.567."
            case .tooLarge:
                return "\(quoted) is te groot: een getal is hoogstens \(DutchFormat.number(largestNumber))."
            }
        }
    }

    /// A number as a Dutch person types it in a form, with exactly one reading or none:
    ///
    /// | typed | read as |
    /// |---|---|
    /// | `340.000`, `340 000`, `1.234.567` | 340000, 340000, 1234567 (a point or a space between thousands) |
    /// | `1,5`, `1.234,56`, `0,500` | 1.5, 1234.56, 0.5 (a comma before decimals) |
    /// | `€ 85.000`, `€85.000,-`, `85.000 €` | 85000 (a euro sign, and `,-` for whole euros) |
    /// | `-12,5` | -12.5 (the field's range is checked by the engine) |
    /// | empty, spaces | `nil`: not filled |
    ///
    /// Refused, with a ``NumberError`` that says how to write it: `1.5` and `12.34` (one point
    /// not followed by exactly three digits is no Dutch thousands), `340,000` and `1,500` (one comma
    /// with three digits ending in 0 after one to three: English thousands, or decimals with a zero
    /// nobody writes?), `1,234.56` and `1.23.4` (separators out of place), `1,2,3`, letters, and
    /// numbers beyond ``largestNumber``.
    ///
    /// ```swift
    /// try DutchFormat.parseNumber("€ 85.000")  // 85000
    /// try DutchFormat.parseNumber("1.5")       // throws NumberError(reason: .ambiguousPoint, suggestion: "1,5")
    /// ```
    public static func parseNumber(_ text: String) throws(NumberError) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        let typed = trimmed.count > 40 ? String(trimmed.prefix(39)) + "…" : trimmed
        func refusal(_ reason: NumberError.Reason, _ suggestion: String? = nil, _ alternative: String? = nil)
            -> NumberError
        { NumberError(reason: reason, typed: typed, suggestion: suggestion, alternative: alternative) }

        var body = Substring(trimmed)
        func trim() {
            while body.first.map(isSpace) == true { body.removeFirst() }
            while body.last.map(isSpace) == true { body.removeLast() }
        }
        var negative = false
        var euro = false
        if body.first.map(isMinus) == true { (negative, body) = (true, body.dropFirst()) }
        trim()
        if body.first == "€" { (euro, body) = (true, body.dropFirst()) }
        trim()
        if !negative, body.first.map(isMinus) == true { (negative, body) = (true, body.dropFirst()) }
        trim()
        if !euro, body.last == "€" { body = body.dropLast() }
        trim()
        // `85.000,-`: whole euros, a comma with nothing after it.
        let wholeEuros = [",-", ",–", ",—"].contains { body.hasSuffix($0) }
        if wholeEuros { body = body.dropLast() }

        guard body.contains(where: isDigit), body.allSatisfy({ isDigit($0) || $0 == "." || $0 == "," || isSpace($0) })
        else { throw refusal(.notANumber) }
        let commas = body.filter { $0 == "," }.count
        guard commas <= 1 else { throw refusal(.moreThanOneComma) }

        let parts = body.split(separator: ",", omittingEmptySubsequences: false)
        let integer = parts[0]
        let fraction = parts.count > 1 ? parts[1] : nil
        if let fraction, !fraction.allSatisfy(isDigit) || fraction.isEmpty != wholeEuros {
            throw refusal(.misplacedSeparator)
        }

        let sign = negative ? "-" : ""
        let groups = integer.split(omittingEmptySubsequences: false) { $0 == "." || isSpace($0) }
        let points = integer.filter { $0 == "." }.count
        let spaces = integer.filter(isSpace).count
        if groups.count > 1 {
            let first = groups[0]
            let thousands =
                (points == 0 || spaces == 0) && (1...3).contains(first.count) && first.first != "0"
                && groups.dropFirst().allSatisfy { $0.count == 3 }
            guard thousands else {
                if points == 1, spaces == 0, fraction == nil, !groups[1].isEmpty {
                    throw refusal(.ambiguousPoint, sign + (first.isEmpty ? "0" : first) + "," + groups[1])
                }
                throw refusal(.misplacedSeparator)
            }
        }
        if let fraction, !wholeEuros, groups.count == 1, fraction.count == 3, fraction.hasSuffix("0"),
            (1...3).contains(integer.count), integer.first != "0"
        {
            // `340,000`: English thousands, or decimals with a zero at the end that nobody writes?
            var decimals = String(fraction)
            while decimals.hasSuffix("0") { decimals.removeLast() }
            let decimal = sign + integer + (decimals.isEmpty ? "" : "," + decimals)
            throw refusal(.ambiguousComma, sign + integer + "." + fraction, decimal)
        }

        let digits = groups.joined()
        let plain =
            sign + (digits.isEmpty ? "0" : digits)
            + (fraction.map { $0.isEmpty ? "" : "." + $0 } ?? "")
        guard let number = Double(plain) else { throw refusal(.notANumber) }
        guard abs(number) <= largestNumber else { throw refusal(.tooLarge) }
        return number == 0 ? 0 : number
    }

    private static func isDigit(_ character: Character) -> Bool { ("0"..."9").contains(character) }

    /// A space, a non-breaking space or a thin one, as people and word processors put between thousands.
    private static func isSpace(_ character: Character) -> Bool { character.isWhitespace && !character.isNewline }

    /// The hyphen people type, and the minus sign a word processor makes of it.
    private static func isMinus(_ character: Character) -> Bool { character == "-" || character == "−" }
}
