import Foundation
import Testing
@testable import Routing

@Suite("routing solver")
struct SolverTests {
    @Test("finds the optimum found by enumeration on random tiny instances", arguments: 1...8)
    func tinyOptimum(seed: UInt64) throws {
        let problem = Factories.randomProblem(clients: 6, vehicles: 3, capacity: 20, seed: seed)
        let optimum = Factories.optimum(problem)
        let result = Solver(problem: problem).solve(options: SolverOptions(seconds: nil, iterations: 300, seed: seed, threads: 1))
        let report = FeasibilityChecker(problem: problem).check(result.solution)
        guard let optimum else {
            #expect(!report.isFeasible)
            return
        }
        #expect(report.isFeasible, "\(report.violations)")
        #expect(report.cost == optimum)
        #expect(result.cost == optimum)
    }

    @Test("the same seed and iteration budget give the same answer")
    func deterministic() {
        let problem = Factories.randomProblem(clients: 40, vehicles: 8, capacity: 60, seed: 42)
        let options = SolverOptions(seconds: nil, iterations: 200, seed: 7, threads: 2)
        let a = Solver(problem: problem).solve(options: options)
        let b = Solver(problem: problem).solve(options: options)
        #expect(a.solution == b.solution)
        #expect(a.cost == b.cost)
    }

    @Test("patience stops a search that found nothing better for that many iterations, the same way every time")
    func patience() {
        let problem = Factories.randomProblem(clients: 12, vehicles: 4, capacity: 60, seed: 5)
        var options = SolverOptions(seconds: nil, iterations: 20_000, seed: 3, threads: 1)
        options.noImprovement = 150
        let a = Solver(problem: problem).solve(options: options)
        let b = Solver(problem: problem).solve(options: options)
        // Twelve clients settle long before 20,000 iterations: the run ends 150 after its last new best.
        #expect(a.feasible)
        #expect(a.iterations >= 150 && a.iterations < 20_000)
        #expect(a.solution == b.solution && a.iterations == b.iterations)
        options.noImprovement = nil
        options.iterations = a.iterations
        let full = Solver(problem: problem).solve(options: options)
        #expect(full.cost == a.cost)
    }

    @Test("every solution on larger random instances passes the independent checker")
    func feasibleOnRandom() {
        for seed in UInt64(1)...3 {
            let problem = Factories.randomProblem(clients: 60, vehicles: 15, capacity: 50, seed: seed)
            let result = Solver(problem: problem).solve(options: SolverOptions(seconds: nil, iterations: 300, seed: seed, threads: 1))
            let report = FeasibilityChecker(problem: problem).check(result.solution)
            #expect(result.feasible == report.isFeasible)
            #expect(report.isFeasible, "\(report.violations)")
            if report.isFeasible { #expect(report.cost == result.cost) }
        }
    }

    @Test("a warm start with pinned prefixes never moves them and never ends worse than it started")
    func replan() throws {
        let problem = Factories.randomProblem(clients: 40, vehicles: 10, capacity: 60, seed: 9, windows: false)
        let first = Solver(problem: problem).solve(options: SolverOptions(seconds: nil, iterations: 50, seed: 1, threads: 1))
        let checker = FeasibilityChecker(problem: problem)
        let before = checker.check(first.solution)
        try #require(before.isFeasible)
        var pinned: [Int: Int] = [:]
        for (k, route) in first.solution.routes.enumerated() { pinned[k] = min(2, route.visits.count) }
        let replanned = Solver(problem: problem).solve(options: SolverOptions(seconds: nil, iterations: 300, seed: 2, threads: 2),
                                                       initial: first.solution, pinned: pinned)
        let after = checker.check(replanned.solution)
        #expect(after.isFeasible, "\(after.violations)")
        #expect(after.cost <= before.cost)
        for (k, count) in pinned {
            let prefix = Array(first.solution.routes[k].visits.prefix(count))
            #expect(replanned.solution.routes.contains { Array($0.visits.prefix(count)) == prefix }, "route \(k) lost its pinned stops \(prefix)")
        }
    }
}

@Suite("feasibility checker")
struct CheckerTests {
    let problem = ProblemData(
        depots: [.init(x: 0, y: 0, twEarly: 0, twLate: 1_000)],
        clients: [.init(x: 3, y: 4, demand: [6, 1], serviceDuration: 10, twEarly: 0, twLate: 100),
                  .init(x: 6, y: 8, demand: [6, 1], serviceDuration: 10, twEarly: 50, twLate: 60, requiredSkills: 0b10)],
        vehicleTypes: [.init(count: 1, capacity: [10, 5], shiftStart: 0, shiftEnd: 1_000, skills: 0b01)],
        distances: .euclidean(x: [0, 3, 6], y: [0, 4, 8], scale: 1, truncate: false))

