import Foundation

/// A two-hour visit of an installer crew, China time; `available` crews are still free in it.
public struct InstallationSlot: Codable, Equatable, Sendable {
    public var start: Date
    public var end: Date
    public var available: Int

    public init(start: Date, end: Date, available: Int) {
        self.start = start
        self.end = end
        self.available = available
    }
}

/// The slots installer crews offer and how many are free: one installation per crew per slot.
public enum InstallationSlots {
    /// Slot starts, minutes after midnight China time: 09:00, 11:00, 14:00, 16:00 (a lunch break between).
    public static let starts = [9 * 60, 11 * 60, 14 * 60, 16 * 60]
    public static let minutes = 120
    /// A slot can be picked or moved until this long before it starts (the crew plans its day).
    public static let leadSeconds = 2 * 3600.0
    /// How far ahead slots are offered.
    public static let days = 14

    /// Every slot of `days` days from `from` that starts after `now` plus the lead, with the crews left.
    public static func offered(from: PlanningDay, days: Int = days, crews: Int, booked: [Date: Int], now: Date) -> [InstallationSlot] {
        (0..<days).flatMap { offset in
            starts.map { minute -> InstallationSlot in
                let start = PlanningDay(days: from.days + offset).at(minute: minute)
                return InstallationSlot(start: start, end: start.addingTimeInterval(Double(minutes * 60)), available: max(0, crews - (booked[start] ?? 0)))
            }
        }.filter { $0.start.timeIntervalSince(now) >= leadSeconds }
    }

    /// Whether `start` is the start of a slot (a time from the list, on the minute).
    public static func isSlotStart(_ start: Date) -> Bool {
        let day = PlanningDay(containing: start)
        let seconds = start.timeIntervalSince(day.start)
        return seconds.truncatingRemainder(dividingBy: 60) == 0 && starts.contains(Int(seconds / 60))
    }
}
