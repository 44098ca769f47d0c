/// Plans one SKU in one warehouse from its weekly demand (served plus lost sales): promotion weeks are
/// taken out of the history and their uplift learnt from past occurrences of the same event, yearly
/// seasonality is taken out when two years exist, the rest is forecast by `ReplenishmentPlanner`'s method
/// (Auto) and the stock policy is computed over the supplier's lead time and the review period.
///
/// Weekly buckets: the policy reviews weekly, seven times fewer points fit seven times faster than daily
/// ones, and a spare part that sells twice a month is still a series rather than a row of zeros.
public struct WeeklyDemandPlanner: Sendable {
    public var planner: ReplenishmentPlanner
    /// The interval levels of the stored forecast.
    public var levels: [Double]

    public init(planner: ReplenishmentPlanner = ReplenishmentPlanner(), levels: [Double] = [0.8, 0.95]) {
        self.planner = planner
        self.levels = levels
    }

    /// One week of history: total demand, the week of the year (1...53) and the event that fell in it.
    public struct Week: Sendable, Equatable {
        public var demand: Double
        public var weekOfYear: Int
        public var event: String?
        public init(demand: Double, weekOfYear: Int, event: String? = nil) {
            self.demand = demand
            self.weekOfYear = weekOfYear
            self.event = event
        }
    }

    /// A week to forecast: its week of the year and a declared event with the merchant's expected uplift.
    public struct FutureWeek: Sendable, Equatable {
        public var weekOfYear: Int
        public var event: String?
        public var declaredUplift: Double?
        public init(weekOfYear: Int, event: String? = nil, declaredUplift: Double? = nil) {
            self.weekOfYear = weekOfYear
            self.event = event
            self.declaredUplift = declaredUplift
        }
    }

    public struct Plan: Sendable, Equatable {
        /// The method Auto chose for the baseline ("ETS+Theta", "SBA"...).
        public var model: String
        /// Per future week: the mean and the central intervals at `levels`, seasonality and uplift applied.
        public var forecast: Forecast
        /// The multiplier each future week got (yearly index × event uplift).
        public var factors: [Double]
        /// Uplift by event, learnt from the history (or declared when it has none).
        public var uplifts: [String: Double]
        public var yearlySeasonality: Bool
        /// Demand over lead time + review, seasonality and uplift of those weeks included.
        public var protection: DemandDistribution
        public var levels: InventoryLevels
    }

    /// The weeks of history a yearly index needs.
    public static let yearlyMinimumWeeks = 104

    public func plan(history: [Week], future: [FutureWeek]) -> Plan {
        let horizon = max(future.count, 1)
        let (cleaned, samples) = Self.withoutEvents(history)
        var uplifts: [String: Double] = [:]
        for (event, ratios) in samples where !ratios.isEmpty {
            uplifts[event] = min(max(Statistics.median(ratios), 0.2), 20)
        }
        for week in future {
            if let event = week.event, uplifts[event] == nil, let declared = week.declaredUplift { uplifts[event] = declared }
        }
        let index = history.count >= Self.yearlyMinimumWeeks ? Self.yearlyIndex(cleaned, weeks: history.map(\.weekOfYear)) : nil
        let baseline = zip(cleaned, history).map { value, week in value / (index?[week.weekOfYear] ?? 1) }
        let factors = (0..<horizon).map { h -> Double in
            guard h < future.count else { return 1 }
            let week = future[h]
            return (index?[week.weekOfYear] ?? 1) * (week.event.flatMap { uplifts[$0] } ?? 1)
        }

        let method = planner.method
        let model = (method as? AutoForecaster)?.method(for: baseline).name ?? method.name
        let span = planner.settings.protectionPeriods
        let (forecast, base) = forecastAndProtection(baseline, horizon: horizon, span: span)
        let scaled = Forecast(
            mean: zip(forecast.mean, factors).map { max(0, $0) * $1 },
            intervals: forecast.intervals.map { interval in
                PredictionInterval(level: interval.level, lower: zip(interval.lower, factors).map { max(0, $0) * $1 },
                                   upper: zip(interval.upper, factors).map { max(0, $0) * $1 })
            })

        // The span's weeks may be seasonal or promoted: scale the baseline's distribution by their mean factor.
        let spanFactor = (0..<span).map { $0 < factors.count ? factors[$0] : 1 }.reduce(0, +) / Double(max(span, 1))
        let protection = DemandDistribution(mean: base.mean * spanFactor, variance: base.variance * spanFactor * spanFactor)
        return Plan(model: model, forecast: scaled, factors: factors, uplifts: uplifts, yearlySeasonality: index != nil,
                    protection: protection, levels: planner.levels(protection: protection))
    }

