/// The median of the last `window` values: a robust level that ignores isolated spikes, and for
/// intermittent demand the forecast that minimises absolute error (zero while most periods are zero).
public struct MovingMedian: ForecastMethod {
    public var window: Int
    public var name: String { "Median\(window)" }

    public init(window: Int = 12) { self.window = window }

    public func pointForecast(_ history: [Double], period: Int, horizon: Int) -> [Double] {
        Array(repeating: Statistics.median(Array(history.suffix(window))).nanToZero, count: horizon)
    }
}

extension Double {
    var nanToZero: Double { isNaN ? 0 : self }
}
