import ArgumentParser
import Forecasting
import Foundation
import SolverSupport

/// `chargemall bench forecast`: accuracy and speed of every forecasting method on a benchmark set.
struct BenchForecast: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Forecast accuracy (sMAPE, MASE) and time per method on M3 monthly or car parts.",
        discussion: """
            Reads ../shared/bench/demand (or --data). Fits each method on each series' history and scores it
            on the test part (M3: last 18 values; car parts: last 6 months, the 2,509 complete series).
            Examples:
              chargemall bench forecast --set m3-month
              chargemall bench forecast --set carparts --methods Auto,Naive,IMAPA --json
            """)

    enum BenchSet: String, ExpressibleByArgument, CaseIterable { case m3Month = "m3-month", carparts }

    @Option(help: "m3-month or carparts.") var set: BenchSet = .m3Month
    @Option(help: "Folder holding the demand sets.") var data = "../shared/bench/demand"
    @Option(help: "Comma-separated method names (default: all that suit the set).") var methods: String?
    @Option(help: "Use only the first N series (quick checks).") var limit: Int?
    @Flag(help: "Print JSON instead of a table.") var json = false
    @Flag(help: "Also compute 80 % and 95 % intervals and report how often they hold the actual value.") var intervals = false

    func run() throws {
        let path = "\(data)/\(set.rawValue).csv"
        guard FileManager.default.fileExists(atPath: path) else {
            throw ValidationError("no benchmark data at \(path) (see ../shared/bench/README.md)")
        }
        var series = set == .m3Month ? try BenchmarkSets.m3(path: path) : try BenchmarkSets.carparts(path: path)
        if let limit { series = Array(series.prefix(limit)) }
        let chosen = try selectedMethods()
        // M3 scales MASE by the seasonal naive method; car parts by the naive one (README of the data).
        let scalePeriod: (DemandSeries) -> Int = set == .m3Month ? { $0.period } : { _ in 1 }
        var rows: [ForecastScore] = []
        for (index, method) in chosen.enumerated() {
            FileHandle.standardError.write(Data("[\(index + 1)/\(chosen.count)] \(method.name) on \(series.count) series…".utf8))
            let score = ForecastScore.measure(method, on: series, scalePeriod: scalePeriod, intervals: intervals)
            FileHandle.standardError.write(Data(String(format: " %.1f s\n", score.seconds).utf8))
            rows.append(score)
        }
        ForecastScore.markWins(&rows)
        if json {
            try printJSON(rows)
        } else {
            print("set: \(set.rawValue), \(series.count) series, \(ProcessInfo.processInfo.activeProcessorCount) cores")
            print(ForecastScore.table(rows))
        }
    }

    func selectedMethods() throws -> [any ForecastMethod] {
        guard let methods else {
            let regular = ["Auto", "Naive", "SeasonalNaive", "SES", "Holt", "Damped", "HoltWinters", "AutoETS",
                           "Theta", "OptimisedTheta", "OptimisedTheta(dynamic)"]
            let irregular = ["Auto", "Naive", "SES", "Croston", "SBA", "CrostonOptimised", "TSB", "ADIDA", "IMAPA", "AutoETS"]
            return (set == .m3Month ? regular : irregular).compactMap(ForecastMethods.named)
        }
        return try methods.split(separator: ",").map { name in
            guard let method = ForecastMethods.named(String(name)) else {
                throw ValidationError("unknown method \(name); known: \(ForecastMethods.all.map(\.name).joined(separator: ", "))")
            }
            return method
        }
    }
}

/// One method's accuracy over a set.
struct ForecastScore: Encodable {
    var method: String
    var series: Int
    var sMAPE: Double
    var mase: Double
    /// Series where MASE is defined (the training part is not constant).
    var maseSeries: Int
    var rmsse: Double
    var seconds: Double
    /// Share of series where this method has the lowest MASE of those run (ties shared).
    var winShare: Double = 0
    /// Share of test values inside the 80 % and 95 % intervals (with --intervals).
    var coverage80: Double?
    var coverage95: Double?
    var perSeriesMASE: [Double?]

