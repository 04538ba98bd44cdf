import Foundation

/// A day of the calendar as people write it, `2027-03-01`, and the moment it starts (UTC).
/// Review dates and the due dates of conditions are days.
public enum CalendarDay {
    /// `2027-03-01` for any moment of that day (UTC).
    public static func text(_ date: Date) -> String {
        self.date(of: date)?.description ?? "?"
    }

    /// The day a moment falls on (UTC); `nil` outside the years 1 to 9999.
    public static func date(of moment: Date) -> CalendarDate? {
        let parts = calendar.dateComponents([.year, .month, .day], from: moment)
        return CalendarDate(year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0)
    }

    /// The start (00:00 UTC) of a day written `YYYY-MM-DD`; `nil` for anything else, such as
    /// `2027-02-30` or `2027-3-1`.
    public static func start(of text: String) -> Date? {
        guard let day = CalendarDate(iso: text) else { return nil }
        return calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))
    }

    /// The start (00:00 UTC) of the day a moment falls on.
    public static func start(ofDayContaining date: Date) -> Date { calendar.startOfDay(for: date) }

    /// The moment a day is over: the start of the next one. A condition due on a day is overdue then.
    public static func end(of day: Date) -> Date {
        calendar.date(byAdding: .day, value: 1, to: calendar.startOfDay(for: day)) ?? day
    }

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
