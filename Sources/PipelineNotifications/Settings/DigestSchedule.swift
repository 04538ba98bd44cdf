import Foundation

/// When the daily digest goes out: the operator's time of day (`07:00` by default) in the
/// Netherlands' time (Europe/Amsterdam), summer and winter time alike.
///
/// The delivery loop asks for ``digestBefore(_:)`` at every round: digest notifications written
/// before that moment are due, later ones wait for the next day's. So each person gets one digest
/// a day, with everything since the previous one, and a server that was down at the hour sends it
/// when it is back.
///
/// ```swift
/// let schedule = try DigestSchedule(parsing: "07:30")
/// schedule.digestBefore(now)   // today 07:30 in Amsterdam if that has passed, else yesterday's
/// ```
///
/// On the day summer time starts, a time that does not exist (02:00 to 02:59) is the first moment
/// after the gap (03:00); on the day it ends, a time that occurs twice is its first occurrence.
public struct DigestSchedule: Sendable, Hashable, CustomStringConvertible {
    public let hour: Int
    public let minute: Int
    public let timeZone: TimeZone

    public static let netherlands = TimeZone(identifier: "Europe/Amsterdam") ?? TimeZone(secondsFromGMT: 3_600)!

    public init(hour: Int = 7, minute: Int = 0, timeZone: TimeZone = netherlands) {
        self.hour = min(max(hour, 0), 23)
        self.minute = min(max(minute, 0), 59)
        self.timeZone = timeZone
    }

    /// Reads `HH:MM` (or `H:MM`), 00:00 to 23:59.
    public init(parsing text: String, timeZone: TimeZone = netherlands) throws(MailSetupError) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let hour = Int(parts[0]), let minute = Int(parts[1]), (0...23).contains(hour), (0...59).contains(minute)
        else {
            throw MailSetupError(
                "the digest time '\(MailSetupError.shown(text))' is not a time of day; write HH:MM, 00:00 to 23:59, e.g. 07:30"
            )
        }
        self.init(hour: hour, minute: minute, timeZone: timeZone)
    }

    /// The latest digest moment at or before `now`.
    public func digestBefore(_ now: Date) -> Date {
        let today = moment(onDayOf: now)
        if today <= now { return today }
        let yesterday = calendar.date(byAdding: .hour, value: -12, to: calendar.startOfDay(for: now)) ?? now
        return moment(onDayOf: yesterday)
    }

    /// The digest moment on the (local) day of `date`.
    func moment(onDayOf date: Date) -> Date {
        let start = calendar.startOfDay(for: date)
        return calendar.nextDate(
            after: start.addingTimeInterval(-1), matching: DateComponents(hour: hour, minute: minute, second: 0),
            matchingPolicy: .nextTime, repeatedTimePolicy: .first, direction: .forward) ?? start
    }

    private var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    /// `07:00 Europe/Amsterdam`.
    public var description: String {
        (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute) \(timeZone.identifier)"
    }
}
