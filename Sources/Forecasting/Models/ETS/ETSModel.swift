import Foundation
import SolverSupport

/// An ETS model fitted to a series by maximum likelihood: its form, parameters, final state and fit.
public struct ETSModel: Sendable {
    public var spec: ETSSpec
    public var period: Int
    public var parameters: ETSParameters
    /// The state after the last observation, from which forecasts start.
    public var state: ETSState
    /// Variance of the one-step errors (relative errors under multiplicative error).
    public var sigma2: Double
    /// −2 log-likelihood up to a constant, as R's `ets` reports it.
    public var likelihood: Double
    public var aicc: Double
    /// Number of estimated values: smoothing parameters, initial states and σ.
    public var parameterCount: Int
    public var observationCount: Int

    /// Point forecasts: the state carried forward with no error.
    public func pointForecast(horizon: Int) -> [Double] {
        zip(1...max(horizon, 1), trendMultipliers(horizon: horizon)).map { h, damping in
            let trended = state.level + damping * state.slope
            switch spec.season {
            case .none: return trended
            case .additive: return trended + state.season[(h - 1) % period]
            case .multiplicative: return trended * state.season[(h - 1) % period]
            }
        }
    }

    /// How many slopes the trend adds h steps ahead, for h = 1...horizon: 0 (none), h (additive) or
    /// φ + φ² + … + φʰ (damped).
    func trendMultipliers(horizon: Int) -> [Double] {
        var result: [Double] = []
        result.reserveCapacity(horizon)
        var damping = 0.0, power = 1.0
        for h in 1...max(horizon, 1) where h <= horizon {
            switch spec.trend {
            case .none: damping = 0
            case .additive: damping = Double(h)
            case .damped:
                power *= parameters.phi
                damping += power
            }
            result.append(damping)
        }
        return result
    }

    /// Point forecasts with prediction intervals: closed form for linear models with additive errors,
    /// simulated sample paths (seeded, so repeatable) otherwise.
    public func forecast(horizon: Int, levels: [Double], paths: Int = 2_000, seed: UInt64 = 1) -> Forecast {
        let mean = pointForecast(horizon: horizon)
        guard !levels.isEmpty else { return Forecast(mean: mean) }
        if spec.hasAnalyticVariance {
            let variances = analyticVariances(horizon: horizon)
            return Forecast(mean: mean, intervals: levels.map { level in
                let z = Normal.quantile(0.5 + level / 2)
                return PredictionInterval(level: level,
                                          lower: zip(mean, variances).map { $0 - z * $1.squareRoot() },
                                          upper: zip(mean, variances).map { $0 + z * $1.squareRoot() })
            })
        }
        let samples = simulate(horizon: horizon, paths: paths, seed: seed)
        var intervals = levels.map { PredictionInterval(level: $0, lower: [], upper: []) }
        for h in 0..<horizon {
            let sorted = samples[h].sorted()
            for i in intervals.indices {
                let tail = (1 - intervals[i].level) / 2
                intervals[i].lower.append(Statistics.quantile(sorted, tail))
                intervals[i].upper.append(Statistics.quantile(sorted, 1 - tail))
            }
        }
        return Forecast(mean: mean, intervals: intervals)
    }

    /// h-step forecast variances of class-1 models (Hyndman et al. 2008, table 6.1).
    func analyticVariances(horizon: Int) -> [Double] {
        let p = parameters
        var result: [Double] = []
        var sum = 0.0
        for (h, damping) in zip(1...max(horizon, 1), trendMultipliers(horizon: horizon)) {
            result.append(sigma2 * (1 + sum))
            // c_h, for the next step's variance.
            var c = p.alpha + p.beta * damping
            if spec.season != .none && h % period == 0 { c += p.gamma }
            sum += c * c
        }
        return result
    }

    /// Future values by period (`[h][path]`), drawn by running the state equations with Gaussian errors.
    public func simulate(horizon: Int, paths: Int, seed: UInt64) -> [[Double]] {
        var generator = SeededGenerator(seed: seed)
        var samples = [[Double]](repeating: [], count: horizon)
        let sigma = sigma2.squareRoot()
        let phi = spec.trend == .damped ? parameters.phi : 1
        let m = spec.season == .none ? 1 : period
        var ring = [Double](repeating: 0, count: m)
        for _ in 0..<paths {
            var l = state.level, b = state.slope
            for k in 0..<m { ring[k] = spec.season == .none ? 0 : state.season[k] }
            for h in 0..<horizon {
                let phib = spec.trend == .none ? 0 : phi * b
                let q = l + phib
                let s = ring[h % m]
                let mu: Double = spec.season == .additive ? q + s : spec.season == .multiplicative ? q * s : q
                let e = sigma * generator.nextGaussian()
                let y = spec.error == .additive ? mu + e : mu * (1 + e)
                samples[h].append(y)
                let deseasonalised = spec.season == .additive ? y - s : spec.season == .multiplicative ? y / s : y
                let newLevel = q + parameters.alpha * (deseasonalised - q)
                if spec.trend != .none { b = phib + parameters.beta / parameters.alpha * (newLevel - l - phib) }
                if spec.season != .none {
                    let target = spec.season == .additive ? y - q : y / q
                    ring[h % m] = s + parameters.gamma * (target - s)
                }
                l = newLevel
            }
        }
        return samples
    }
}
