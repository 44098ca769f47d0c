/// Rolling-origin evaluation (Tashman 2000): the method forecasts from several successive origins at the
/// end of a series, each time seeing only the data before the origin, and is scored on what followed.
public struct RollingOrigin: Sendable {
    /// Number of origins, the last one `horizon` periods before the end.
    public var origins: Int
    public var horizon: Int
    /// Periods between successive origins.
    public var step: Int

    public init(origins: Int, horizon: Int, step: Int = 1) {
        precondition(origins >= 1 && horizon >= 1 && step >= 1)
        self.origins = origins
        self.horizon = horizon
        self.step = step
    }

    public struct Scores: Sendable, Equatable {
        /// Origins actually used (fewer when the series is short).
        public var origins: Int
        public var sMAPE: Double
        /// Nil when the training part is constant at every origin.
        public var mase: Double?
        public var rmsse: Double?
        public var bias: Double
        public var meanAbsoluteError: Double
    }

    /// The origins (indices of the first forecast period) that leave at least `minimumTraining` values.
    public func originIndices(count: Int, minimumTraining: Int) -> [Int] {
        let last = count - horizon
        return (0..<origins).map { last - $0 * step }.filter { $0 >= minimumTraining }.reversed()
    }

    /// Scores averaged over origins; MASE and RMSSE are scaled with lag `period` on each origin's training data.
    public func evaluate(_ method: some ForecastMethod, on y: [Double], period: Int, minimumTraining: Int = 4) -> Scores? {
        let starts = originIndices(count: y.count, minimumTraining: minimumTraining)
        guard !starts.isEmpty else { return nil }
        var smape = 0.0, bias = 0.0, mae = 0.0
        var mase = 0.0, rmsse = 0.0, scaled = 0
        for origin in starts {
            let training = Array(y.prefix(origin))
            let actual = Array(y[origin..<(origin + horizon)])
            let forecast = method.pointForecast(training, period: period, horizon: horizon)
            smape += Metrics.sMAPE(actual: actual, forecast: forecast)
            bias += Metrics.bias(actual: actual, forecast: forecast)
            mae += Metrics.meanAbsoluteError(actual: actual, forecast: forecast)
            if let m = Metrics.mase(actual: actual, forecast: forecast, training: training, period: period),
               let r = Metrics.rmsse(actual: actual, forecast: forecast, training: training, period: period) {
                mase += m
                rmsse += r
                scaled += 1
            }
        }
        let n = Double(starts.count)
        return Scores(origins: starts.count, sMAPE: smape / n, mase: scaled > 0 ? mase / Double(scaled) : nil,
                      rmsse: scaled > 0 ? rmsse / Double(scaled) : nil, bias: bias / n, meanAbsoluteError: mae / n)
    }
}
