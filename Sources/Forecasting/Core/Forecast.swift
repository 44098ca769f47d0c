/// Point forecasts for the periods after a series' last observation, with prediction intervals.
public struct Forecast: Sendable, Equatable {
    /// The expected value of each future period, `mean[0]` being the period right after the history.
    public var mean: [Double]
    /// Central prediction intervals, one per requested level (0.8, 0.95...), in the order requested.
    public var intervals: [PredictionInterval]

    public init(mean: [Double], intervals: [PredictionInterval] = []) {
        self.mean = mean
        self.intervals = intervals
    }

    public var horizon: Int { mean.count }

    /// The interval at `level`, if it was computed.
    public func interval(_ level: Double) -> PredictionInterval? {
        intervals.first { abs($0.level - level) < 1e-9 }
    }
}

/// A central interval holding the future value with probability `level` (0 < level < 1).
public struct PredictionInterval: Sendable, Equatable {
    public var level: Double
    public var lower: [Double]
    public var upper: [Double]

    public init(level: Double, lower: [Double], upper: [Double]) {
        self.level = level
        self.lower = lower
        self.upper = upper
    }
}
