import Foundation
import PipelineCore
import Testing

@Suite("Dutch numbers typed in forms")
struct DutchNumberParsingTests {
    @Test(
        "what a Dutch person types has one reading",
        arguments: [
            // The issue's own: the bug read "340.000" as 340.
            ("340.000", 340_000), ("1,5", 1.5), ("€ 85.000", 85_000),
            ("0", 0), ("42", 42), ("007", 7), ("1500", 1500), ("1234567", 1_234_567),
            ("1.500", 1500), ("1.234.567", 1_234_567), ("12.345.678,9", 12_345_678.9),
            ("1.234,56", 1234.56), ("0,5", 0.5), (",5", 0.5), ("0,500", 0.5), ("1,2345", 1.2345), ("12,5", 12.5),
            ("1234,567", 1234.567), ("1.234,567", 1234.567), ("2,125", 2.125), ("1,234", 1.234), ("1,2500", 1.25),
            ("340 000", 340_000), ("1 234 567,89", 1_234_567.89), ("340\u{00A0}000", 340_000),
            ("340\u{202F}000", 340_000),
            ("€85.000", 85_000), ("€ 85.000,50", 85_000.5), ("€85.000,-", 85_000), ("€ 85.000,–", 85_000),
            ("85.000 €", 85_000), ("1.500,-", 1500),
            ("-12,5", -12.5), ("-1.500", -1500), ("−3", -3), ("€ -85.000", -85_000), ("-€ 85.000", -85_000),
            ("-0", 0), ("  42  ", 42), ("\t1.500\n", 1500),
            ("1.000.000.000.000.000", 1e15), ("-1.000.000.000.000.000", -1e15),
        ] as [(String, Double)])
    func accepted(text: String, number: Double) throws {
        let read = try DutchFormat.parseNumber(text)
        #expect(read == number, "\(text)")
        #expect(read?.sign == .plus || number < 0, "no negative zero")
    }

    @Test("an empty field is not filled", arguments: ["", " ", "\u{00A0}", "\n\t"])
    func empty(text: String) throws {
        #expect(try DutchFormat.parseNumber(text) == nil)
    }

    @Test(
        "what has two readings, or none, is refused with the reason",
        arguments: [
            // A point is between thousands: with other than three digits after it, it means nothing in Dutch.
            ("1.5", .ambiguousPoint, "1,5"), ("12.34", .ambiguousPoint, "12,34"),
            ("1234.567", .ambiguousPoint, "1234,567"),
            ("0.500", .ambiguousPoint, "0,500"), (".5", .ambiguousPoint, "0,5"), ("1.5000", .ambiguousPoint, "1,5000"),
            ("-1.5", .ambiguousPoint, "-1,5"), ("€ 2.50", .ambiguousPoint, "2,50"),
            // One comma and three digits after one to three: English thousands, or decimals?
            ("340,000", .ambiguousComma, "340.000"), ("1,500", .ambiguousComma, "1.500"),
            ("2,250", .ambiguousComma, "2.250"), ("€ 85,000", .ambiguousComma, "85.000"),
            ("-1,500", .ambiguousComma, "-1.500"),
            ("1,234.56", .misplacedSeparator, nil), ("1.23.4", .misplacedSeparator, nil),
            ("1.234.56", .misplacedSeparator, nil), ("12.34,5", .misplacedSeparator, nil),
            ("1..000", .misplacedSeparator, nil), ("1.000 000", .misplacedSeparator, nil),
            ("1 23", .misplacedSeparator, nil),
            ("5.", .misplacedSeparator, nil), ("1,5.000", .misplacedSeparator, nil), ("1,", .misplacedSeparator, nil),
            ("1,5 0", .misplacedSeparator, nil), ("1,50,-", .moreThanOneComma, nil),
            ("1,234,567", .moreThanOneComma, nil), ("1,2,3", .moreThanOneComma, nil),
            ("veel", .notANumber, nil), ("12k", .notANumber, nil), ("1e5", .notANumber, nil), ("+5", .notANumber, nil),
            ("5%", .notANumber, nil), ("--5", .notANumber, nil), ("€", .notANumber, nil), ("-", .notANumber, nil),
            ("85.000 euro", .notANumber, nil), ("€ 85 €", .notANumber, nil), ("١٢", .notANumber, nil),
            ("1\n000", .notANumber, nil), ("0x10", .notANumber, nil), ("NaN", .notANumber, nil),
            ("∞", .notANumber, nil),
            ("1.000.000.000.000.001", .tooLarge, nil), ("10000000000000000", .tooLarge, nil),
            ("-2.000.000.000.000.000", .tooLarge, nil), (String(repeating: "9", count: 400), .tooLarge, nil),
        ] as [(String, DutchFormat.NumberError.Reason, String?)])
    func refused(text: String, reason: DutchFormat.NumberError.Reason, suggestion: String?) {
        #expect(throws: DutchFormat.NumberError.self, "\(text)") { try DutchFormat.parseNumber(text) }
        do {
            _ = try DutchFormat.parseNumber(text)
        } catch {
            #expect(error.reason == reason, "\(text)")
            if let suggestion { #expect(error.suggestion == suggestion, "\(text)") }
        }
    }

    @Test("the refusal names what was typed and how to write it, in Dutch")
    func messages() {
        func message(_ text: String) -> String {
            do {
                _ = try DutchFormat.parseNumber(text)
                return ""
            } catch { return error.description }
        }
        #expect(message("1.5").hasPrefix("‘1.5’ is niet eenduidig"))
        #expect(message("1.5").hasSuffix("Bedoelt u 1,5?"))
        #expect(
            message("340,000")
                == "‘340,000’ is niet eenduidig: schrijf 340.000 voor duizendtallen, of 340 voor decimalen.")
        #expect(message("1,500").hasSuffix("schrijf 1.500 voor duizendtallen, of 1,5 voor decimalen."))
        #expect(message("veel").hasPrefix("‘veel’ is geen getal"))
        #expect(message("1,234.56").hasPrefix("In ‘1,234.56’ staat een punt, komma of spatie op een verkeerde plek"))
        #expect(message("1,2,3").contains("meer dan één komma"))
        #expect(message("1e20").contains("geen getal"))
        #expect(message("99999999999999999").hasSuffix("is te groot: een getal is hoogstens 1.000.000.000.000.000."))
        let long = message(String(repeating: "x", count: 500))
        #expect(long.hasPrefix("‘" + String(repeating: "x", count: 39) + "…’"), "what was typed, cut")
    }

    @Test(
        "every number the pages show reads back as the same number",
        arguments: [
            0, 1, 7, 999, 1000, 1500, 340_000, 1_234_567, 1.5, 0.25, 1234.56, 85_000.5, -12.5, -1500, 0.001, 0.00001,
            123.456, 2.125, 123_456.789, 999_999_999_999_999, 1e15, 2.0 / 3.0,
        ])
    func roundTrip(number: Double) throws {
        let text = DutchFormat.number(number)
        #expect(try DutchFormat.parseNumber(text) == number, "\(text)")
        // Amounts to the cent, as a money field holds them.
        #expect(try DutchFormat.parseNumber(DutchFormat.money(number)) == Double(String(format: "%.2f", number)))
    }
}
