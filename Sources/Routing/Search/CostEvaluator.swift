/// Penalised cost: distance (and duration) at their unit costs plus penalties per unit of excess load
/// and time warp, so the search may cross infeasible solutions (PyVRP's `CostEvaluator`).
struct CostEvaluator {
    var loadPenalty: Int
    var timeWarpPenalty: Int

    @inline(__always)
    func penalised(distance: Int, duration: Int, excessLoad: Int, timeWarp: Int, vehicle: VehicleTerms) -> Int {
        distance * vehicle.unitDistanceCost + duration * vehicle.unitDurationCost + excessLoad * loadPenalty + timeWarp * timeWarpPenalty
            + vehicle.fixedCost
    }
}

/// The scalar parts of a vehicle type that price a route, copied out of `ProblemData.VehicleType` (whose
/// capacity array would cost reference counting in the search's inner loop).
struct VehicleTerms {
    var unitDistanceCost: Int
    var unitDurationCost: Int
    var fixedCost: Int
    var maxDuration: Int
    var skills: UInt64

    @inline(__always) func canServe(_ required: UInt64) -> Bool { required & ~skills == 0 }

    init(_ type: ProblemData.VehicleType) {
        skills = type.skills
        unitDistanceCost = type.unitDistanceCost
        unitDurationCost = type.unitDurationCost
        fixedCost = type.fixedCost
        maxDuration = type.maxDuration
    }
}

/// Adapts the penalties so that about `targetFeasible` of the local-search optima are feasible: too few
/// feasible → raise the penalty, too many → lower it (PyVRP's `PenaltyManager`).
struct PenaltyManager {
    var loadPenalty: Double
    var timeWarpPenalty: Double
    var targetFeasible = 0.65
    var tolerance = 0.05
    var increase = 1.5
    var decrease = 0.9
    var interval = 100
    var range = 1.0...100_000.0
    private var loadFeasible: [Bool] = []
    private var timeFeasible: [Bool] = []

    init(initial: Double) {
        loadPenalty = initial
        timeWarpPenalty = initial
    }

    var evaluator: CostEvaluator { CostEvaluator(loadPenalty: Int(loadPenalty.rounded()), timeWarpPenalty: Int(timeWarpPenalty.rounded())) }

    mutating func register(loadFeasible: Bool, timeFeasible: Bool) {
        self.loadFeasible.append(loadFeasible)
        self.timeFeasible.append(timeFeasible)
        if self.loadFeasible.count >= interval {
            loadPenalty = adjusted(loadPenalty, self.loadFeasible)
            timeWarpPenalty = adjusted(timeWarpPenalty, self.timeFeasible)
            self.loadFeasible.removeAll(keepingCapacity: true)
            self.timeFeasible.removeAll(keepingCapacity: true)
        }
    }

    private func adjusted(_ penalty: Double, _ history: [Bool]) -> Double {
        let share = Double(history.filter { $0 }.count) / Double(history.count)
        var p = penalty
        if share < targetFeasible - tolerance { p *= increase }
        if share > targetFeasible + tolerance { p *= decrease }
        return min(max(p, range.lowerBound), range.upperBound)
    }
}
