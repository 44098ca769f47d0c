/// Chooses, per series, the candidate with the lowest mean absolute error when re-forecasting the end of
/// the history from rolling origins (each origin forecasts `horizon` periods with only the data before it).
public struct BacktestSelection: ForecastMethod {
    public var candidates: [any ForecastMethod]
    /// How many rolling origins to score each candidate on.
    public var origins: Int
    /// Steps ahead scored from each origin; nil = the requested forecast horizon.
    public var horizon: Int?
    public var name: String

    public init(_ candidates: [any ForecastMethod], origins: Int = 6, horizon: Int? = nil, name: String? = nil) {
        precondition(!candidates.isEmpty)
        self.candidates = candidates
        self.origins = origins
        self.horizon = horizon
        self.name = name ?? "Best(" + candidates.map(\.name).joined(separator: ",") + ")"
    }

    /// The index of the winning candidate; the first wins ties, and when there is too little history.
    public func choose(_ history: [Double], period: Int, horizon requested: Int) -> Int {
        let h = horizon ?? requested
        guard h >= 1, origins >= 1 else { return 0 }
        // Latest origin first, each leaving at least 5 values to learn from.
        let starts = RollingOrigin(origins: origins, horizon: h).originIndices(count: history.count, minimumTraining: 5).reversed()
        guard !starts.isEmpty else { return 0 }
        var bestIndex = 0
        var bestError = Double.infinity
        for (index, candidate) in candidates.enumerated() {
            var error = 0.0
            for origin in starts {
                let forecast = candidate.pointForecast(Array(history.prefix(origin)), period: period, horizon: h)
                for step in 0..<h { error += abs(history[origin + step] - forecast[step]) }
            }
            if error < bestError - 1e-9 {
                bestError = error
                bestIndex = index
            }
        }
        return bestIndex
    }

    public func chosen(for history: [Double], period: Int, horizon: Int) -> any ForecastMethod {
        candidates[choose(history, period: period, horizon: horizon)].chosen(for: history, period: period, horizon: horizon)
    }

    public func pointForecast(_ history: [Double], period: Int, horizon: Int) -> [Double] {
        candidates[choose(history, period: period, horizon: horizon)].pointForecast(history, period: period, horizon: horizon)
    }

    public func forecast(_ history: [Double], period: Int, horizon: Int, levels: [Double]) -> Forecast {
        candidates[choose(history, period: period, horizon: horizon)].forecast(history, period: period, horizon: horizon, levels: levels)
    }
}