    /// The forecast with its intervals and the protection span's demand from one set of rolling origins: each
    /// origin is far enough back to be scored at every step of the horizon and over the whole span, so one
    /// refit per origin serves both (half the fits of computing them apart: the nightly run's budget). The
    /// origins refit the model chosen on the whole history instead of choosing again (`chosen(for:)`): the
    /// errors are the chosen model's, at a fraction of the fits.
    /// A history too short for three such origins falls back to the method's own intervals and the
    /// planner's own protection demand.
    func forecastAndProtection(_ history: [Double], horizon: Int, span: Int) -> (Forecast, DemandDistribution) {
        let method = planner.method
        guard !history.isEmpty else {
            let zeros = [Double](repeating: 0, count: horizon)
            return (Forecast(mean: zeros, intervals: levels.map { PredictionInterval(level: $0, lower: zeros, upper: zeros) }), DemandDistribution(mean: 0, variance: 0))
        }
        let steps = max(horizon, span)
        let n = history.count
        let origins = min(planner.errorOrigins, max(0, n - steps - 3))
        guard origins >= 3 else {
            return (method.forecast(history, period: 1, horizon: horizon, levels: levels), planner.protectionDemand(history: history, period: 1))
        }
        let chosen = method.chosen(for: history, period: 1, horizon: steps)
        let mean = chosen.pointForecast(history, period: 1, horizon: steps)
        var squares = [Double](repeating: 0, count: steps)
        var spanSquares = 0.0
        for k in 0..<origins {
            let origin = n - steps - k
            let past = chosen.pointForecast(Array(history.prefix(origin)), period: 1, horizon: steps)
            for h in 0..<steps {
                let e = history[origin + h] - past[h]
                squares[h] += e * e
            }
            let actual = history[origin..<(origin + span)].reduce(0, +)
            let predicted = max(0, past.prefix(span).reduce(0, +))
            spanSquares += (actual - predicted) * (actual - predicted)
        }
        var spread = squares.map { ($0 / Double(origins)).squareRoot() }
        for h in 1..<steps { spread[h] = max(spread[h], spread[h - 1]) }
        let head = Array(mean.prefix(horizon)), width = Array(spread.prefix(horizon))
        let forecast = Forecast(mean: head, intervals: levels.map { EmpiricalIntervals.interval(mean: head, spread: width, level: $0, nonNegative: true) })
        let protection = planner.distribution(mean: max(0, mean.prefix(span).reduce(0, +)), forecastError: spanSquares / Double(origins), history: history)
        return (forecast, protection)
    }

    /// The history with each event week replaced by its baseline (the mean of up to four ordinary weeks
    /// before it, or after it at the start), and the uplift each occurrence showed over that baseline.
    static func withoutEvents(_ history: [Week]) -> (cleaned: [Double], uplifts: [String: [Double]]) {
        var cleaned = history.map(\.demand)
        var uplifts: [String: [Double]] = [:]
        let ordinary = history.indices.filter { history[$0].event == nil }
        for (i, week) in history.enumerated() {
            guard let event = week.event else { continue }
            var neighbours = ordinary.filter { $0 < i }.suffix(4)
            if neighbours.isEmpty { neighbours = ordinary.filter { $0 > i }.prefix(4) }
            guard !neighbours.isEmpty else { continue }
            let baseline = neighbours.map { history[$0].demand }.reduce(0, +) / Double(neighbours.count)
            cleaned[i] = baseline
            if baseline > 0 { uplifts[event, default: []].append(week.demand / baseline) }
        }
        return (cleaned, uplifts)
    }

    /// Multiplier per week of the year (index 1...53; 0 unused): each week against the mean of the 52 weeks
    /// around it, averaged over the years, smoothed over five weeks, shrunk towards 1 by the years seen
    /// (two years give two thirds of the estimate), normalised to a mean of 1.
    static func yearlyIndex(_ values: [Double], weeks: [Int]) -> [Double]? {
        let n = values.count
        guard n >= 52 else { return nil }
        var sums = [Double](repeating: 0, count: 54), counts = [Double](repeating: 0, count: 54)
        var prefix = [0.0]
        for v in values { prefix.append(prefix.last! + v) }
        for i in 0..<n {
            let start = min(max(0, i - 26), n - 52)
            let level = (prefix[start + 52] - prefix[start]) / 52
            guard level > 0, (1...53).contains(weeks[i]) else { continue }
            sums[weeks[i]] += values[i] / level
            counts[weeks[i]] += 1
        }
        guard counts[1...52].allSatisfy({ $0 > 0 }) else { return nil }
        let raw = (0...53).map { w -> Double in
            let key = w == 53 || w == 0 ? 52 : w
            return counts[key] > 0 ? sums[key] / counts[key] : 1
        }
        var smooth = [Double](repeating: 1, count: 54)
        for w in 1...53 {
            let around = (-2...2).map { raw[((w - 1 + $0 + 52) % 52) + 1] }
            smooth[w] = around.reduce(0, +) / 5
        }
        let years = Double(n) / 52
        let weight = years / (years + 1)
        let mean = smooth[1...52].reduce(0, +) / 52
        guard mean > 0 else { return nil }
        return smooth.map { max(0.05, 1 + weight * ($0 / mean - 1)) }
    }
}
