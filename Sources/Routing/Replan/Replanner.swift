import Foundation

/// Mid-day re-planning: new ETAs when travel times change, and a re-optimisation of the stops not yet
/// made, warm-started from the current plan, which is kept unless something better is found.
public struct Replanner: Sendable {
    public var problem: ProblemData

    public init(problem: ProblemData) { self.problem = problem }

    /// Service start times of every stop of every route under the problem's (current) travel times.
    public func etas(_ plan: Solution) -> [[Int]] {
        let checker = FeasibilityChecker(problem: problem)
        return plan.routes.map { checker.schedule($0).serviceStarts }
    }

    public struct Outcome: Sendable {
        public var plan: Solution
        /// Whether the re-optimised plan replaced the current one.
        public var changed: Bool
        public var before: Assessment
        public var after: Assessment
        public var etas: [[Int]]
        public var seconds: Double
    }

    /// How good a plan is under the current travel times: feasible plans by cost; infeasible ones by how
    /// late their visits are in total (lateness is what customers notice).
    public struct Assessment: Sendable, Comparable {
        public var feasible: Bool
        public var lateness: Int
        public var cost: Int

        public static func < (a: Assessment, b: Assessment) -> Bool {
            if a.feasible != b.feasible { return a.feasible }
            if a.lateness != b.lateness { return a.lateness < b.lateness }
            return a.cost < b.cost
        }
    }

    public func assess(_ plan: Solution, pinned: [Int: [Int]] = [:]) -> Assessment { evaluate(plan, pinned: pinned).assessment }

    /// The assessment and the ETAs, from one pass of the checker.
    private func evaluate(_ plan: Solution, pinned: [Int: [Int]] = [:]) -> (assessment: Assessment, etas: [[Int]]) {
        let report = FeasibilityChecker(problem: problem).check(plan, pinned: pinned)
        var lateness = 0
        for (route, schedule) in zip(plan.routes, report.schedules) {
            for (i, v) in route.visits.enumerated() { lateness += max(0, schedule.serviceStarts[i] - problem.client(v).twLate) }
        }
        return (Assessment(feasible: report.isFeasible, lateness: lateness, cost: report.cost), report.schedules.map(\.serviceStarts))
    }

    /// Re-optimises `plan`; `pinnedCounts[k]` stops at the start of route k are done or under way and stay.
    public func replan(_ plan: Solution, pinnedCounts: [Int: Int], options: SolverOptions) -> Outcome {
        let started = Date()
        let pinnedStops = Dictionary(uniqueKeysWithValues: pinnedCounts.map { ($0.key, Array(plan.routes[$0.key].visits.prefix($0.value))) })
        let before = evaluate(plan)
        let result = Solver(problem: problem).solve(options: options, initial: plan, pinned: pinnedCounts)
        // The solver keeps pins on routes it re-indexes; check them against the stops themselves.
        var pinsKept = true
        for (_, stops) in pinnedStops where !stops.isEmpty {
            if !result.solution.routes.contains(where: { Array($0.visits.prefix(stops.count)) == stops }) { pinsKept = false }
        }
        let after = evaluate(result.solution)
        let better = pinsKept && after.assessment < before.assessment
        let chosen = better ? after : before
        return Outcome(plan: better ? result.solution : plan, changed: better, before: before.assessment, after: chosen.assessment,
                       etas: chosen.etas, seconds: Date().timeIntervalSince(started))
    }
}

extension ProblemData {
    /// The same problem with the travel times of `arcs` multiplied by `factor` (a traffic slowdown).
    public func slowed(arcs: [(from: Int, to: Int)], factor: Double) -> ProblemData {
        let n = locationCount
        var values = [Int](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0..<n { values[i * n + j] = durations[i, j] } }
        for arc in arcs { values[arc.from * n + arc.to] = Int((Double(values[arc.from * n + arc.to]) * factor).rounded()) }
        var copy = self
        copy.durations = .dense(values: values, size: n)
        return copy
    }

    /// The depots and the first `count` clients only (for re-planning benchmarks of a given size).
    public func prefix(clients count: Int) -> ProblemData {
        let keep = depotCount + min(count, clientCount)
        func cut(_ m: TravelMatrix) -> TravelMatrix {
            var values = [Int](repeating: 0, count: keep * keep)
            for i in 0..<keep { for j in 0..<keep { values[i * keep + j] = m[i, j] } }
            return .dense(values: values, size: keep)
        }
        var types = vehicleTypes
        for t in types.indices { types[t].count = min(types[t].count, max(1, count)) }
        return ProblemData(name: "\(name)-\(count)", depots: depots, clients: Array(clients.prefix(count)), vehicleTypes: types,
                           distances: cut(distances), durations: cut(durations), costScale: costScale)
    }
}
