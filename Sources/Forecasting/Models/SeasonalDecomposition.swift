/// Classical decomposition (centred moving average): the seasonal indices of a series by cycle position.
public enum SeasonalDecomposition {
    public enum Kind: Sendable { case additive, multiplicative }

    /// Indices for positions 0..<period (position 0 = the series' first observation), normalised to sum 0
    /// (additive) or average 1 (multiplicative). Nil when the series is shorter than two cycles.
    public static func indices(_ y: [Double], period m: Int, kind: Kind) -> [Double]? {
        let n = y.count
        guard m > 1, n >= 2 * m else { return nil }
        // Centred moving average: order m when m is odd, 2×m when it is even.
        let half = m / 2
        var sums = [Double](repeating: 0, count: m)
        var counts = [Int](repeating: 0, count: m)
        for t in half..<(n - half) {
            var trend: Double
            if m % 2 == 1 {
                trend = 0
                for k in (t - half)...(t + half) { trend += y[k] }
                trend /= Double(m)
            } else {
                trend = (y[t - half] + y[t + half]) / 2
                for k in (t - half + 1)..<(t + half) { trend += y[k] }
                trend /= Double(m)
            }
            let detrended: Double
            switch kind {
            case .additive: detrended = y[t] - trend
            case .multiplicative:
                guard trend != 0 else { return nil }
                detrended = y[t] / trend
            }
            sums[t % m] += detrended
            counts[t % m] += 1
        }
        var indices = (0..<m).map { counts[$0] > 0 ? sums[$0] / Double(counts[$0]) : (kind == .additive ? 0 : 1) }
        let average = indices.reduce(0, +) / Double(m)
        switch kind {
        case .additive: indices = indices.map { $0 - average }
        case .multiplicative:
            guard average > 0 else { return nil }
            indices = indices.map { $0 / average }
        }
        return indices
    }

    /// The classic test for seasonality used by the Theta method in the M3 competition: the
    /// autocorrelation at lag `period` exceeds its 90 % limit under the hypothesis of none.
    public static func isSeasonal(_ y: [Double], period m: Int) -> Bool {
        guard m > 1, y.count >= 3 * m else { return false }
        let acf = Statistics.autocorrelations(y, maxLag: m)
        var sum = 0.0
        for k in 0..<(m - 1) { sum += acf[k] * acf[k] }
        let limit = 1.645 * ((1 + 2 * sum) / Double(y.count)).squareRoot()
        return abs(acf[m - 1]) > limit
    }
}
