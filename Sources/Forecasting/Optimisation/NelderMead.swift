/// Derivative-free minimisation (Nelder & Mead 1965) with restarts, for likelihoods of a few parameters.
///
/// The objective may return `.infinity` outside the admissible region: the simplex then contracts away
/// from it, which is how bounds are kept (as in R's `ets` and statsforecast).
public struct NelderMead: Sendable {
    public var maxEvaluations: Int
    /// Converged when the simplex's values differ by less than this (relative).
    public var tolerance: Double
    /// Restarts from the best point with a fresh simplex, to escape a collapsed one.
    public var restarts: Int

    public init(maxEvaluations: Int = 1_000, tolerance: Double = 1e-8, restarts: Int = 1) {
        self.maxEvaluations = maxEvaluations
        self.tolerance = tolerance
        self.restarts = restarts
    }

    public struct Result: Sendable {
        public var point: [Double]
        public var value: Double
        public var evaluations: Int
    }

    /// Minimises `f` from `start`; `steps[i]` is the initial simplex's extent along coordinate i.
    public func minimise(_ f: ([Double]) -> Double, start: [Double], steps: [Double]) -> Result {
        var best = Result(point: start, value: f(start), evaluations: 1)
        for _ in 0...restarts {
            let run = simplexSearch(f, start: best.point, steps: steps, budget: maxEvaluations - best.evaluations)
            let improved = run.value < best.value - tolerance * (abs(best.value) + tolerance)
            best = Result(point: run.value <= best.value ? run.point : best.point,
                          value: min(run.value, best.value),
                          evaluations: best.evaluations + run.evaluations)
            if !improved || best.evaluations >= maxEvaluations { break }
        }
        return best
    }

    private func simplexSearch(_ f: ([Double]) -> Double, start: [Double], steps: [Double], budget: Int) -> Result {
        let n = start.count
        var simplex = [start]
        for i in 0..<n {
            var p = start
            p[i] += steps[i]
            simplex.append(p)
        }
        var values = simplex.map(f)
        var evaluations = n + 1
        var centroid = [Double](repeating: 0, count: n)
        var trial = [Double](repeating: 0, count: n)

        func point(_ coefficient: Double, _ worst: [Double]) -> [Double] {
            for i in 0..<n { trial[i] = centroid[i] + coefficient * (worst[i] - centroid[i]) }
            return trial
        }

        while evaluations < budget {
            // Order: best first, worst last.
            let order = values.indices.sorted { values[$0] < values[$1] }
            simplex = order.map { simplex[$0] }
            values = order.map { values[$0] }
            let spread = abs(values[n] - values[0])
            if spread <= tolerance * (abs(values[0]) + tolerance) && values[n].isFinite { break }

            for i in 0..<n {
                var s = 0.0
                for j in 0..<n { s += simplex[j][i] }
                centroid[i] = s / Double(n)
            }
            let worst = simplex[n]
            let reflected = point(-1, worst)
            let fr = f(reflected); evaluations += 1
            if fr < values[0] {
                let expanded = point(-2, worst)
                let fe = f(expanded); evaluations += 1
                if fe < fr { simplex[n] = expanded; values[n] = fe } else { simplex[n] = reflected; values[n] = fr }
            } else if fr < values[n - 1] {
                simplex[n] = reflected; values[n] = fr
            } else {
                let outside = fr < values[n]
                let contracted = point(outside ? -0.5 : 0.5, worst)
                let fc = f(contracted); evaluations += 1
                if fc < (outside ? fr : values[n]) {
                    simplex[n] = contracted; values[n] = fc
                } else {
                    // Shrink towards the best point.
                    for j in 1...n {
                        for i in 0..<n { simplex[j][i] = simplex[0][i] + 0.5 * (simplex[j][i] - simplex[0][i]) }
                        values[j] = f(simplex[j])
                    }
                    evaluations += n
                }
            }
        }
        let bestIndex = values.indices.min { values[$0] < values[$1] }!
        return Result(point: simplex[bestIndex], value: values[bestIndex], evaluations: evaluations)
    }
}
