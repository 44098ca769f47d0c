import Foundation

/// Series in long format, `series,date,value` (statsforecast's `unique_id,ds,y`), one row per period.
public struct LongFormatSeries: Sendable {
    public var id: String
    public var dates: [Date]
    public var values: [Double]
}

/// How far apart a series' periods are, inferred from its dates.
public enum Frequency: String, Sendable, CaseIterable {
    case daily, weekly, monthly, quarterly, yearly

    /// The usual seasonal period: a week of days, a year of weeks, months or quarters.
    public var seasonalPeriod: Int {
        switch self {
        case .daily: 7
        case .weekly: 52
        case .monthly: 12
        case .quarterly: 4
        case .yearly: 1
        }
    }

    static func infer(_ dates: [Date]) -> Frequency? {
        guard dates.count >= 2 else { return nil }
        var gaps = zip(dates.dropFirst(), dates).map { $0.timeIntervalSince($1) / 86_400 }
        gaps.sort()
        let typical = gaps[gaps.count / 2]
        switch typical {
        case 0.9...1.1: return .daily
        case 6.9...7.1: return .weekly
        case 27...32: return .monthly
        case 88...93: return .quarterly
        case 364...367: return .yearly
        default: return nil
        }
    }

    /// The date `steps` periods after `date` (calendar months for monthly and longer).
    func advance(_ date: Date, by steps: Int, calendar: Calendar) -> Date {
        switch self {
        case .daily: calendar.date(byAdding: .day, value: steps, to: date)!
        case .weekly: calendar.date(byAdding: .day, value: 7 * steps, to: date)!
        case .monthly: calendar.date(byAdding: .month, value: steps, to: date)!
        case .quarterly: calendar.date(byAdding: .month, value: 3 * steps, to: date)!
        case .yearly: calendar.date(byAdding: .year, value: steps, to: date)!
        }
    }
}

public enum LongFormatCSV {
    public enum ReadError: Error, CustomStringConvertible, Equatable {
        case header(String)
        case row(line: Int, reason: String)
        case empty

        public var description: String {
            switch self {
            case .header(let found): "the header must be series,date,value (or unique_id,ds,y); found \(found)"
            case .row(let line, let reason): "line \(line): \(reason)"
            case .empty: "no data rows"
            }
        }
    }

    static var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }

    static func parseDate(_ text: Substring) -> Date? {
        let parts = text.prefix(10).split(separator: "-")
        guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), (1...31).contains(d) else { return nil }
        let components = DateComponents(year: y, month: m, day: d)
        guard let date = calendar.date(from: components), calendar.component(.day, from: date) == d else { return nil }
        return date
    }

    public static func formatDate(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    /// Parses the text; rows may come in any order (each series is sorted by date). Fails on the first bad
    /// row, naming its line, and on a date given twice for a series.
    public static func parse(_ text: String) throws -> [LongFormatSeries] {
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated().makeIterator()
        guard let (_, headerLine) = lines.next() else { throw ReadError.empty }
        let header = headerLine.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard header == ["series", "date", "value"] || header == ["unique_id", "ds", "y"] else {
            throw ReadError.header(String(headerLine))
        }
        var order: [String] = []
        var rows: [String: [(Date, Double)]] = [:]
        while let (index, line) = lines.next() {
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            let lineNumber = index + 1
            guard fields.count == 3 else { throw ReadError.row(line: lineNumber, reason: "expected 3 fields, found \(fields.count)") }
            let id = String(fields[0]).trimmingCharacters(in: .whitespaces)
            guard !id.isEmpty else { throw ReadError.row(line: lineNumber, reason: "empty series name") }
            guard let date = parseDate(fields[1].drop { $0 == " " }) else {
                throw ReadError.row(line: lineNumber, reason: "date \(fields[1]) is not an ISO date (YYYY-MM-DD)")
            }
            guard let value = Double(fields[2].trimmingCharacters(in: .whitespaces)), value.isFinite else {
                throw ReadError.row(line: lineNumber, reason: "value \(fields[2]) is not a number")
            }
            if rows[id] == nil { order.append(id) }
            rows[id, default: []].append((date, value))
        }
        guard !order.isEmpty else { throw ReadError.empty }
        return try order.map { id in
            let sorted = rows[id]!.sorted { $0.0 < $1.0 }
            for (a, b) in zip(sorted, sorted.dropFirst()) where a.0 == b.0 {
                throw ReadError.row(line: 0, reason: "series \(id) has \(formatDate(a.0)) twice")
            }
            return LongFormatSeries(id: id, dates: sorted.map(\.0), values: sorted.map(\.1))
        }
    }

    /// The frequency shared by all series (nil when it cannot be told or they differ).
    public static func frequency(of series: [LongFormatSeries]) -> Frequency? {
        let found = Set(series.compactMap { Frequency.infer($0.dates) })
        return found.count == 1 ? found.first : nil
    }

    /// Future dates after a series' last one.
    public static func futureDates(after last: Date, frequency: Frequency, horizon: Int) -> [Date] {
        (1...max(horizon, 1)).prefix(horizon).map { frequency.advance(last, by: $0, calendar: calendar) }
    }
}
