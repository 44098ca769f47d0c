/// Intervals for counts from their empirical distribution. A count interval [a, b] holds F(b) − F(a − 1) of
/// the outcomes, which jumps from count to count. The lower bound is the count whose share below is nearest
/// (1 − level)/2; the upper bound then makes the share held nearest `level` (with most months at zero, the
/// lower tail cannot be cut, and the interval [0, b] is one-sided), so that over many series the intervals
/// hold about `level` of the outcomes instead of always more.
public enum DiscreteIntervals {
    public static func central(_ counts: [Double], level: Double) -> (lower: Double, upper: Double) {
        guard !counts.isEmpty else { return (0, 0) }
        let sorted = counts.sorted()
        let n = Double(sorted.count)
        let values = Array(Set(sorted)).sorted()
        // F(v): share of counts at or below v; below(v): share strictly below v.
        func atOrBelow(_ v: Double) -> Double { Double(sorted.count { $0 <= v }) / n }
        func below(_ v: Double) -> Double { Double(sorted.count { $0 < v }) / n }
        let lowTarget = (1 - level) / 2
        let lower = values.min { abs(below($0) - lowTarget) < abs(below($1) - lowTarget) } ?? 0
        let base = below(lower)
        let upper = values.filter { $0 >= lower }.min { abs(atOrBelow($0) - base - level) < abs(atOrBelow($1) - base - level) } ?? lower
        return (lower, upper)
    }
}
