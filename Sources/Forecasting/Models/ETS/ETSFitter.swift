import Foundation

/// Fits one ETS form to a series by maximum likelihood (Nelder–Mead over the smoothing parameters and the
/// initial level and slope; initial seasonal indices from a classical decomposition of the first cycles).
public struct ETSFitter: Sendable {
    public var optimiser: NelderMead
    /// Also estimate the initial seasonal indices (as R's `ets` does) rather than keep the decomposition's.
    public var optimiseSeasonalStates: Bool

    public init(optimiser: NelderMead = NelderMead(maxEvaluations: 600, tolerance: 1e-7, restarts: 1),
                optimiseSeasonalStates: Bool = false) {
        self.optimiser = optimiser
        self.optimiseSeasonalStates = optimiseSeasonalStates
    }

    // The "usual" region of R's `ets`: 0 < β < α < 1, 0 < γ < 1 − α, 0.8 ≤ φ ≤ 0.98.
    static let lower = 1e-4
    static let upper = 0.9999
    static let phiRange = 0.8...0.98

    /// The fitted model, or nil when the form does not suit the series (too short, non-positive data for a
    /// multiplicative form, or no admissible fit).
    public func fit(_ y: [Double], period: Int, spec: ETSSpec) -> ETSModel? {
        let seasonal = spec.season != .none
        let m = seasonal ? period : 1
        if seasonal && (period < 2 || y.count < 2 * period) { return nil }
        if (spec.error == .multiplicative || spec.season == .multiplicative) && y.contains(where: { $0 <= 0 }) { return nil }
        let hasTrend = spec.trend != .none
        let smoothingCount = 1 + (hasTrend ? 1 : 0) + (seasonal ? 1 : 0) + (spec.trend == .damped ? 1 : 0)
        let parameterCount = smoothingCount + 1 + (hasTrend ? 1 : 0) + (seasonal ? m - 1 : 0) + 1
        guard y.count > parameterCount + 1 else { return nil }

        // Initial states.
        var initialSeason: [Double] = []
        var adjusted = y
        if seasonal {
            let sample = Array(y.prefix(min(y.count, 3 * m)))
            guard let indices = SeasonalDecomposition.indices(sample, period: m,
                                                             kind: spec.season == .additive ? .additive : .multiplicative)
            else { return nil }
            initialSeason = indices
            for t in adjusted.indices {
                adjusted[t] = spec.season == .additive ? y[t] - indices[t % m] : y[t] / indices[t % m]
            }
        }
        let head = Array(adjusted.prefix(min(max(10, 2 * m), adjusted.count)))
        let line = Statistics.linearTrend(head)
        let level0 = hasTrend ? line.intercept : Statistics.mean(head)
        let slope0 = hasTrend ? line.slope : 0
        let scale = max(Statistics.mean(y.map(abs)), 1e-8)

        let alpha0 = seasonal ? Self.lower + 0.2 * (Self.upper - Self.lower) / Double(m) : 0.2
        var start = [alpha0]
        var steps = [0.05]
        if hasTrend { start.append(Self.lower + 0.1 * (alpha0 - Self.lower)); steps.append(0.01) }
        if seasonal { start.append(Self.lower + 0.05 * (1 - alpha0 - Self.lower)); steps.append(0.02) }
        if spec.trend == .damped { start.append(0.97); steps.append(0.02) }
        start.append(level0); steps.append(0.1 * scale)
        if hasTrend { start.append(slope0); steps.append(0.01 * scale + 0.1 * abs(slope0)) }
        let freeSeason = seasonal && optimiseSeasonalStates
        if freeSeason {
            for k in 0..<(m - 1) {
                start.append(initialSeason[k])
                steps.append(spec.season == .additive ? 0.05 * scale : 0.05)
            }
        }
        let seasonOffset = start.count - (freeSeason ? m - 1 : 0)
        var optimiser = self.optimiser
        if freeSeason { optimiser.maxEvaluations *= 3 }

        let recursion = ETSRecursion(spec: spec, period: m)
        let ring = UnsafeMutableBufferPointer<Double>.allocate(capacity: m)
        defer { ring.deallocate() }

        func unpack(_ x: [Double]) -> (ETSParameters, Double, Double)? {
            var i = 0
            let alpha = x[i]; i += 1
            guard alpha > Self.lower, alpha < Self.upper else { return nil }
            var p = ETSParameters(alpha: alpha)
            if hasTrend {
                p.beta = x[i]; i += 1
                guard p.beta > Self.lower, p.beta < alpha else { return nil }
            }
            if seasonal {
                p.gamma = x[i]; i += 1
                guard p.gamma > Self.lower, p.gamma < 1 - alpha else { return nil }
            }
            if spec.trend == .damped {
                p.phi = x[i]; i += 1
                guard Self.phiRange.contains(p.phi) else { return nil }
            }
            let level = x[i]; i += 1
            let slope = hasTrend ? x[i] : 0
            return (p, level, slope)
        }

        // The last index follows from the others: additive indices sum to 0, multiplicative ones to m.
        func fillSeason(from x: [Double], offset: Int) -> Bool {
            var sum = 0.0
            for k in 0..<(m - 1) {
                ring[k] = x[offset + k]
                sum += ring[k]
                if spec.season == .multiplicative && ring[k] <= 0 { return false }
            }
            ring[m - 1] = spec.season == .additive ? -sum : Double(m) - sum
            return spec.season == .additive || ring[m - 1] > 0
        }

        let result: NelderMead.Result = y.withUnsafeBufferPointer { series in
            optimiser.minimise({ x in
                guard let (p, level, slope) = unpack(x) else { return .infinity }
                if freeSeason {
                    guard fillSeason(from: x, offset: seasonOffset) else { return .infinity }
                } else {
                    for k in 0..<m { ring[k] = seasonal ? initialSeason[k] : 0 }
                }
                return recursion.run(series, p, level: level, slope: slope, ring: ring)?.likelihood ?? .infinity
            }, start: start, steps: steps)
        }
        guard result.value.isFinite, let (parameters, level, slope) = unpack(result.point) else { return nil }

        if freeSeason {
            guard fillSeason(from: result.point, offset: seasonOffset) else { return nil }
        } else {
            for k in 0..<m { ring[k] = seasonal ? initialSeason[k] : 0 }
        }
        guard let outcome = y.withUnsafeBufferPointer({
            recursion.run($0, parameters, level: level, slope: slope, ring: ring)
        }) else { return nil }
        let n = y.count
        let finalSeason = seasonal ? (0..<m).map { ring[(n + $0) % m] } : []
        let k = Double(parameterCount)
        let aic = outcome.likelihood + 2 * k
        let aicc = aic + 2 * k * (k + 1) / Double(n - parameterCount - 1)
        return ETSModel(spec: spec, period: m, parameters: parameters,
                        state: ETSState(level: outcome.level, slope: outcome.slope, season: finalSeason),
                        sigma2: outcome.sumSquaredErrors / Double(max(n - parameterCount, 1)),
                        likelihood: outcome.likelihood, aicc: aicc, parameterCount: parameterCount,
                        observationCount: n)
    }
}
