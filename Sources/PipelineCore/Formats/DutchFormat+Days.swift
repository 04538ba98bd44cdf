import Foundation

extension DutchFormat {
    /// The months as Dutch writes them, without a capital.
    public static let months = [
        "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
        "november", "december",
    ]

    /// "1 maart 2027".
    public static func day(_ date: CalendarDate) -> String {
        "\(date.day) \(months[date.month - 1]) \(date.year)"
    }

    /// The day a moment falls on (UTC), as "1 maart 2027".
    public static func day(_ moment: Date) -> String {
        CalendarDay.date(of: moment).map(day) ?? CalendarDay.text(moment)
    }

    /// A day written `2027-03-01` as "1 maart 2027"; anything that is not such a day as it is.
    public static func day(iso text: String) -> String {
        CalendarDate(iso: text).map(day) ?? text
    }
}
