import ArgumentParser
import Forecasting
import Foundation
import SolverSupport

/// `chargemall forecast`: forecasts every series of a long-format CSV with intervals.
struct ForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Forecast each series of a CSV (series,date,value) with 80 % and 95 % intervals.",
        discussion: """
            IN.csv has the header series,date,value (or unique_id,ds,y), ISO dates, one row per period. The
            frequency (daily, weekly, monthly, quarterly, yearly) is inferred from the dates and sets the
            seasonal period unless --period is given. OUT.csv has series,date,mean,lo80,hi80,lo95,hi95.
            The Auto method combines ETS and Theta for regular demand; for intermittent demand it picks the
            method with the least absolute error in a backtest (its point forecast then targets absolute
            error, e.g. zero for a part that rarely sells; use --method SBA for a mean rate).
            Examples:
              chargemall forecast sales.csv --horizon 12 --out forecast.csv --svg forecast.svg
              chargemall forecast parts.csv --horizon 6 --method SBA --out parts-forecast.csv
            """)

    @Argument(help: "Input CSV (series,date,value).") var input: String
    @Option(help: "Periods to forecast.") var horizon: Int
    @Option(help: "Seasonal period (default: from the dates: daily 7, weekly 52, monthly 12, quarterly 4).") var period: Int?
    @Option(help: "Output CSV.") var out: String
    @Option(help: "Also draw history, forecast and intervals of the first series to this SVG.") var svg: String?
    @Option(help: "How many series the SVG draws.") var svgSeries = 12
    @Option(help: "Method name (see chargemall bench forecast --help); default Auto.") var method = "Auto"

    func validate() throws {
        guard horizon >= 1 && horizon <= 10_000 else { throw ValidationError("--horizon must be between 1 and 10000") }
        if let period, period < 1 { throw ValidationError("--period must be at least 1") }
    }

    func run() throws {
        guard let forecaster = ForecastMethods.named(method) else {
            throw ValidationError("unknown method \(method); known: \(ForecastMethods.all.map(\.name).joined(separator: ", "))")
        }
        guard let data = FileManager.default.contents(atPath: input), let text = String(data: data, encoding: .utf8) else {
            throw ValidationError("cannot read \(input)")
        }
        let series: [LongFormatSeries]
        do { series = try LongFormatCSV.parse(text) } catch { throw ValidationError("\(input): \(error)") }
        guard let frequency = LongFormatCSV.frequency(of: series) else {
            throw ValidationError("cannot tell the frequency from the dates (each series needs at least two, evenly spaced, the same for all)")
        }
        let seasonalPeriod = period ?? frequency.seasonalPeriod
        let horizon = self.horizon
        FileHandle.standardError.write(Data("\(series.count) series, \(frequency.rawValue), seasonal period \(seasonalPeriod), method \(forecaster.name)\n".utf8))

        let progress = ProgressCounter(total: series.count)
        let forecasts = parallelMap(series.count) { i in
            let result = forecaster.forecast(series[i].values, period: seasonalPeriod, horizon: horizon, levels: [0.8, 0.95])
            progress.tick()
            return Self.clamped(result, nonNegative: series[i].values.allSatisfy { $0 >= 0 })
        }
        FileHandle.standardError.write(Data("\n".utf8))

        var csv = "series,date,mean,lo80,hi80,lo95,hi95\n"
        for (s, f) in zip(series, forecasts) {
            let dates = LongFormatCSV.futureDates(after: s.dates.last!, frequency: frequency, horizon: horizon)
            let i80 = f.interval(0.8)!, i95 = f.interval(0.95)!
            for h in 0..<horizon {
                csv += "\(Self.quoted(s.id)),\(LongFormatCSV.formatDate(dates[h])),\(Self.number(f.mean[h])),"
                    + "\(Self.number(i80.lower[h])),\(Self.number(i80.upper[h])),\(Self.number(i95.lower[h])),\(Self.number(i95.upper[h]))\n"
            }
        }
        try csv.write(toFile: out, atomically: true, encoding: .utf8)
        FileHandle.standardError.write(Data("wrote \(series.count * horizon) rows to \(out)\n".utf8))
        if let svg {
            let chart = ForecastChart(series: Array(series.prefix(svgSeries)), forecasts: Array(forecasts.prefix(svgSeries)),
                                      frequency: frequency)
            try chart.render().write(toFile: svg, atomically: true, encoding: .utf8)
            FileHandle.standardError.write(Data("drew \(min(svgSeries, series.count)) series to \(svg)\n".utf8))
        }
    }

    /// Demand cannot be negative: intervals and means of non-negative series stop at zero.
    static func clamped(_ forecast: Forecast, nonNegative: Bool) -> Forecast {
        guard nonNegative else { return forecast }
        var f = forecast
        f.mean = f.mean.map { max(0, $0) }
        for i in f.intervals.indices {
            f.intervals[i].lower = f.intervals[i].lower.map { max(0, $0) }
            f.intervals[i].upper = f.intervals[i].upper.map { max(0, $0) }
        }
        return f
    }

    static func number(_ x: Double) -> String { String(format: "%.4f", x) }

    static func quoted(_ s: String) -> String {
        s.contains(",") || s.contains("\"") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}

/// Counts finished series and redraws one progress line on stderr.
final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var done = 0
    private let total: Int

    init(total: Int) { self.total = total }

    func tick() {
        lock.lock()
        done += 1
        let d = done
        lock.unlock()
        if d == total || d % max(1, total / 50) == 0 {
            FileHandle.standardError.write(Data("\rforecast \(d)/\(total)".utf8))
        }
    }
}
