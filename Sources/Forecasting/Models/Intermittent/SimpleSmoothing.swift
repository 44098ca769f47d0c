/// Simple exponential smoothing as the intermittent-demand methods use it: the first value starts the
/// level, and the smoothing constant is fixed or chosen by one-step squared error within a range.
enum SimpleSmoothing {
    /// The level after smoothing all of `x` (the forecast of the next value).
    static func level(_ x: [Double], alpha: Double) -> Double {
        guard var level = x.first else { return 0 }
        for value in x.dropFirst() { level += alpha * (value - level) }
        return level
    }

    static func squaredError(_ x: [Double], alpha: Double) -> Double {
        guard var level = x.first else { return 0 }
        var sse = 0.0
        for value in x.dropFirst() {
            sse += (value - level) * (value - level)
            level += alpha * (value - level)
        }
        return sse
    }

    /// The level with α chosen in `range` by golden-section search on the one-step squared error.
    static func optimisedLevel(_ x: [Double], range: ClosedRange<Double> = 0.1...0.3) -> Double {
        guard x.count > 2 else { return level(x, alpha: range.lowerBound) }
        let ratio = (5.0.squareRoot() - 1) / 2
        var a = range.lowerBound, b = range.upperBound
        var c = b - ratio * (b - a), d = a + ratio * (b - a)
        var fc = squaredError(x, alpha: c), fd = squaredError(x, alpha: d)
        for _ in 0..<20 {
            if fc < fd {
                b = d; d = c; fd = fc
                c = b - ratio * (b - a); fc = squaredError(x, alpha: c)
            } else {
                a = c; c = d; fc = fd
                d = a + ratio * (b - a); fd = squaredError(x, alpha: d)
            }
        }
        return level(x, alpha: (a + b) / 2)
    }
}

/// Demand sizes and the intervals between them (periods since the previous demand; the first counts
/// from the start of the series).
func demandSizesAndIntervals(_ y: [Double]) -> (sizes: [Double], intervals: [Double]) {
    var sizes: [Double] = [], intervals: [Double] = []
    var last = -1
    for (t, value) in y.enumerated() where value != 0 {
        sizes.append(value)
        intervals.append(Double(t - last))
        last = t
    }
    return (sizes, intervals)
}
