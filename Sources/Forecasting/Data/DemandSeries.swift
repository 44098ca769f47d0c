import Foundation

/// A named series with its seasonal period and the split between history (fit on it) and test (never).
public struct DemandSeries: Sendable {
    public var id: String
    public var period: Int
    public var values: [Double]
    /// How many of the last values are the test part.
    public var testLength: Int

    public init(id: String, period: Int, values: [Double], testLength: Int) {
        self.id = id
        self.period = period
        self.values = values
        self.testLength = testLength
    }

    public var history: [Double] { Array(values.dropLast(testLength)) }
    public var test: [Double] { Array(values.suffix(testLength)) }
}

/// Readers for the benchmark sets in `../shared/bench/demand` (see its README).
public enum BenchmarkSets {
    public enum ReadError: Error, CustomStringConvertible {
        case missing(String)
        case malformed(String, line: Int)

        public var description: String {
            switch self {
            case .missing(let path): "no such file: \(path)"
            case .malformed(let path, let line): "\(path):\(line): malformed row"
            }
        }
    }

    /// `m3-month.csv`: `series,category,horizon,period,start_year,start_period,values` (space-separated).
    public static func m3(path: String) throws -> [DemandSeries] {
        try rows(path).enumerated().compactMap { index, line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count >= 7, let horizon = Int(fields[2]), let period = Int(fields[3]) else {
                throw ReadError.malformed(path, line: index + 2)
            }
            let values = fields[6].split(separator: " ").compactMap { Double($0) }
            guard values.count > horizon else { throw ReadError.malformed(path, line: index + 2) }
            return DemandSeries(id: String(fields[0]), period: period, values: values, testLength: horizon)
        }
    }

    /// `carparts.csv`: one part per row, one month per column, empty cells outside the observed span.
    /// With `completeOnly`, only parts observed in every month (2,509 of 2,674), as in the literature.
    public static func carparts(path: String, testLength: Int = 6, completeOnly: Bool = true) throws -> [DemandSeries] {
        try rows(path).enumerated().compactMap { index, line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count > 1 else { throw ReadError.malformed(path, line: index + 2) }
            let cells = fields.dropFirst()
            let complete = cells.allSatisfy { !$0.isEmpty }
            if completeOnly && !complete { return nil }
            let values = cells.prefix { !$0.isEmpty }.compactMap { Double($0) }
            guard values.count > testLength + 2 else { return nil }
            return DemandSeries(id: String(fields[0]), period: 12, values: values, testLength: testLength)
        }
    }

    /// The data lines of a CSV file (header dropped).
    static func rows(_ path: String) throws -> [Substring] {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ReadError.missing(path)
        }
        return Array(text.split(whereSeparator: \.isNewline).dropFirst())
    }
}
