/// A forecast combination: the mean or median of several methods' forecasts, period by period. Simple
/// combinations of ETS and Theta are among the most accurate methods on the M3 and M4 data.
public struct Combination: ForecastMethod {
    public enum Rule: String, Sendable { case mean, median }

    public var methods: [any ForecastMethod]
    public var rule: Rule
    public var name: String

    public init(_ methods: [any ForecastMethod], rule: Rule = .mean, name: String? = nil) {
        self.methods = methods
        self.rule = rule
        self.name = name ?? "\(rule.rawValue.capitalized)(" + methods.map(\.name).joined(separator: ",") + ")"
    }

    public func chosen(for history: [Double], period: Int, horizon: Int) -> any ForecastMethod {
        Combination(methods.map { $0.chosen(for: history, period: period, horizon: horizon) }, rule: rule, name: name)
    }

    public func pointForecast(_ history: [Double], period: Int, horizon: Int) -> [Double] {
        let forecasts = methods.map { $0.pointForecast(history, period: period, horizon: horizon) }
        return (0..<horizon).map { h in
            let values = forecasts.map { $0[h] }
            return rule == .mean ? Statistics.mean(values) : Statistics.median(values)
        }
    }
}
