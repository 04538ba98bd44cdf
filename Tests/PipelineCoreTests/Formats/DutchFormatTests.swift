import Foundation
import PipelineCore
import Testing

@Suite("Dutch numbers, money and days on pages and in e-mails")
struct DutchFormatTests {
    @Test(
        "numbers: a point between thousands, a comma before decimals",
        arguments: [
            (0, "0"), (7, "7"), (999, "999"), (1000, "1.000"), (340_000, "340.000"), (1_234_567, "1.234.567"),
            (1.5, "1,5"), (1234.56, "1.234,56"), (-1500, "-1.500"), (-0.5, "-0,5"), (-0.0, "0"), (0.00001, "0,00001"),
            (1e16, "10.000.000.000.000.000"), (2.0 / 3.0, "0,6666666666666666"), (250_000, "250.000"),
        ] as [(Double, String)])
    func numbers(number: Double, text: String) {
        #expect(DutchFormat.number(number) == text)
    }

    @Test(
        "counts",
        arguments: [
            (0, "0"), (28, "28"), (1000, "1.000"), (-12_345, "-12.345"), (Int.min, "-9.223.372.036.854.775.808"),
        ])
    func counts(count: Int, text: String) {
        #expect(DutchFormat.number(count) == text)
    }

    @Test(
        "numbers rounded for people: at most so many decimals, no trailing zeros",
        arguments: [(2.04, 1, "2"), (2.26, 1, "2,3"), (1234.5678, 1, "1.234,6"), (0.333333, 3, "0,333"), (7.5, 0, "8")]
            as [(Double, Int, String)])
    func rounded(number: Double, digits: Int, text: String) {
        #expect(DutchFormat.number(number, maximumFractionDigits: digits) == text)
    }

    @Test(
        "money: whole euros without cents, cents with two digits",
        arguments: [
            (85_000, "€ 85.000"), (85_000.5, "€ 85.000,50"), (0, "€ 0"), (0.05, "€ 0,05"),
            (1_234_567.891, "€ 1.234.567,89"),
            (99.999, "€ 100"), (-12.5, "€ -12,50"), (-0.001, "€ 0"), (250_000, "€ 250.000"),
        ] as [(Double, String)])
    func money(amount: Double, text: String) {
        #expect(DutchFormat.money(amount) == text)
    }

    @Test("days with the Dutch month names")
    func days() throws {
        #expect(DutchFormat.day(try #require(CalendarDate(year: 2027, month: 3, day: 1))) == "1 maart 2027")
        #expect(DutchFormat.day(try #require(CalendarDate(year: 2026, month: 12, day: 31))) == "31 december 2026")
        #expect(DutchFormat.day(iso: "2027-01-15") == "15 januari 2027")
        #expect(DutchFormat.day(iso: "2027-02-30") == "2027-02-30", "not a day: as it is")
        #expect(DutchFormat.day(Date(timeIntervalSince1970: 1_800_000_000)) == "15 januari 2027")
        #expect(DutchFormat.day(Date(timeIntervalSince1970: 1_799_971_199)) == "14 januari 2027")
        #expect(NotificationText.dutchDay("2027-08-09") == "9 augustus 2027")
        #expect(DutchFormat.months.count == 12)
    }
}
