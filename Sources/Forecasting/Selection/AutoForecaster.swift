/// The automatic method: classifies the series' demand and forecasts it with the method that suits the
/// class: a combination of exponential smoothing and Theta for regular demand, of intermittent-demand
/// methods for irregular demand.
public struct AutoForecaster: ForecastMethod {
    public let name = "Auto"
    public var regular: any ForecastMethod
    public var irregular: any ForecastMethod

    public init(regular: any ForecastMethod = AutoForecaster.defaultRegular,
                irregular: any ForecastMethod = AutoForecaster.defaultIrregular) {
        self.regular = regular
        self.irregular = irregular
    }

    public static let defaultRegular: any ForecastMethod =
        Combination([AutoETS(), Theta.standard, Theta.dynamicOptimised], rule: .mean, name: "ETS+Theta")
    public static let defaultIrregular: any ForecastMethod =
        BacktestSelection([Naive(), IMAPA(), TSB(), ExponentialSmoothing.simple, MovingMedian()], origins: 12, name: "Backtest(Naive,IMAPA,TSB,SES,Median12)")

    /// The method the series gets.
    public func method(for history: [Double]) -> any ForecastMethod {
        switch DemandClass.classify(history) {
        case .smooth, .erratic: regular
        case .intermittent, .lumpy: irregular
        }
    }

    public func pointForecast(_ history: [Double], period: Int, horizon: Int) -> [Double] {
        method(for: history).pointForecast(history, period: period, horizon: horizon)
    }

    public func chosen(for history: [Double], period: Int, horizon: Int) -> any ForecastMethod {
        method(for: history).chosen(for: history, period: period, horizon: horizon)
    }

    /// Whether intervals are asked for and the history is counts (whole and not negative).
    static func counts(_ history: [Double], _ levels: [Double]) -> Bool {
        !levels.isEmpty && history.allSatisfy { $0 >= 0 && $0 == $0.rounded() }
    }

    public func forecast(_ history: [Double], period: Int, horizon: Int, levels: [Double]) -> Forecast {
        let chosen = method(for: history)
        switch DemandClass.classify(history) {
        case .intermittent where Self.counts(history, levels), .lumpy where Self.counts(history, levels):
            // Counts of a part that sells now and then: a symmetric interval around a mean of 0.3 says little,
            // and a count is either inside or not. The interval is read off the recent counts' own distribution,
            // each bound the count whose cumulative share is nearest its target.
            let mean = chosen.pointForecast(history, period: period, horizon: horizon)
            return Forecast(mean: mean, intervals: levels.map { level in
                let (lower, upper) = DiscreteIntervals.central(Array(history.suffix(max(24, 2 * period))), level: level)
                return PredictionInterval(level: level, lower: Array(repeating: lower, count: horizon), upper: Array(repeating: upper, count: horizon))
            })
        default:
            return chosen.forecast(history, period: period, horizon: horizon, levels: levels)
        }
    }
}

/// Every method by the name the command line and the benchmark use.
public enum ForecastMethods {
    public static let all: [any ForecastMethod] = [
        AutoForecaster(), Naive(), SeasonalNaive(), ExponentialSmoothing.simple, ExponentialSmoothing.holt,
        ExponentialSmoothing.damped, ExponentialSmoothing.holtWinters, AutoETS(), AutoETS(fitter: ETSFitter(optimiseSeasonalStates: true), name: "AutoETS(full)"), Theta.standard, Theta.optimised,
        Theta.dynamicOptimised, AutoForecaster.defaultRegular, AutoForecaster.defaultIrregular, MovingMedian(), Croston(.classic), Croston(.sba), Croston(.optimised), TSB(), ADIDA(), IMAPA(),
    ]

    /// A method by name; `mean(A+B+C)` and `median(A+B+C)` combine named methods.
    public static func named(_ name: String) -> (any ForecastMethod)? {
        let lowered = name.lowercased()
        for rule in [Combination.Rule.mean, .median] where lowered.hasPrefix(rule.rawValue + "(") && lowered.hasSuffix(")") {
            let inner = name.dropFirst(rule.rawValue.count + 1).dropLast()
            let parts = inner.split(separator: "+").map { named(String($0)) }
            guard !parts.isEmpty, parts.allSatisfy({ $0 != nil }) else { return nil }
            return Combination(parts.map { $0! }, rule: rule, name: name)
        }
        return all.first { $0.name.lowercased() == lowered }
    }
}
