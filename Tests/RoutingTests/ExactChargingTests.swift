import SolverSupport
import Testing
@testable import Routing

/// Routes with two stations that both charging policies time late, though charging part of the energy at
/// the first station, inside a wait, is on time: the search asks the exact evaluator about the routes it
/// builds (`ExactCharging`) and keeps them.
@Suite("exact charging in the search")
struct ExactChargingTests {
    /// The road of `ElectricTests`: S1 at 2, C1 at 4 (open 10 to 10), S2 at 6, C2 at 8 (closes at 40), home
    /// at 0; battery 10, 5 time units per unit of energy. The route S1 C1 S2 C2 drives 16 and must charge 6.
    /// Charging x at S1: C1 is reached at 4 + 5x (at most 10, so x ≤ 1.2) and C2 at 10 + 34 − 5x (at most 40,
    /// so x ≥ 0.8). Early (full at S1, x = 2) reaches C1 at 14; late (nothing at S1) reaches C2 at 44. The
    /// stations close at 15, so no van charges after C2 (C1 S2 C2 S2 would otherwise serve both on time).
    static let road = EVRPTWInstance(
        name: "two stations",
        locations: [.init(id: "D0", kind: .depot, x: 0, y: 0, due: 1_000),
                    .init(id: "S1", kind: .station, x: 0, y: 2, due: 15),
                    .init(id: "C1", kind: .customer, x: 0, y: 4, demand: 1, ready: 10, due: 10),
                    .init(id: "S2", kind: .station, x: 0, y: 6, due: 15),
                    .init(id: "C2", kind: .customer, x: 0, y: 8, demand: 1, due: 40)],
        battery: 10, capacity: 10, energyPerDistance: 1, chargeTimePerEnergy: 5, speed: 1)

    @Test("the exact evaluator drives it on time, charging between 0.8 and 1.2 at S1; the return time alone agrees")
    func exactlyOnTime() throws {
        let evaluator = ElectricRouteEvaluator(instance: Self.road)
        let evaluation = evaluator.evaluate([1, 2, 3, 4])
        #expect(evaluation.isFeasible, "\(evaluation.violations)")
        let atFirst = try #require(evaluation.charging.first { $0.location == 1 })
        #expect(atFirst.energy >= 0.8 - 1e-9 && atFirst.energy <= 1.2 + 1e-9, "\(evaluation.charging)")
        #expect(evaluator.returnTime([1, 2, 3, 4]) == evaluation.returnTime)
        #expect(evaluator.returnTime([2, 3, 4]) == nil, "without S1 the van reaches C2 late")
        // One route on its own: the checker leaves aside the customers other routes serve, and the solver
        // takes the route as it is (it once refused every route, each then re-stationed by its repair).
        let plan = try #require(evaluator.plan([1, 2, 3, 4]))
        #expect(ElectricChecker(instance: Self.road).violations(of: plan).isEmpty)
        #expect(ElectricChecker(instance: Self.road).violations(of: Array(plan.prefix(2))) == [], "C1 alone, C2 left to another route")
        #expect(!ElectricChecker(instance: Self.road).check([Array(plan.prefix(2))]).isFeasible, "the whole answer misses C2")
        #expect(ElectricSolver(instance: Self.road).drivable([1, 2, 3, 4]))
    }

    @Test("the search's policies time the route late; with the exact second opinion the built route is on time")
    func searchTakesIt() throws {
        let solver = ElectricSolver(instance: Self.road)
        let (problem, locations) = solver.engineProblem(allowance: 0)
        // The engine's first copy of each station and the customers, in the route's order.
        let route = try [1, 2, 3, 4].map { l in try #require(locations.firstIndex(of: l)) }
        let routes = SearchRoutes(problem: problem, evaluator: CostEvaluator(loadPenalty: 100, timeWarpPenalty: 100, distancePenalty: 100))
        routes.load(Solution(routes: [.init(visits: route)]))
        #expect(routes.isDistanceFeasible && routes.isLoadFeasible)
        #expect(!routes.isTimeFeasible, "both policies are late")
        let late = routes.penalisedCost
        routes.exactCharging = solver.exactCharging(locations)
        routes.load(Solution(routes: [.init(visits: route)]))
        #expect(routes.isTimeFeasible, "the exact plan is on time")
        let onTime = routes.penalisedCost
        #expect(onTime < late)
        // A move's proposal is priced by the policies (C1 put back between S1 and S2: late); the route the
        // move builds costs what it is.
        routes.remove(route[1])
        let r = routes.route(of: route[0])
        let p = Proposal(.head(route[0]), .single(route[1]), .tail(route[2]))
        #expect(routes.cost(p, route: r, given: routes.lowerBound(p, route: r)) == late)
        routes.insert(route[1], route: r, at: 1)
        #expect(routes.isTimeFeasible && routes.penalisedCost == onTime)
    }

    @Test("started from the one-van route, the search keeps it when it may ask and leaves it without; the electric solver's answer is one van")
    func oneVan() throws {
        let solver = ElectricSolver(instance: Self.road)
        let (problem, locations) = solver.engineProblem(allowance: 0)
        let options = SolverOptions(seconds: nil, iterations: 2_000, seed: 1, threads: 1)
        let route = try [1, 2, 3, 4].map { l in try #require(locations.firstIndex(of: l)) }
        let start = Solution(routes: [.init(visits: route)])
        var asking = Solver(problem: problem)
        asking.exactCharging = solver.exactCharging(locations)
        let asked = asking.solve(options: options, initial: start)
        #expect(asked.feasible && asked.solution.routes.count == 1, "\(asked.solution.routes)")
        let plain = Solver(problem: problem).solve(options: options, initial: start)
        #expect(plain.feasible && plain.solution.routes.count == 2, "without a second opinion the one route is late: \(plain.solution.routes)")
        let result = solver.solve(options: options)
        #expect(result.feasible && result.vehicles == 1, "\(result.routes)")
        #expect(ElectricChecker(instance: Self.road).check(result.plans).isFeasible)
    }
}
