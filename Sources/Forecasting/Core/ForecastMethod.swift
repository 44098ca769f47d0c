/// A forecasting method: fits itself to a history and extrapolates it.
///
/// Methods are values (their settings), so one method serves many series, concurrently.
public protocol ForecastMethod: Sendable {
    /// A short name for tables and files ("AutoETS", "Theta", "SBA").
    var name: String { get }
    /// Point forecasts for the `horizon` periods after `history`; `period` is the seasonal period (1 = none).
    func pointForecast(_ history: [Double], period: Int, horizon: Int) -> [Double]
    /// Point forecasts with central prediction intervals at `levels` (e.g. [0.8, 0.95]).
    func forecast(_ history: [Double], period: Int, horizon: Int, levels: [Double]) -> Forecast
    /// The method as it decides for `history`: one that selects (Auto, AutoETS, a backtest) answers with what
    /// it selected, which refits its parameters on any other history but does not choose again. Re-forecasts
    /// of a history's own past (rolling origins) use it: they measure the chosen model's errors, at a fraction
    /// of the fits (AutoETS fits one form per origin instead of up to six). Others answer with themselves.
    func chosen(for history: [Double], period: Int, horizon: Int) -> any ForecastMethod
}

extension ForecastMethod {
    public func chosen(for history: [Double], period: Int, horizon: Int) -> any ForecastMethod { self }

    /// Intervals from the method's own errors when it re-forecasts the end of the history
    /// (see `EmpiricalIntervals`); methods with a likelihood override this with their own.
    public func forecast(_ history: [Double], period: Int, horizon: Int, levels: [Double]) -> Forecast {
        let mean = pointForecast(history, period: period, horizon: horizon)
        guard !levels.isEmpty else { return Forecast(mean: mean) }
        let spread = EmpiricalIntervals.errorSpread(of: self, history: history, period: period, horizon: horizon)
        return Forecast(mean: mean, intervals: levels.map {
            EmpiricalIntervals.interval(mean: mean, spread: spread, level: $0, nonNegative: history.allSatisfy { $0 >= 0 })
        })
    }
}
