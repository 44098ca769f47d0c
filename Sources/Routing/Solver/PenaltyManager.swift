/// Adapts the penalties so that about `targetFeasible` of the local-search optima are feasible: too few
/// feasible → raise the penalty, too many → lower it (PyVRP's `PenaltyManager`).
struct PenaltyManager {
    var loadPenalty: Double
    var timeWarpPenalty: Double
    var distancePenalty: Double
    var targetFeasible = 0.65
    var tolerance = 0.05
    var increase = 1.5
    var decrease = 0.9
    var interval = 100
    var range = 1.0...100_000.0
    private var loadFeasible: [Bool] = []
    private var timeFeasible: [Bool] = []
    private var distanceFeasible: [Bool] = []

    init(load: Double, timeWarp: Double, distance: Double) {
        loadPenalty = load
        timeWarpPenalty = timeWarp
        distancePenalty = distance
    }

    var evaluator: CostEvaluator {
        CostEvaluator(loadPenalty: Int(loadPenalty.rounded()), timeWarpPenalty: Int(timeWarpPenalty.rounded()), distancePenalty: Int(distancePenalty.rounded()))
    }

    mutating func register(loadFeasible: Bool, timeFeasible: Bool, distanceFeasible: Bool = true) {
        self.loadFeasible.append(loadFeasible)
        self.timeFeasible.append(timeFeasible)
        self.distanceFeasible.append(distanceFeasible)
        if self.loadFeasible.count >= interval {
            loadPenalty = adjusted(loadPenalty, self.loadFeasible)
            timeWarpPenalty = adjusted(timeWarpPenalty, self.timeFeasible)
            distancePenalty = adjusted(distancePenalty, self.distanceFeasible)
            self.loadFeasible.removeAll(keepingCapacity: true)
            self.timeFeasible.removeAll(keepingCapacity: true)
            self.distanceFeasible.removeAll(keepingCapacity: true)
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
