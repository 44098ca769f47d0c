/// Automatic exponential smoothing: fits every admissible ETS form and keeps the one with the lowest AICc
/// (Hyndman et al. 2002; R's `ets`, statsforecast's `AutoETS`).
public struct AutoETS: ForecastMethod {
    public var name: String
    public var damped: Bool
    public var fitter: ETSFitter
    /// The one form to fit (set by `chosen(for:)`); nil selects among all the forms the data allow.
    public var form: ETSSpec?

    public init(damped: Bool = true, fitter: ETSFitter = ETSFitter(), name: String = "AutoETS") {
        self.damped = damped
        self.fitter = fitter
        self.name = name
    }

    /// The best model by AICc; nil only when no form fits (fewer than a handful of observations).
    public func select(_ y: [Double], period: Int, among specs: [ETSSpec]? = nil) -> ETSModel? {
        if specs == nil, let form, let model = fitter.fit(y, period: period, spec: form), model.aicc.isFinite { return model }
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

    /// The form AICc picks for `history` (where none fits, this selector: a shorter history may still choose).
    public func chosen(for history: [Double], period: Int, horizon: Int) -> any ForecastMethod {
        guard let model = select(history, period: period) else { return self }
        var fixed = self
        fixed.form = model.spec
        return fixed
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
