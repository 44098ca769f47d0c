import Foundation

/// The Theta method (Assimakopoulos & Nikolopoulos 2000) in its state-space form (Hyndman & Billah 2003;
/// Fiorucci et al. 2016): simple exponential smoothing plus a share (1 − 1/θ) of the least-squares trend.
///
/// Seasonal series are first divided by classical multiplicative indices when the lag-`period`
/// autocorrelation is significant (90 %), as in the M3 competition. `standard` fixes θ = 2 (STM);
/// `optimised` also estimates θ (OTM). With `dynamic`, the trend is re-estimated at each step (DSTM/DOTM).
public struct Theta: ForecastMethod {
    public var theta: Double?
    public var dynamic: Bool
    public var name: String

    public init(theta: Double? = 2, dynamic: Bool = false, name: String? = nil) {
        self.theta = theta
        self.dynamic = dynamic
        self.name = name ?? ((theta == nil ? "OptimisedTheta" : "Theta") + (dynamic ? "(dynamic)" : ""))
    }

    public static let standard = Theta()
    public static let optimised = Theta(theta: nil)
    public static let dynamicOptimised = Theta(theta: nil, dynamic: true)

    /// A fitted Theta model on the seasonally adjusted scale.
    public struct Fit: Sendable {
        public var alpha: Double
        public var theta: Double
        public var level: Double
        public var intercept: Double
        public var slope: Double
        public var observationCount: Int
        public var meanSquaredError: Double
        /// Multiplicative seasonal indices by cycle position of the next period (empty when not seasonal).
        public var season: [Double]
    }

    public func fit(_ history: [Double], period: Int) -> Fit {
        var y = history
        var season: [Double] = []
        if period > 1, history.allSatisfy({ $0 > 0 }), SeasonalDecomposition.isSeasonal(history, period: period),
           let indices = SeasonalDecomposition.indices(history, period: period, kind: .multiplicative) {
            for t in y.indices { y[t] /= indices[t % period] }
            season = (0..<period).map { indices[(history.count + $0) % period] }
        }
        let n = y.count
        guard n >= 3 else {
            return Fit(alpha: 0.5, theta: theta ?? 2, level: y.last ?? 0, intercept: y.last ?? 0, slope: 0,
                       observationCount: n, meanSquaredError: 0, season: season)
        }
        let line = Statistics.linearTrend(y)
        let scale = max(Statistics.mean(y.map(abs)), 1e-8)
        let optimiseTheta = theta == nil
        let objective: ([Double]) -> Double = { x in
            let alpha = x[0], level0 = x[1]
            let th = optimiseTheta ? x[2] : theta!
            guard alpha > 0.01, alpha < 0.99, th >= 1, th <= 30 else { return .infinity }
            return y.withUnsafeBufferPointer {
                Self.run($0, alpha: alpha, theta: th, level0: level0, line: line, dynamic: dynamic).mse
            }
        }
        var start = [0.5, y[0] / 2]
        var steps = [0.1, 0.1 * scale]
        if optimiseTheta { start.append(2); steps.append(0.5) }
        let best = NelderMead(maxEvaluations: 400, tolerance: 1e-8, restarts: 1).minimise(objective, start: start, steps: steps)
        let alpha = best.point[0], th = optimiseTheta ? best.point[2] : theta!
        let outcome = y.withUnsafeBufferPointer {
            Self.run($0, alpha: alpha, theta: th, level0: best.point[1], line: line, dynamic: dynamic)
        }
        return Fit(alpha: alpha, theta: th, level: outcome.level, intercept: outcome.intercept, slope: outcome.slope,
                   observationCount: n, meanSquaredError: outcome.mse, season: season)
    }

    /// One pass of the model: the final level, the trend it ends with and the mean squared one-step error.
    static func run(_ y: UnsafeBufferPointer<Double>, alpha: Double, theta: Double, level0: Double,
                    line: (intercept: Double, slope: Double), dynamic: Bool)
        -> (level: Double, intercept: Double, slope: Double, mse: Double) {
        var level = level0
        var a = line.intercept, b = line.slope
        var sse = 0.0
        let share = 1 - 1 / theta
        var decay = 1.0 // (1 − α)^t
        // Running sums for the dynamic least-squares line.
        var sumY = 0.0, sumTY = 0.0
        if dynamic { a = y[0]; b = 0 }
        for t in 0..<y.count {
            let forecast = level + share * (decay * a + (1 - decay * (1 - alpha)) / alpha * b)
            let e = y[t] - forecast
            if t > 0 || !dynamic { sse += e * e }
            level = alpha * y[t] + (1 - alpha) * level
            decay *= 1 - alpha
            if dynamic {
                let tt = Double(t + 1)
                sumY += y[t]
                sumTY += tt * y[t]
                if t >= 1 {
                    // OLS of y on 1...tt, from running sums.
                    let meanT = (tt + 1) / 2, meanY = sumY / tt
                    let sxx = tt * (tt * tt - 1) / 12
                    b = (sumTY - tt * meanT * meanY) / sxx
                    a = meanY - b * meanT
                } else {
                    a = y[0]
                }
            }
        }
        return (level, a, b, sse / Double(y.count))
    }

    public func pointForecast(_ history: [Double], period: Int, horizon: Int) -> [Double] {
        let fit = fit(history, period: period)
        return Self.extrapolate(fit, horizon: horizon)
    }

    static func extrapolate(_ fit: Fit, horizon: Int) -> [Double] {
        let n = Double(fit.observationCount)
        let alpha = fit.alpha
        let decay = pow(1 - alpha, n)
        let share = 1 - 1 / fit.theta
        return (1...max(horizon, 1)).prefix(horizon).map { h in
            var value = fit.level + share * (decay * fit.intercept
                + (Double(h - 1) + (1 - decay * (1 - alpha)) / alpha) * fit.slope)
            if !fit.season.isEmpty { value *= fit.season[(h - 1) % fit.season.count] }
            return value
        }
    }

    /// Intervals of the equivalent SES-with-drift model: variance σ²(1 + (h − 1)α²) (Hyndman & Billah 2003).
    public func forecast(_ history: [Double], period: Int, horizon: Int, levels: [Double]) -> Forecast {
        let fit = fit(history, period: period)
        let mean = Self.extrapolate(fit, horizon: horizon)
        let nonNegative = history.allSatisfy { $0 >= 0 }
        return Forecast(mean: mean, intervals: levels.map { level in
            let z = Normal.quantile(0.5 + level / 2)
            var lower: [Double] = [], upper: [Double] = []
            for h in 0..<horizon {
                let factor = fit.season.isEmpty ? 1 : fit.season[h % fit.season.count]
                let sd = (fit.meanSquaredError * (1 + Double(h) * fit.alpha * fit.alpha)).squareRoot() * factor
                lower.append(nonNegative ? max(0, mean[h] - z * sd) : mean[h] - z * sd)
                upper.append(mean[h] + z * sd)
            }
            return PredictionInterval(level: level, lower: lower, upper: upper)
        })
    }
}
