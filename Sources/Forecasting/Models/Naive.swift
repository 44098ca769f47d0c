/// The last value, repeated: the random walk forecast and the yardstick of MASE.
public struct Naive: ForecastMethod {
    public let name = "Naive"
    public init() {}

    public func pointForecast(_ history: [Double], period: Int, horizon: Int) -> [Double] {
        Array(repeating: history.last ?? 0, count: horizon)
    }

    public func forecast(_ history: [Double], period: Int, horizon: Int, levels: [Double]) -> Forecast {
        SeasonalNaive.randomWalkForecast(history, lag: 1, horizon: horizon, levels: levels)
    }
}

/// The value one season ago, repeated season after season.
public struct SeasonalNaive: ForecastMethod {
    public let name = "SeasonalNaive"
    public init() {}

    public func pointForecast(_ history: [Double], period: Int, horizon: Int) -> [Double] {
        let m = history.count >= period ? max(period, 1) : 1
        guard !history.isEmpty else { return Array(repeating: 0, count: horizon) }
        let lastCycle = history.suffix(m)
        return (0..<horizon).map { lastCycle[lastCycle.startIndex + $0 % m] }
    }

    public func forecast(_ history: [Double], period: Int, horizon: Int, levels: [Double]) -> Forecast {
        Self.randomWalkForecast(history, lag: history.count >= period ? max(period, 1) : 1, horizon: horizon, levels: levels)
    }

    /// A (seasonal) random walk's intervals: the variance grows with the number of whole cycles ahead.
    static func randomWalkForecast(_ history: [Double], lag: Int, horizon: Int, levels: [Double]) -> Forecast {
        guard !history.isEmpty else { return Forecast(mean: Array(repeating: 0, count: horizon)) }
        let lastCycle = history.suffix(lag)
        let mean = (0..<horizon).map { lastCycle[lastCycle.startIndex + $0 % lag] }
        var squares = 0.0
        var count = 0
        if history.count > lag {
            for t in lag..<history.count {
                let d = history[t] - history[t - lag]
                squares += d * d
                count += 1
            }
        }
        let sigma = count > 0 ? (squares / Double(count)).squareRoot() : 0
        let nonNegative = history.allSatisfy { $0 >= 0 }
        return Forecast(mean: mean, intervals: levels.map { level in
            let z = Normal.quantile(0.5 + level / 2)
            let widths = (0..<horizon).map { h in z * sigma * Double(h / lag + 1).squareRoot() }
            return PredictionInterval(level: level,
                                      lower: zip(mean, widths).map { nonNegative ? max(0, $0 - $1) : $0 - $1 },
                                      upper: zip(mean, widths).map { $0 + $1 })
        })
    }
}

/// One ETS form with its parameters estimated: simple (ANN), Holt (AAN), damped (AAdN), Holt–Winters.
public struct ExponentialSmoothing: ForecastMethod {
    public var spec: ETSSpec
    public var name: String

    public init(_ spec: ETSSpec, name: String? = nil) {
        self.spec = spec
        self.name = name ?? spec.description
    }

    public static let simple = ExponentialSmoothing(ETSSpec(.additive, .none, .none), name: "SES")
    public static let holt = ExponentialSmoothing(ETSSpec(.additive, .additive, .none), name: "Holt")
    public static let damped = ExponentialSmoothing(ETSSpec(.additive, .damped, .none), name: "Damped")
    public static let holtWinters = ExponentialSmoothing(ETSSpec(.additive, .additive, .additive), name: "HoltWinters")

    func model(_ history: [Double], period: Int) -> ETSModel? {
        var spec = self.spec
        if spec.season != .none && (period < 2 || history.count < 2 * period) { spec.season = .none }
        return ETSFitter().fit(history, period: period, spec: spec)
            ?? ETSFitter().fit(history, period: period, spec: ETSSpec(.additive, .none, .none))
    }

    public func pointForecast(_ history: [Double], period: Int, horizon: Int) -> [Double] {
        model(history, period: period)?.pointForecast(horizon: horizon)
            ?? Naive().pointForecast(history, period: period, horizon: horizon)
    }

    public func forecast(_ history: [Double], period: Int, horizon: Int, levels: [Double]) -> Forecast {
        model(history, period: period)?.forecast(horizon: horizon, levels: levels)
            ?? Naive().forecast(history, period: period, horizon: horizon, levels: levels)
    }
}
