/// Automatic exponential smoothing: fits every admissible ETS form and keeps the one with the lowest AICc
/// (Hyndman et al. 2002; R's `ets`, statsforecast's `AutoETS`).
public struct AutoETS: ForecastMethod {
    public var name: String
    public var damped: Bool
    public var fitter: ETSFitter

    public init(damped: Bool = true, fitter: ETSFitter = ETSFitter(), name: String = "AutoETS") {
        self.damped = damped
        self.fitter = fitter
        self.name = name
    }

    /// The best model by AICc; nil only when no form fits (fewer than a handful of observations).
    public func select(_ y: [Double], period: Int, among specs: [ETSSpec]? = nil) -> ETSModel? {
        let seasonal = period > 1 && period <= 24 && y.count >= 2 * period
        let positive = !y.isEmpty && y.allSatisfy { $0 > 0 }
        let candidates = specs ?? ETSSpec.candidates(seasonal: seasonal, positive: positive, damped: damped)
        var best: ETSModel?
        for spec in candidates {
            guard let model = fitter.fit(y, period: period, spec: spec), model.aicc.isFinite else { continue }
            if best == nil || model.aicc < best!.aicc { best = model }
        }
        return best
    }

    public func pointForecast(_ history: [Double], period: Int, horizon: Int) -> [Double] {
        guard let model = select(history, period: period) else {
            return Naive().pointForecast(history, period: period, horizon: horizon)
        }
        return model.pointForecast(horizon: horizon)
    }

    public func forecast(_ history: [Double], period: Int, horizon: Int, levels: [Double]) -> Forecast {
        guard let model = select(history, period: period) else {
            return Naive().forecast(history, period: period, horizon: horizon, levels: levels)
        }
        return model.forecast(horizon: horizon, levels: levels)
    }
}
