/// Loading, saving and reading whole solutions, in O(1) where the solver asks after every iteration.
extension SearchRoutes {
    /// Replaces the routes with `solution`'s (routes beyond a type's count are dropped to unassigned);
    /// `pinned[k]` leading visits of the solution's route k stay where they are.
    func load(_ solution: Solution, pinned: [Int: Int] = [:]) {
        var routes = [[Int]](repeating: [], count: routeCount), pins = [Int](repeating: 0, count: routeCount)
        var nextOfType = [Int](repeating: 0, count: vehicleTypes.count)
        let firstOfType = vehicleTypes.indices.map { t in vehicleTypes[..<t].reduce(0) { $0 + $1.count } }
        for (k, route) in solution.routes.enumerated() where !route.visits.isEmpty {
            let t = route.vehicleType
            guard nextOfType[t] < vehicleTypes[t].count else { continue }
            let r = firstOfType[t] + nextOfType[t]
            nextOfType[t] += 1
            routes[r] = route.visits
            pins[r] = pinned[k] ?? 0
        }
        reset(routes, pinned: pins)
    }

    /// The clients of every route slot: a cheap copy (shared buffers) to come back to with `restore`.
    func snapshot() -> [[Int]] { visits }

    func solution() -> Solution {
        Solution(routes: (0..<routeCount).filter { !visits[$0].isEmpty }.map { .init(vehicleType: routeType[$0], visits: visits[$0]) })
    }

    var unassigned: [Int] { (problem.depotCount..<problem.locationCount).filter { routeOf[$0] < 0 } }

    func isPlanned(_ client: Int) -> Bool { routeOf[client] >= 0 }

    /// Route slot holding `client`, -1 when it is unplanned (perturbations group their removals by route).
    func route(of client: Int) -> Int { routeOf[client] }

    /// Penalised cost of all routes plus prizes of unvisited optional clients; required clients left out
    /// cost a large penalty so that they are always reinserted.
    var penalisedCost: Int { totalRouteCost + unplannedRequired << 40 + unplannedPrize }

    var isLoadFeasible: Bool { overloadedRoutes == 0 }
    var isTimeFeasible: Bool { lateRoutes == 0 }
    var isDistanceFeasible: Bool { tooLongRoutes == 0 }
    var isFeasible: Bool { overloadedRoutes == 0 && lateRoutes == 0 && tooLongRoutes == 0 && unplannedRequired == 0 }

    /// Distance of all routes in problem units.
    var distance: Int { (0..<routeCount).reduce(0) { $0 + cumulativeDistance[endNode($1)] } }
}
