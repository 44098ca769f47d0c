import Foundation
import SolverSupport

/// Synthetic daily demand with known surges, to measure the surge detector: levels from 2 to 60 units a
/// day, weekday and yearly seasonality, a drifting level, gamma–Poisson (over-dispersed) counts, and
/// surges of 2–4 × demand lasting 3–10 days at random times.
public struct SurgeScenario: Sendable {
    public struct Surge: Sendable, Equatable {
        public var start: Int
        public var length: Int
        public var multiplier: Double
    }

    public var values: [Double]
    public var surges: [Surge]

    /// `surgesPerYear` on average (0 for surge-free series, to count false alarms).
    public static func generate(days: Int, surgesPerYear: Double, generator: inout SeededGenerator) -> SurgeScenario {
        let base = exp(Double.random(in: log(2.0)...log(60.0), using: &generator))
        let weekday: [Double] = [0.9, 0.85, 0.9, 0.95, 1.05, 1.2, 1.15]
        let phase = Double.random(in: 0..<(2 * .pi), using: &generator)
        let shape = 8.0 // gamma shape: variance = μ + μ²/8
        var drift = 0.0
        var surges: [Surge] = []
        var t = 60
        while surgesPerYear > 0 {
            t += Int(-log(Double.random(in: Double.ulpOfOne..<1, using: &generator)) * 365 / surgesPerYear) + 14
            if t >= days - 3 { break }
            let surge = Surge(start: t, length: Int.random(in: 3...10, using: &generator),
                              multiplier: Double.random(in: 2...4, using: &generator))
            surges.append(surge)
            t += surge.length
        }
        var values: [Double] = []
        values.reserveCapacity(days)
        for day in 0..<days {
            drift += 0.01 * generator.nextGaussian()
            drift = min(max(drift, -0.5), 0.5)
            var mu = base * weekday[day % 7] * (1 + 0.2 * sin(2 * .pi * Double(day) / 365 + phase)) * exp(drift)
            if let s = surges.first(where: { day >= $0.start && day < $0.start + $0.length }) { mu *= s.multiplier }
            // Gamma(shape, μ/shape) rate, then Poisson: a negative binomial count.
            let rate = gammaDraw(shape: shape, using: &generator) * mu / shape
            values.append(Double(generator.nextPoisson(mean: rate)))
        }
        return SurgeScenario(values: values, surges: surges)
    }

    /// Marsaglia–Tsang gamma draw (shape ≥ 1).
    static func gammaDraw(shape: Double, using generator: inout SeededGenerator) -> Double {
        let d = shape - 1.0 / 3, c = 1 / (9 * d).squareRoot()
        while true {
            let x = generator.nextGaussian()
            let v = pow(1 + c * x, 3)
            guard v > 0 else { continue }
            let u = Double.random(in: Double.ulpOfOne..<1, using: &generator)
            if log(u) < 0.5 * x * x + d - d * v + d * log(v) { return d * v }
        }
    }
}
