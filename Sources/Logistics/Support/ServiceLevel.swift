import Foundation

/// A queue's service targets: how soon a person first answers, and how soon the question is solved, both
/// counted in the desk's business hours (a question asked at 23:00 is not late at 08:00).
public struct ServiceLevel: Codable, Equatable, Sendable {
    public var category: ConversationCategory
    public var firstResponseMinutes: Int
    public var resolutionMinutes: Int

    public init(category: ConversationCategory, firstResponseMinutes: Int, resolutionMinutes: Int) {
        self.category = category
        self.firstResponseMinutes = firstResponseMinutes
        self.resolutionMinutes = resolutionMinutes
    }

    /// Until an admin sets them: delays and damage are urgent, paperwork is not.
    public static func standard(_ category: ConversationCategory) -> ServiceLevel {
        switch category {
        case .whereIsMyOrder, .damaged: ServiceLevel(category: category, firstResponseMinutes: 15, resolutionMinutes: 4 * 60)
        case .addressChange, .installation: ServiceLevel(category: category, firstResponseMinutes: 30, resolutionMinutes: 8 * 60)
        case .returnOrExchange: ServiceLevel(category: category, firstResponseMinutes: 60, resolutionMinutes: 24 * 60)
        case .invoice, .other: ServiceLevel(category: category, firstResponseMinutes: 120, resolutionMinutes: 48 * 60)
        }
    }

    public static let limits = 1...(30 * 24 * 60)
}

/// The hours the desk is staffed, China time, every day of the week: [opens, closes) in minutes after midnight.
public struct BusinessHours: Equatable, Sendable, CustomStringConvertible {
    public var opens: Int
    public var closes: Int

    public static let standard = BusinessHours(opens: 9 * 60, closes: 21 * 60)!

    public init?(opens: Int, closes: Int) {
        guard 0 <= opens, opens < closes, closes <= 24 * 60 else { return nil }
        self.opens = opens
        self.closes = closes
    }

    /// "09:00-21:00".
    public init?(parsing text: String) {
        let parts = text.split(separator: "-").map { $0.split(separator: ":").compactMap { Int($0) } }
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && (0...24).contains($0[0]) && (0..<60).contains($0[1]) }) else { return nil }
        self.init(opens: parts[0][0] * 60 + parts[0][1], closes: parts[1][0] * 60 + parts[1][1])
    }

    public var description: String {
        func hm(_ minutes: Int) -> String { String(format: "%02d:%02d", minutes / 60, minutes % 60) }
        return "\(hm(opens))-\(hm(closes))"
    }

    private var minutesPerDay: Double { Double(closes - opens) }

    /// Business minutes from the start of the China day that holds `time` to `time`.
    private func businessMinutes(intoDayOf time: Date) -> (day: PlanningDay, minutes: Double) {
        let day = PlanningDay(containing: time)
        let minuteOfDay = time.timeIntervalSince(day.start) / 60
        return (day, min(max(minuteOfDay - Double(opens), 0), minutesPerDay))
    }

    /// Business minutes between two instants (0 when `to` is not after `from`).
    public func minutes(from: Date, to: Date) -> Double {
        guard to > from else { return 0 }
        let a = businessMinutes(intoDayOf: from), b = businessMinutes(intoDayOf: to)
        return Double(b.day.days - a.day.days) * minutesPerDay + b.minutes - a.minutes
    }

    /// The instant at which `minutes` of business time have passed since `start`.
    public func adding(minutes: Int, to start: Date) -> Date {
        var (day, used) = businessMinutes(intoDayOf: start)
        var left = Double(minutes)
        // Before opening, the clock starts at opening; after closing, the next morning.
        if left + used > minutesPerDay {
            left -= minutesPerDay - used
            let wholeDays = (left / minutesPerDay).rounded(.up) - 1
            day = PlanningDay(days: day.days + 1 + Int(wholeDays))
            left -= wholeDays * minutesPerDay
            used = 0
        }
        return day.start.addingTimeInterval((Double(opens) + used + left) * 60)
    }
}

/// Where one service clock stands.
public enum ServiceClockState: String, Codable, CaseIterable, Sendable {
    /// Answered (or solved) in time.
    case met
    /// Running, with more than a fifth of the target left.
    case running
    /// Running, with a fifth of the target or less left: an agent should act now.
    case atRisk
    /// Past due, answered or not.
    case breached
}

public struct ServiceClock: Codable, Equatable, Sendable {
    public var dueAt: Date
    public var state: ServiceClockState
    /// Business minutes left (negative when late); nil once met or stopped.
    public var minutesLeft: Double?
}

/// A conversation's two clocks.
public struct ConversationServiceLevel: Codable, Equatable, Sendable {
    public var firstResponse: ServiceClock
    public var resolution: ServiceClock

    /// The clock that needs attention first, if any does.
    public var worst: ServiceClockState {
        [firstResponse.state, resolution.state].max { Self.rank($0) < Self.rank($1) } ?? .met
    }

    static func rank(_ state: ServiceClockState) -> Int {
        switch state {
        case .met: 0
        case .running: 1
        case .atRisk: 2
        case .breached: 3
        }
    }
}

public enum ServiceLevelRules {
    /// A clock is at risk when this share of its target, or less, is left.
    public static let riskShare = 0.2

    public static func evaluate(_ conversation: Conversation, level: ServiceLevel, hours: BusinessHours, now: Date) -> ConversationServiceLevel {
        let solved = [.solved, .closed].contains(conversation.state) ? conversation.solvedAt ?? conversation.updatedAt : nil
        // A question the assistant settled needs no person: its first-response clock stops when it was solved.
        let answered = conversation.firstResponseAt ?? solved
        return ConversationServiceLevel(
            firstResponse: clock(start: conversation.createdAt, target: level.firstResponseMinutes, stoppedAt: answered, hours: hours, now: now),
            resolution: clock(start: conversation.createdAt, target: level.resolutionMinutes, stoppedAt: solved, hours: hours, now: now))
    }

    static func clock(start: Date, target: Int, stoppedAt: Date?, hours: BusinessHours, now: Date) -> ServiceClock {
        let due = hours.adding(minutes: target, to: start)
        if let stoppedAt { return ServiceClock(dueAt: due, state: stoppedAt <= due ? .met : .breached, minutesLeft: nil) }
        let left = now < due ? hours.minutes(from: now, to: due) : -hours.minutes(from: due, to: now)
        let state: ServiceClockState = now >= due ? .breached : left <= Double(target) * riskShare ? .atRisk : .running
        return ServiceClock(dueAt: due, state: state, minutesLeft: (left * 10).rounded() / 10)
    }
}
