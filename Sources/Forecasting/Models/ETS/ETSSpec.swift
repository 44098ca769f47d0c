/// The form of an exponential smoothing state-space model (Hyndman et al. 2008): ETS(error, trend, season).
public struct ETSSpec: Sendable, Hashable, CustomStringConvertible {
    public enum Error: String, Sendable, CaseIterable { case additive = "A", multiplicative = "M" }
    public enum Trend: String, Sendable, CaseIterable { case none = "N", additive = "A", damped = "Ad" }
    public enum Season: String, Sendable, CaseIterable { case none = "N", additive = "A", multiplicative = "M" }

    public var error: Error
    public var trend: Trend
    public var season: Season

    public init(_ error: Error, _ trend: Trend, _ season: Season) {
        self.error = error
        self.trend = trend
        self.season = season
    }

    /// "ETS(M,Ad,M)".
    public var description: String { "ETS(\(error.rawValue),\(trend.rawValue),\(season.rawValue))" }

    /// Linear models with additive errors have closed-form prediction intervals ("class 1").
    var hasAnalyticVariance: Bool { error == .additive && season != .multiplicative }

    /// Additive errors with multiplicative seasonality give infinite forecast variance; R's `ets` and
    /// statsforecast leave that form out, and so do we.
    var isStable: Bool { !(error == .additive && season == .multiplicative) }

    /// The forms `AutoETS` chooses among for a series with these properties.
    public static func candidates(seasonal: Bool, positive: Bool, damped: Bool = true) -> [ETSSpec] {
        var specs: [ETSSpec] = []
        for error in Error.allCases where positive || error == .additive {
            for trend in Trend.allCases where damped || trend != .damped {
                for season in Season.allCases {
                    if !seasonal && season != .none { continue }
                    if !positive && season == .multiplicative { continue }
                    let spec = ETSSpec(error, trend, season)
                    if spec.isStable { specs.append(spec) }
                }
            }
        }
        return specs
    }
}

/// Smoothing parameters of a fitted ETS model.
public struct ETSParameters: Sendable, Equatable {
    public var alpha: Double
    public var beta: Double
    public var gamma: Double
    public var phi: Double

    public init(alpha: Double, beta: Double = 0, gamma: Double = 0, phi: Double = 1) {
        self.alpha = alpha
        self.beta = beta
        self.gamma = gamma
        self.phi = phi
    }
}
