import Foundation

/// One pass of the ETS state equations over a series: the hot loop of fitting, written over raw buffers.
///
/// The update is the error-correction form shared by all error types (R's `ets.c`); the error type only
/// changes the likelihood. Seasonal indices live in a ring so that a step costs O(1).
struct ETSRecursion {
    let trend: ETSSpec.Trend
    let season: ETSSpec.Season
    let multiplicativeError: Bool
    let period: Int

    init(spec: ETSSpec, period: Int) {
        trend = spec.trend
        season = spec.season
        multiplicativeError = spec.error == .multiplicative
        self.period = spec.season == .none ? 1 : period
    }

    struct Outcome {
        var likelihood: Double
        var sumSquaredErrors: Double
        var level: Double
        var slope: Double
    }

    /// Runs the model over `y`; `ring` holds the initial seasonal indices (position 0 first) and ends with
    /// the final ones. `errors`, when given, receives each one-step error. Nil when the model breaks down
    /// (a non-positive forecast under multiplicative error or season).
    @inline(__always)
    func run(_ y: UnsafeBufferPointer<Double>, _ p: ETSParameters, level l0: Double, slope b0: Double,
             ring: UnsafeMutableBufferPointer<Double>, errors: UnsafeMutableBufferPointer<Double>? = nil) -> Outcome? {
        var l = l0
        var b = trend == .none ? 0 : b0
        let phi = trend == .damped ? p.phi : 1
        let alpha = p.alpha, betaOverAlpha = p.beta / p.alpha, gamma = p.gamma
        var sse = 0.0
        var logForecasts = 0.0
        var pos = 0
        let multiplicativeSeason = season == .multiplicative
        let seasonal = season != .none
        for t in 0..<y.count {
            let phib = phi * b
            let q = l + phib
            let sOld = seasonal ? ring[pos] : 0
            let forecast: Double
            switch season {
            case .none: forecast = q
            case .additive: forecast = q + sOld
            case .multiplicative: forecast = q * sOld
            }
            let yt = y[t]
            let e: Double
            if multiplicativeError {
                guard forecast > 1e-10 else { return nil }
                e = (yt - forecast) / forecast
                logForecasts += log(forecast)
            } else {
                e = yt - forecast
            }
            errors?[t] = e
            sse += e * e
            let deseasonalised: Double
            switch season {
            case .none: deseasonalised = yt
            case .additive: deseasonalised = yt - sOld
            case .multiplicative:
                guard abs(sOld) > 1e-10 else { return nil }
                deseasonalised = yt / sOld
            }
            let newLevel = q + alpha * (deseasonalised - q)
            if trend != .none { b = phib + betaOverAlpha * (newLevel - l - phib) }
            if seasonal {
                let target: Double
                if multiplicativeSeason {
                    guard abs(q) > 1e-10 else { return nil }
                    target = yt / q
                } else {
                    target = yt - q
                }
                ring[pos] = sOld + gamma * (target - sOld)
                pos += 1
                if pos == period { pos = 0 }
            }
            l = newLevel
        }
        guard sse.isFinite else { return nil }
        let n = Double(y.count)
        var likelihood = n * log(max(sse, 1e-300))
        if multiplicativeError { likelihood += 2 * logForecasts }
        return Outcome(likelihood: likelihood, sumSquaredErrors: sse, level: l, slope: b)
    }
}
