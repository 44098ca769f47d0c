import ArgumentParser
import Forecasting
import Foundation
import SolverSupport

/// `chargemall bench inventory`: replenishment policies replayed on the car-parts demand.
struct BenchInventory: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inventory",
        abstract: "Fill rate, stock and turnover of replenishment policies replayed on car-parts demand.",
        discussion: """
            Each of the 2,509 complete series is replayed over its last --periods months with a monthly
            review; every review re-plans from the months before it only. Compares the planner (forecast
            distribution, fill-rate target) with the textbook normal safety stock on statsforecast's best
            models (Naive, IMAPA: reproduced here, same forecasts) and a naive min/max rule.
            Example: chargemall bench inventory --fill-rate 0.95 --lead-time 1
            """)

    @Option(help: "Folder holding the demand sets.") var data = "../shared/bench/demand"
    @Option(help: "Fill-rate target.") var fillRate = 0.95
    @Option(help: "Lead time in months.") var leadTime = 1
    @Option(help: "Months replayed at the end of each series.") var periods = 24
    @Option(help: "Use only the first N series.") var limit: Int?
    @Flag(help: "Print JSON instead of a table.") var json = false

    struct Row: Encodable {
        var policy: String
        var fillRate: Double
        var meanSeriesFillRate: Double
        var averageStock: Double
        var turnover: Double
        var stockoutShare: Double
        var ordersPerSeries: Double
        var seconds: Double
    }

    enum Knob { case target, multiplier }

    func replay(_ name: String, series: [DemandSeries], settings: PolicySettings,
                plan: @escaping @Sendable ([Double]) -> InventoryLevels) -> Row {
        let periods = self.periods
        let started = Date()
        let outcomes = parallelMap(series.count) { i in
            let values = series[i].values
            return PolicySimulator().run(series: values, start: max(1, values.count - periods), settings: settings, plan: plan)
        }
        let seconds = Date().timeIntervalSince(started)
        let demand = outcomes.reduce(0) { $0 + $1.demand }
        let served = outcomes.reduce(0) { $0 + $1.servedFromStock }
        let stock = outcomes.reduce(0) { $0 + $1.averageOnHand }
        let withDemand = outcomes.filter { $0.demand > 0 }
        return Row(policy: name, fillRate: served / demand,
                   meanSeriesFillRate: withDemand.reduce(0) { $0 + $1.fillRate } / Double(max(withDemand.count, 1)),
                   averageStock: stock / Double(outcomes.count),
                   turnover: served / max(stock, 1e-9) / Double(periods) * 12,
                   stockoutShare: Double(outcomes.reduce(0) { $0 + $1.stockoutPeriods }) / Double(outcomes.reduce(0) { $0 + $1.periods }),
                   ordersPerSeries: Double(outcomes.reduce(0) { $0 + $1.orders }) / Double(outcomes.count),
                   seconds: seconds)
    }

    func run() throws {
        let path = "\(data)/carparts.csv"
        guard FileManager.default.fileExists(atPath: path) else {
            throw ValidationError("no benchmark data at \(path) (see ../shared/bench/README.md)")
        }
        var loaded = try BenchmarkSets.carparts(path: path, testLength: 0)
        if let limit { loaded = Array(loaded.prefix(limit)) }
        let series = loaded
        let settings = PolicySettings(kind: .orderUpTo, target: .fillRate(fillRate), leadTimePeriods: leadTime, reviewPeriods: 1)
        let candidates: [(String, Knob?, @Sendable (Double) -> @Sendable ([Double]) -> InventoryLevels)] = [
            ("Planner (SBA or ETS+Theta, gamma)", nil, { _ in { ReplenishmentPlanner(settings: settings).levels(history: $0, period: 12) } }),
            ("Normal safety stock on Naive", .target, { beta in { NormalSafetyStockPlanner(method: Naive(), settings: settings.with(fillRate: beta)).levels(history: $0, period: 12) } }),
            ("Normal safety stock on IMAPA", .target, { beta in { NormalSafetyStockPlanner(method: IMAPA(), settings: settings.with(fillRate: beta)).levels(history: $0, period: 12) } }),
            ("Naive min/max (max over 12 months)", .multiplier, { k in { NaiveMinMaxPlanner(settings: settings).levels(history: $0, period: 12).scaled(by: k) } }),
        ]
        var rows: [Row] = []
        for (index, (name, knob, planFor)) in candidates.enumerated() {
            FileHandle.standardError.write(Data("[\(index + 1)/\(candidates.count)] \(name) on \(series.count) series…".utf8))
            let nominal = knob == .multiplier ? 1 : fillRate
            rows.append(replay(name, series: series, settings: settings, plan: planFor(nominal)))
            FileHandle.standardError.write(Data(String(format: " %.1f s\n", rows.last!.seconds).utf8))
            guard let knob else { continue }
            // Calibrated: the least stock this policy needs to reach the target in the replay.
            var lo = knob == .target ? 0.5 : 0.2, hi = knob == .target ? 0.99999 : 20
            if rows.last!.fillRate >= fillRate { hi = nominal } else { lo = nominal }
            var best: Row?
            for _ in 0..<14 {
                let mid = knob == .target ? (lo + hi) / 2 : (lo * hi).squareRoot()
                let row = replay(name + String(format: knob == .target ? ", calibrated (target %.4f)" : ", calibrated (levels ×%.2f)", mid),
                                 series: series, settings: settings, plan: planFor(mid))
                if row.fillRate >= fillRate { best = row; hi = mid } else { lo = mid }
            }
            if let best { rows.append(best) }
        }
        if json {
            try printJSON(rows)
            return
        }
        print("car parts: \(series.count) series, last \(periods) months replayed, lead time \(leadTime), monthly review, fill-rate target \(fillRate)")
        print("| policy | fill rate | mean per-series fill rate | average stock (units/series) | turnover (/year) | stock-out months | orders/series | seconds |")
        print("|---|---|---|---|---|---|---|---|")
        for r in rows {
            print(String(format: "| %@ | %.2f %% | %.2f %% | %.3f | %.2f | %.1f %% | %.1f | %.1f |", r.policy, 100 * r.fillRate,
                         100 * r.meanSeriesFillRate, r.averageStock, r.turnover, 100 * r.stockoutShare, r.ordersPerSeries, r.seconds))
        }
    }
}