    enum CodingKeys: String, CodingKey { case method, series, sMAPE, mase, maseSeries, rmsse, seconds, winShare, coverage80, coverage95 }

    static func measure(_ method: any ForecastMethod, on series: [DemandSeries],
                        scalePeriod: (DemandSeries) -> Int, intervals: Bool = false) -> ForecastScore {
        let started = Date()
        let full = parallelMap(series.count) { i in
            intervals
                ? method.forecast(series[i].history, period: series[i].period, horizon: series[i].testLength, levels: [0.8, 0.95])
                : Forecast(mean: method.pointForecast(series[i].history, period: series[i].period, horizon: series[i].testLength))
        }
        let forecasts = full.map(\.mean)
        let seconds = Date().timeIntervalSince(started)
        var inside80 = 0, inside95 = 0, points = 0
        if intervals {
            for (s, f) in zip(series, full) {
                for (h, y) in s.test.enumerated() {
                    if let i = f.interval(0.8), y >= i.lower[h], y <= i.upper[h] { inside80 += 1 }
                    if let i = f.interval(0.95), y >= i.lower[h], y <= i.upper[h] { inside95 += 1 }
                    points += 1
                }
            }
        }
        var smape = 0.0, mase = 0.0, rmsse = 0.0, scaled = 0
        var perSeries: [Double?] = []
        for (s, f) in zip(series, forecasts) {
            let history = s.history, test = s.test
            smape += Metrics.sMAPE(actual: test, forecast: f)
            let m = Metrics.mase(actual: test, forecast: f, training: history, period: scalePeriod(s))
            perSeries.append(m)
            if let m, let r = Metrics.rmsse(actual: test, forecast: f, training: history, period: scalePeriod(s)) {
                mase += m
                rmsse += r
                scaled += 1
            }
        }
        let n = Double(series.count)
        return ForecastScore(method: method.name, series: series.count, sMAPE: smape / n,
                             mase: mase / Double(max(scaled, 1)), maseSeries: scaled,
                             rmsse: rmsse / Double(max(scaled, 1)), seconds: seconds,
                             coverage80: intervals ? Double(inside80) / Double(points) : nil,
                             coverage95: intervals ? Double(inside95) / Double(points) : nil, perSeriesMASE: perSeries)
    }

    static func markWins(_ rows: inout [ForecastScore]) {
        guard let count = rows.first?.perSeriesMASE.count, count > 0 else { return }
        var wins = [Double](repeating: 0, count: rows.count)
        var scored = 0
        for i in 0..<count {
            let values = rows.map { $0.perSeriesMASE[i] }
            guard let best = values.compactMap({ $0 }).min() else { continue }
            scored += 1
            let winners = values.indices.filter { values[$0].map { abs($0 - best) < 1e-12 } ?? false }
            for w in winners { wins[w] += 1 / Double(winners.count) }
        }
        for i in rows.indices { rows[i].winShare = wins[i] / Double(max(scored, 1)) }
    }

    static func table(_ rows: [ForecastScore]) -> String {
        let withCoverage = rows.contains { $0.coverage80 != nil }
        var lines = ["| method | sMAPE | MASE | RMSSE | wins | seconds |" + (withCoverage ? " in 80 % | in 95 % |" : ""),
                     "|---|---|---|---|---|---|" + (withCoverage ? "---|---|" : "")]
        for r in rows {
            var line = String(format: "| %@ | %.2f | %.3f | %.3f | %.1f %% | %.1f |", r.method, r.sMAPE, r.mase, r.rmsse,
                              100 * r.winShare, r.seconds)
            if let c80 = r.coverage80, let c95 = r.coverage95 { line += String(format: " %.1f %% | %.1f %% |", 100 * c80, 100 * c95) }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
