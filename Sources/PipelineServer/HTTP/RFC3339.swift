import Foundation

/// Dates as JSON Schema's `date-time` (RFC 3339) has them: any fraction of a second, `Z` or an
/// offset, `T` and `Z` in either case, years 0000 to 9999, a leap second read as :59.
public enum RFC3339 {
    public static func date(from text: String) -> Date? {
        let pattern = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|([+-])(\d{2}):(\d{2}))$/
        guard let match = text.wholeMatch(of: pattern) else { return nil }
        guard let year = Int(match.1), let month = Int(match.2), let day = Int(match.3), let hour = Int(match.4),
            let minute = Int(match.5), let second = Int(match.6), (1...12).contains(month), hour < 24, minute < 60,
            second <= 60
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(
            year: year, month: month, day: day, hour: hour, minute: minute, second: min(second, 59))
        guard let date = calendar.date(from: components),
            calendar.component(.day, from: date) == day, calendar.component(.month, from: date) == month
        else { return nil }
        var offset = 0
        if let sign = match.9, let hours = Int(match.10 ?? ""), let minutes = Int(match.11 ?? "") {
            guard hours < 24, minutes < 60 else { return nil }
            offset = (hours * 3_600 + minutes * 60) * (sign == "-" ? -1 : 1)
        }
        let fraction = match.7.flatMap { Double("0" + $0) } ?? 0
        return date.addingTimeInterval(fraction - Double(offset))
    }
}