    @Test("distance, waiting and the latest useful departure are computed from first principles")
    func schedule() {
        let route = Solution.Route(visits: [1])
        let s = FeasibilityChecker(problem: problem).schedule(route)
        #expect(s.distance == 10)
        #expect(s.serviceStarts == [5])
        #expect(s.duration == 20)
        // Client 2 opens at 50: leaving at 40 instead of 0 removes the wait.
        let late = FeasibilityChecker(problem: problem).schedule(.init(visits: [2]))
        #expect(late.departure == 40)
        #expect(late.duration == 30)
    }

    @Test("capacity per dimension, skills, a missing client and a late arrival are all reported")
    func violations() {
        let checker = FeasibilityChecker(problem: problem)
        let both = checker.check(Solution(routes: [.init(visits: [1, 2])]))
        #expect(both.violations.contains { $0.contains("exceeds capacity") })
        #expect(both.violations.contains { $0.contains("skills") })
        let missing = checker.check(Solution(routes: [.init(visits: [1])]))
        #expect(missing.violations == ["client 2 not visited"])
        let lateOrder = checker.check(Solution(routes: [.init(visits: [2, 1])]))
        #expect(lateOrder.violations.contains { $0.contains("skills") })
        let twice = checker.check(Solution(routes: [.init(visits: [1, 1])]))
        #expect(twice.violations.contains { $0.contains("visited 2 times") })
    }
}

@Suite("VRPLIB")
struct VRPLIBTests {
    @Test("with several depots a .sol says which vehicle drives each route: route k is vehicle k, unused ones listed empty")
    func alignedSolution() throws {
        let depots: [ProblemData.Depot] = [.init(x: 0, y: 0), .init(x: 10, y: 0)]
        let clients = (0..<3).map { ProblemData.Client(x: Double($0) + 4, y: 1, demand: [1]) }
        let problem = ProblemData(depots: depots, clients: clients,
                                  vehicleTypes: [.init(count: 2, capacity: [5], startDepot: 0, endDepot: 0), .init(count: 2, capacity: [5], startDepot: 1, endDepot: 1)],
                                  distances: .euclidean(x: depots.map(\.x) + clients.map(\.x), y: depots.map(\.y) + clients.map(\.y), scale: 1, truncate: false))
        let solution = Solution(routes: [.init(vehicleType: 1, visits: [4, 3]), .init(vehicleType: 0, visits: [2])])
        let text = VRPLIB.solutionText(solution, problem: problem, cost: 12)
        #expect(text == "Route #1: 2\nRoute #2: \nRoute #3: 4 3\nRoute #4: \nCost 12\n", "\(text)")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("aligned-\(UUID().uuidString).sol").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let read = try VRPLIB.readSolution(path: path, problem: problem)
        #expect(read.solution.routes.map(\.vehicleType) == [0, 1] && read.solution.routes.map(\.visits) == [[2], [4, 3]] && read.cost == 12)
        #expect(FeasibilityChecker(problem: problem).check(read.solution).isFeasible)
    }

    static let bench = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../shared/bench/vrp").standardized.path

    @Test("recomputing a bench .sol's cost reproduces its Cost line", arguments: [
        ("cvrp-x/X-n101-k25", VRPLIB.Rounding.round), ("cvrp-x/X-n200-k36", .round), ("homberger/C1_10_1", .dimacs), ("homberger/R2_10_1", .dimacs),
    ])
    func solutionCost(name: String, rounding: VRPLIB.Rounding) throws {
        let instance = "\(Self.bench)/\(name).vrp"
        guard FileManager.default.fileExists(atPath: instance) else {
            print("skipped: no benchmark data at \(Self.bench)")
            return
        }
        let problem = try VRPLIB.read(path: instance, rounding: rounding)
        let (solution, cost) = try VRPLIB.readSolution(path: "\(Self.bench)/\(name).sol")
        let report = FeasibilityChecker(problem: problem).check(solution)
        #expect(report.isFeasible, "\(report.violations.prefix(3))")
        let stated = try #require(cost)
        #expect(abs(Double(report.distance) / Double(problem.costScale) - stated) < 1e-6)
    }

