import Foundation

/// A local calendar day of the city (China time) and its clock: plans, shifts and windows are in it.
public struct PlanningDay: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public var days: Int
    public static let utcOffsetSeconds = 8 * 3600

    public init(days: Int) { self.days = days }

    public init?(_ text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        let days = CivilDate.toDays(year: year, month: month, day: day)
        guard CivilDate.fromDays(days) == (year, month, day) else { return nil }
        self.days = days
    }

    /// The local day that contains `time`.
    public init(containing time: Date) {
        days = Int(((time.timeIntervalSince1970 + Double(Self.utcOffsetSeconds)) / 86_400).rounded(.down))
    }

    /// Local midnight.
    public var start: Date { Date(timeIntervalSince1970: Double(days * 86_400 - Self.utcOffsetSeconds)) }

    /// `minute` minutes after local midnight.
    public func at(minute: Int) -> Date { start.addingTimeInterval(Double(minute * 60)) }

    /// Seconds from local midnight to `time` (negative before the day, beyond 86 400 after it).
    public func seconds(to time: Date) -> Int { Int(time.timeIntervalSince(start).rounded()) }

    public var description: String {
        let (y, m, d) = CivilDate.fromDays(days)
        return "\(y)-\(m < 10 ? "0" : "")\(m)-\(d < 10 ? "0" : "")\(d)"
    }

    public var next: PlanningDay { PlanningDay(days: days + 1) }
}

/// Times of day as customers in China read them.
public enum ChinaClock {
    /// `HH:mm` in China time.
    public static func hourMinute(_ time: Date) -> String {
        let seconds = Int((time.timeIntervalSince1970 + Double(PlanningDay.utcOffsetSeconds)).rounded(.down))
        let minuteOfDay = ((seconds % 86_400) + 86_400) % 86_400 / 60
        let hour = minuteOfDay / 60, minute = minuteOfDay % 60
        return "\(hour < 10 ? "0" : "")\(hour):\(minute < 10 ? "0" : "")\(minute)"
    }
}
