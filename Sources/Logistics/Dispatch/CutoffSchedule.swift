import Foundation

/// When a warehouse plans by itself: at each cut-off (China time) the orders so far are planned for the
/// day, a wave at a time ("orders paid by 07:00 go out in the morning, by 13:00 in the afternoon").
public struct CutoffSchedule: Codable, Equatable, Sendable {
    public var warehouseId: String
    /// Minutes after local midnight, ascending; empty: the warehouse plans only on request.
    public var minutes: [Int]
    /// The solver's budget per plan.
    public var seconds: Double
    /// Publish the plan as soon as it is made (else it waits, ready, for a dispatcher).
    public var autoPublish: Bool

    public init(warehouseId: String, minutes: [Int], seconds: Double = 30, autoPublish: Bool = false) {
        self.warehouseId = warehouseId
        self.minutes = Array(Set(minutes)).sorted()
        self.seconds = seconds
        self.autoPublish = autoPublish
    }

    public func validate() throws(LogisticsError) {
        guard minutes.count <= 12 else { throw .validation(field: "times", message: "at most 12 cut-offs a day") }
        guard minutes.allSatisfy({ (0..<1440).contains($0) }) else { throw .validation(field: "times", message: "times of day, 00:00 to 23:59") }
        guard (1...120).contains(seconds) else { throw .validation(field: "seconds", message: "1 to 120") }
    }

    /// The first cut-off strictly after `time`; nil when there is none.
    public func nextRun(after time: Date) -> Date? {
        let today = PlanningDay(containing: time)
        for day in [today, PlanningDay(days: today.days + 1)] {
            if let minute = minutes.first(where: { day.at(minute: $0) > time }) { return day.at(minute: minute) }
        }
        return nil
    }

    /// "07:00"-style times.
    public var times: [String] { minutes.map { String(format: "%02d:%02d", $0 / 60, $0 % 60) } }

    /// Minutes after midnight of an "HH:MM" time; nil when it is not one.
    public static func minute(of time: String) -> Int? {
        let parts = time.split(separator: ":")
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 }), let hour = Int(parts[0]), let minute = Int(parts[1]),
              (0..<24).contains(hour), (0..<60).contains(minute) else { return nil }
        return hour * 60 + minute
    }
}

/// What made a plan: a dispatcher's request or a warehouse's cut-off.
public enum PlanTrigger: String, Codable, CaseIterable, Sendable {
    case request, cutoff
}