    @Test("PyVRP's multi-depot dialect: depots, vehicles per depot, service times, maximum duration")
    func multiDepot() throws {
        let text = """
            NAME : md
            TYPE : VRPTW
            DIMENSION : 5
            VEHICLES : 3
            CAPACITY : 10
            VEHICLES_MAX_DURATION : 500
            NODE_COORD_SECTION
            1 0 0
            2 100 0
            3 10 0
            4 90 0
            5 50 50
            DEMAND_SECTION
            1 0
            2 0
            3 4
            4 5
            5 6
            SERVICE_TIME_SECTION
            1 0
            2 0
            3 7
            4 8
            5 9
            DEPOT_SECTION
            1
            2
            -1
            VEHICLES_DEPOT_SECTION
            1 1
            2 2
            3 2
            EOF
            """
        let problem = try VRPLIB.parse(text, rounding: .round)
        #expect(problem.depotCount == 2)
        #expect(problem.clientCount == 3)
        #expect(problem.vehicleTypes.map(\.count) == [1, 2])
        #expect(problem.vehicleTypes.map(\.startDepot) == [0, 1])
        #expect(problem.vehicleTypes[0].maxDuration == 500)
        #expect(problem.clients.map(\.serviceDuration) == [7, 8, 9])
        #expect(problem.distances[0, 1] == 100)
        let result = Solver(problem: problem).solve(options: SolverOptions(seconds: nil, iterations: 100, seed: 1, threads: 1))
        #expect(FeasibilityChecker(problem: problem).check(result.solution).isFeasible)
    }

