import Foundation

/// The distribution of demand over a span of periods (the lead time plus a review period), as a gamma
/// distribution: non-negative and right-skewed, which suits lumpy demand, and close to normal when demand
/// is steady. A zero mean is a point mass at zero.
public struct DemandDistribution: Sendable, Equatable {
    public var mean: Double
    public var variance: Double

    public init(mean: Double, variance: Double) {
        self.mean = max(mean, 0)
        // A gamma needs some spread; a Poisson-like floor keeps tiny variances from collapsing it.
        self.variance = max(variance, 1e-9, self.mean * 1e-6)
    }

    var shape: Double { mean * mean / variance }
    var scale: Double { variance / mean }

    public func cdf(_ x: Double) -> Double {
        guard mean > 0 else { return x >= 0 ? 1 : 0 }
        guard x > 0 else { return 0 }
        return Gamma.regularizedLower(shape, x / scale)
    }

    /// The smallest x with P(D ≤ x) ≥ p.
    public func quantile(_ p: Double) -> Double {
        guard mean > 0 else { return 0 }
        var lo = 0.0, hi = mean + 10 * variance.squareRoot() + 1
        while cdf(hi) < p { hi *= 2 }
        for _ in 0..<100 {
            let mid = (lo + hi) / 2
            if cdf(mid) < p { lo = mid } else { hi = mid }
            if hi - lo < 1e-9 * max(1, hi) { break }
        }
        return hi
    }

    /// E[(D − x)⁺]: the demand expected to exceed a stock of x.
    public func expectedShortage(_ x: Double) -> Double {
        guard mean > 0 else { return 0 }
        guard x > 0 else { return mean - x }
        let k = shape, theta = scale
        // For a gamma, E[D·1{D > x}] = mean · (1 − F_{k+1}(x)).
        return mean * (1 - Gamma.regularizedLower(k + 1, x / theta)) - x * (1 - Gamma.regularizedLower(k, x / theta))
    }
}

/// The regularised lower incomplete gamma function P(a, x) (Numerical Recipes: series below a + 1,
/// continued fraction above).
enum Gamma {
    static func regularizedLower(_ a: Double, _ x: Double) -> Double {
        guard x > 0 else { return 0 }
        let logPrefix = a * log(x) - x - lgamma(a)
        if x < a + 1 {
            var sum = 1 / a, term = 1 / a, n = a
            for _ in 0..<10_000 {
                n += 1
                term *= x / n
                sum += term
                if abs(term) < abs(sum) * 1e-15 { break }
            }
            return min(1, sum * exp(logPrefix))
        }
        // Lentz's continued fraction for Q(a, x).
        let tiny = 1e-300
        var b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d
        for i in 1..<10_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return max(0, 1 - exp(logPrefix) * h)
    }
}
