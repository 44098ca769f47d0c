/// ADIDA (Nikolopoulos et al. 2011): sums demand over buckets as long as the mean interval between demands,
/// which makes the series less intermittent, smooths that, and spreads the forecast back over the periods.
public struct ADIDA: ForecastMethod {
    public let name = "ADIDA"
    public init() {}

    public func pointForecast(_ history: [Double], period: Int, horizon: Int) -> [Double] {
        let level = aggregationLevel(history)
        return Array(repeating: aggregatedRate(history, level: level), count: horizon)
    }
}

/// IMAPA (Petropoulos & Kourentzes 2015): the ADIDA forecast at every aggregation level from 1 to the mean
/// interval between demands, averaged.
public struct IMAPA: ForecastMethod {
    public let name = "IMAPA"
    public init() {}

    public func pointForecast(_ history: [Double], period: Int, horizon: Int) -> [Double] {
        let top = aggregationLevel(history)
        let rates = (1...top).map { aggregatedRate(history, level: $0) }
        return Array(repeating: Statistics.mean(rates), count: horizon)
    }
}

/// The mean interval between demands, rounded (at least 1).
func aggregationLevel(_ y: [Double]) -> Int {
    let (_, intervals) = demandSizesAndIntervals(y)
    guard !intervals.isEmpty else { return 1 }
    return max(1, Int(Statistics.mean(intervals).rounded()))
}

/// Per-period rate from smoothing non-overlapping sums of `level` periods, aligned to the series' end.
func aggregatedRate(_ y: [Double], level: Int) -> Double {
    guard y.contains(where: { $0 != 0 }) else { return 0 }
    let usable = (y.count / level) * level
    guard usable >= level else { return Statistics.mean(y) }
    let tail = y.suffix(usable)
    var buckets: [Double] = []
    buckets.reserveCapacity(usable / level)
    var index = tail.startIndex
    while index < tail.endIndex {
        buckets.append(tail[index..<(index + level)].reduce(0, +))
        index += level
    }
    return SimpleSmoothing.optimisedLevel(buckets) / Double(level)
}