    @Test("a written .sol reads back to the same routes")
    func roundTrip() throws {
        let solution = Solution(routes: [.init(visits: [3, 1]), .init(visits: [2])])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("roundtrip-\(UUID()).sol").path
        try VRPLIB.solutionText(solution, cost: 123.4).write(toFile: path, atomically: true, encoding: .utf8)
        let (read, cost) = try VRPLIB.readSolution(path: path)
        #expect(read == solution)
        #expect(cost == 123.4)
    }
}

@Suite("routing JSON")
struct RoutingJSONTests {
    @Test("a problem survives a JSON round trip and its plan lists each stop's times")
    func roundTrip() throws {
        let problem = Factories.randomProblem(clients: 12, vehicles: 4, capacity: 30, seed: 5)
        let decoded = try RoutingJSON.problem(from: try RoutingJSON.encode(problem))
        #expect(decoded.clients == problem.clients)
        #expect(decoded.vehicleTypes == problem.vehicleTypes)
        #expect(decoded.distances[1, 2] == problem.distances[1, 2])
        let result = Solver(problem: decoded).solve(options: SolverOptions(seconds: nil, iterations: 100, seed: 1, threads: 1))
        let plan = RoutingJSON.plan(result.solution, problem: decoded)
        #expect(plan.routes.flatMap(\.stops).count == 12)
        #expect(plan.feasible == result.feasible)
        for route in plan.routes {
            for stop in route.stops { #expect(stop.serviceStart >= stop.arrival) }
        }
    }

    @Test("new ETAs follow a slowdown: later stops of an affected route arrive later, none earlier")
    func etasAfterSlowdown() throws {
        let problem = Factories.randomProblem(clients: 20, vehicles: 6, capacity: 60, seed: 8, windows: false)
        let plan = Solver(problem: problem).solve(options: SolverOptions(seconds: nil, iterations: 100, seed: 1, threads: 1)).solution
        let first = plan.routes[0].visits[0]
        let slowed = problem.slowed(arcs: [(0, first)], factor: 3)
        let before = Replanner(problem: problem).etas(plan)
        let after = Replanner(problem: slowed).etas(plan)
        #expect(after[0][0] > before[0][0])
        for (a, b) in zip(after.joined(), before.joined()) { #expect(a >= b) }
    }
}

@Suite("travel matrices")
struct TravelMatrixTests {
    @Test("haversine: one degree of latitude is about 111.2 km; at 10 m/s that takes 11,119 s")
    func haversine() {
        let metres = TravelMatrix.haversine(latitude: [22.5, 23.5], longitude: [114.0, 114.0], metresPerUnit: 1)
        #expect(abs(metres[0, 1] - 111_195) < 5)
        let seconds = TravelMatrix.haversine(latitude: [22.5, 23.5], longitude: [114.0, 114.0], metresPerUnit: 10)
        #expect(abs(seconds[0, 1] - 11_120) <= 1)
        #expect(metres.densified()[1, 0] == metres[0, 1])
    }

    @Test("DIMACS truncation keeps exact tenths: (0,0)→(3,4) is 50 tenths, (0,0)→(1,1) is 14")
    func dimacs() {
        let m = TravelMatrix.euclidean(x: [0, 3, 1], y: [0, 4, 1], scale: 10, truncate: true)
        #expect(m[0, 1] == 50)
        #expect(m[0, 2] == 14)
    }
}

@Suite("range (an electric van charged at its depot)")
struct RangeTests {
    /// Four clients on a ring of radius 10 around the depot, 14 apart (rounded): one van could serve them
    /// all in a tour of 62, but its range is 50, so two vans of 34 each must.
    let problem = ProblemData(
        depots: [.init(x: 0, y: 0, twEarly: 0, twLate: 10_000)],
        clients: [(10.0, 0.0), (0, 10), (-10, 0), (0, -10)].map { .init(x: $0.0, y: $0.1, demand: [1]) },
        vehicleTypes: [.init(count: 3, capacity: [10], fixedCost: 5, maxDistance: 50)],
        distances: .euclidean(x: [0, 10, 0, -10, 0], y: [0, 0, 10, 0, -10], scale: 1, truncate: false))

    @Test("the search keeps every route within range, at the cost of a second van; the checker reports a route beyond it")
    func range() {
        let result = Solver(problem: problem).solve(options: SolverOptions(seconds: nil, iterations: 400, seed: 7, threads: 1))
        let report = FeasibilityChecker(problem: problem).check(result.solution)
        #expect(result.feasible && report.isFeasible, "\(report.violations)")
        #expect(report.vehiclesUsed == 2, "\(result.solution.routes.map(\.visits))")
        #expect(report.schedules.allSatisfy { $0.distance <= 50 })
        let oneVan = FeasibilityChecker(problem: problem).check(Solution(routes: [.init(visits: [1, 2, 3, 4])]))
        #expect(oneVan.violations == ["route 1: drives 62 between charging points, beyond its range of 50"], "\(oneVan.violations)")
        var unlimited = problem
        unlimited.vehicleTypes[0].maxDistance = .max / 4
        let free = Solver(problem: unlimited).solve(options: SolverOptions(seconds: nil, iterations: 400, seed: 7, threads: 1))
        #expect(free.solution.routes.filter { !$0.visits.isEmpty }.count == 1, "without the limit one van does it")
    }

    @Test("a charging point restarts the range: the checker measures between charging points")
    func chargingCheck() {
        // The ring with a charging point at (3, 3), 8 from clients 1 and 2 (a detour of 2).
        var problem = problem
        problem.clients.append(.init(x: 3, y: 3, demand: [0], required: false, recharges: true))
        problem.distances = .euclidean(x: [0, 10, 0, -10, 0, 3], y: [0, 0, 10, 0, -10, 3], scale: 1, truncate: false)
        problem.durations = problem.distances
        let checker = FeasibilityChecker(problem: problem)
        // 10 + 8 to the charger, then 8 + 14 + 14 + 10.
        #expect(checker.longestStretch(.init(visits: [1, 5, 2, 3, 4])) == 46)
        #expect(checker.check(Solution(routes: [.init(visits: [1, 5, 2, 3, 4])])).isFeasible)
        #expect(checker.check(Solution(routes: [.init(visits: [1, 2, 3, 5, 4])])).violations
                == ["route 1: drives 51 between charging points, beyond its range of 50"])
    }

    @Test("a client beyond a round trip's range is served by stopping at a charging point on the way; without a limit the van does not stop")
    func charging() {
        // Depot at (0, 0), client at (30, 0): out and back is 60 > 50; via the charger at (15, 5), 16, then 16 + 30.
        let problem = ProblemData(
            depots: [.init(x: 0, y: 0)],
            clients: [.init(x: 30, y: 0, demand: [1]), .init(x: 15, y: 5, demand: [0], required: false, recharges: true),
                      .init(x: 0, y: 20, demand: [0], required: false, recharges: true)],
            vehicleTypes: [.init(count: 2, capacity: [10], maxDistance: 50)],
            distances: .euclidean(x: [0, 30, 15, 0], y: [0, 0, 5, 20], scale: 1, truncate: false))
        let result = Solver(problem: problem).solve(options: SolverOptions(seconds: nil, iterations: 200, seed: 7, threads: 1))
        let report = FeasibilityChecker(problem: problem).check(result.solution)
        #expect(result.feasible && report.isFeasible, "\(report.violations)")
        #expect(result.solution.routes.map(\.visits) == [[2, 1]] || result.solution.routes.map(\.visits) == [[1, 2]], "\(result.solution.routes)")
        #expect(report.distance == 62, "a detour of 2 to charge; the charger off the road is left out")
        var unlimited = problem
        unlimited.vehicleTypes[0].maxDistance = .max / 4
        let free = Solver(problem: unlimited).solve(options: SolverOptions(seconds: nil, iterations: 200, seed: 7, threads: 1))
        #expect(free.solution.routes.map(\.visits) == [[1]], "without a limit no charger is worth a stop")
    }
}
