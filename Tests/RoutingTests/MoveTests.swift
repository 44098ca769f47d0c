import Foundation
import SolverSupport
import Testing
@testable import Routing

/// Each local-search operator prices its move from a few cached pieces and says what it saves; these tests
/// hold every operator against a plain-array model of its move and against a rebuild from scratch.
@Suite("local-search moves")
struct MoveTests {
    /// Every operator of the standard list with pair moves on, in its order.
    static let operators: [any NodeOperator] = [Relocate(), Exchange(2, 0), Swap(), Exchange(2, 1), Exchange(2, 2), SwapTails(), TwoOpt()]

    /// A deliberately poor start: clients dealt round-robin into the routes, so windows and capacity are
    /// violated and the penalties are in play.
    func start(seed: UInt64, electric: Bool = false) -> (SearchRoutes, ProblemData) {
        let problem = electric ? Self.electric(seed: seed) : Factories.randomProblem(clients: 40, vehicles: 6, capacity: 40, seed: seed)
        let routes = SearchRoutes(problem: problem, evaluator: CostEvaluator(loadPenalty: 20, timeWarpPenalty: 3))
        var random = SeededGenerator(seed: seed)
        let clients = Array(problem.depotCount..<problem.locationCount).shuffled(using: &random)
        var lists = [[Int]](repeating: [], count: 5)
        for (i, c) in clients.enumerated() { lists[i % 5].append(c) }
        routes.load(Solution(routes: lists.map { .init(visits: $0) }))
        return (routes, problem)
    }

    /// The penalised cost of `solution` computed from scratch.
    func rebuiltCost(_ solution: Solution, _ problem: ProblemData) -> Int {
        let fresh = SearchRoutes(problem: problem, evaluator: CostEvaluator(loadPenalty: 20, timeWarpPenalty: 3))
        fresh.load(solution)
        return fresh.penalisedCost
    }

    @Test("the standard list tries the moves in PyVRP's order, pair moves only when asked for")
    func standardOrder() {
        #expect(standardOperators(pairMoves: false).names == ["relocate", "swap", "2-opt*", "2-opt"])
        #expect(standardOperators(pairMoves: true).names == Self.operators.map(\.name))
    }

    /// The random problem with every fifth client a charging point instead (optional, no demand) and vans
    /// whose range (150 units) their routes often exceed, charging at 0.3 time units per unit of distance.
    static func electric(seed: UInt64) -> ProblemData {
        var problem = Factories.randomProblem(clients: 40, vehicles: 6, capacity: 40, seed: seed)
        for c in stride(from: 0, to: problem.clients.count, by: 5) {
            problem.clients[c].recharges = true
            problem.clients[c].required = false
            problem.clients[c].demand = [0]
        }
        problem.vehicleTypes[0].maxDistance = 1_500
        problem.vehicleTypes[0].chargeTimePerDistance = 0.3
        return problem
    }

    @Test("each move does what its model says, saves exactly what it claims, and a refused move changes nothing (and with charging points and charging time)",
          arguments: 0..<7, [(1, false), (2, false), (3, false), (1, true), (2, true), (3, true)])
    func moveMatchesModel(operatorIndex: Int, run: (seed: UInt64, electric: Bool)) {
        let seed = run.seed
        let (routes, problem) = start(seed: seed, electric: run.electric)
        let one = Self.operators[operatorIndex], name = one.name
        var random = SeededGenerator(seed: seed &+ 99)
        let clients = Array(problem.depotCount..<problem.locationCount)
        var applied = 0
        for _ in 0..<2_000 {
            let u = clients.randomElement(using: &random)!
            // Half the time a partner in u's own route, to exercise the moves inside a route.
            let sameRoute = clients.filter { $0 != u && routes.route(of: $0) == routes.route(of: u) }
            let v = Bool.random(using: &random) && !sameRoute.isEmpty ? sameRoute.randomElement(using: &random)! : clients.randomElement(using: &random)!
            guard u != v else { continue }
            let before = routes.snapshot(), cost = routes.penalisedCost
            let saving = one.evaluate(u, v, in: routes)
            #expect(routes.snapshot() == before, "evaluating \(name) changed the routes")
            guard saving > 0 else { continue }
            let candidates = MoveModel.outcomes(name, u, v, routes: before, of: routes.route(of:))
            one.apply(u, v, to: routes)
            applied += 1
            let after = routes.snapshot(), rebuilt = rebuiltCost(routes.solution(), problem)
            #expect(candidates.contains(after), "\(name)(\(u), \(v)) on \(before) gave \(after), expected one of \(candidates)")
            #expect(cost - rebuilt == saving, "\(name)(\(u), \(v)) claimed to save \(saving) but saved \(cost - rebuilt)")
            #expect(routes.penalisedCost == rebuilt, "running totals after \(name) disagree with a rebuild")
            #expect(Set(after.flatMap { $0 }) == Set(clients), "\(name) lost or duplicated a client")
        }
        // The start is poor enough that every kind of move finds something to improve.
        #expect(applied > 0, "no \(name) was ever applied")
    }

    @Test("no move takes a client away from a pinned prefix or puts one before it")
    func pinnedPrefixStays() {
        let problem = Factories.randomProblem(clients: 30, vehicles: 4, capacity: 60, seed: 5)
        let search = LocalSearch(problem: problem, neighbours: Neighbourhood.build(problem, count: 12),
                                 evaluator: CostEvaluator(loadPenalty: 20, timeWarpPenalty: 3), pairMoves: true)
        let clients = Array(problem.depotCount..<problem.locationCount)
        let start = [Array(clients[0..<10]), Array(clients[10..<20]), Array(clients[20..<30])]
        search.routes.load(Solution(routes: start.map { .init(visits: $0) }), pinned: [0: 3, 1: 2])
        var random = SeededGenerator(seed: 5)
        search.search(random: &random)
        let routes = search.routes.snapshot()
        #expect(routes.contains { Array($0.prefix(3)) == Array(start[0].prefix(3)) })
        #expect(routes.contains { Array($0.prefix(2)) == Array(start[1].prefix(2)) })
    }
}

/// Each move done on plain arrays of route slots, independently of the search's caches and node ids.
enum MoveModel {
    /// The routes that applying `name` to (`u`, `v`) may give (two where the operator tries two variants).
    static func outcomes(_ name: String, _ u: Int, _ v: Int, routes: [[Int]], of route: (Int) -> Int) -> [[[Int]]] {
        let ru = route(u), rv = route(v)
        let iu = routes[ru].firstIndex(of: u)!, iv = routes[rv].firstIndex(of: v)!
        switch name {
        case "relocate":
            // After v, or after v's predecessor (the start of its route when v is first).
            return [relocate(u, toRoute: rv, afterIndex: iv, routes), relocate(u, toRoute: rv, afterIndex: iv - 1, routes)]
        case "swap":
            var result = routes
            result[ru][iu] = v
            result[rv][iv] = u
            return [result]
        case "2-opt":
            let (x, y) = iu < iv ? (iu, iv) : (iv, iu)
            guard ru == rv, y - x >= 2 else { return [routes] }
            var result = routes
            result[ru].replaceSubrange((x + 1)...y, with: routes[ru][(x + 1)...y].reversed())
            return [result]
        case "2-opt*":
            return [swapTails(ru, after: iu, rv, after: iv, routes), swapTails(ru, after: iu, rv, after: -1, routes)]
        default:
            // "exchange (n,m)"
            let digits = name.compactMap(\.wholeNumberValue)
            return [exchange(ru, iu, n: digits[0], rv, iv, m: digits[1], routes)]
        }
    }

    /// `u` taken out and put after index `index` of route `r` as it was before (-1: first).
    static func relocate(_ u: Int, toRoute r: Int, afterIndex index: Int, _ routes: [[Int]]) -> [[Int]] {
        let anchor = index >= 0 ? routes[r][index] : nil
        guard anchor != u else { return routes }
        var result = routes.map { $0.filter { $0 != u } }
        let at = anchor.map { result[r].firstIndex(of: $0)! + 1 } ?? 0
        result[r].insert(u, at: at)
        return result
    }

    static func swapTails(_ ra: Int, after ia: Int, _ rb: Int, after ib: Int, _ routes: [[Int]]) -> [[Int]] {
        var result = routes
        result[ra] = Array(routes[ra].prefix(ia + 1)) + Array(routes[rb].dropFirst(ib + 1))
        result[rb] = Array(routes[rb].prefix(ib + 1)) + Array(routes[ra].dropFirst(ia + 1))
        return result
    }

    static func exchange(_ ru: Int, _ iu: Int, n: Int, _ rv: Int, _ iv: Int, m: Int, _ routes: [[Int]]) -> [[Int]] {
        guard iu + n <= routes[ru].count, iv + m <= routes[rv].count else { return routes }
        let uStretch = Array(routes[ru][iu..<(iu + n)]), vStretch = Array(routes[rv][iv..<(iv + m)])
        var result = routes
        if ru == rv, iu < iv + m, iv < iu + n { return routes }
        if m == 0 {
            let v = routes[rv][iv]
            guard !uStretch.contains(v) else { return routes }
            result[ru].removeSubrange(iu..<(iu + n))
            result[rv].insert(contentsOf: uStretch, at: result[rv].firstIndex(of: v)! + 1)
        } else if ru != rv {
            result[ru].replaceSubrange(iu..<(iu + n), with: vStretch)
            result[rv].replaceSubrange(iv..<(iv + m), with: uStretch)
        } else {
            let r = routes[ru]
            let (i, a, j, b) = iu < iv ? (iu, n, iv, m) : (iv, m, iu, n)
            result[ru] = Array(r[..<i]) + Array(r[j..<(j + b)]) + Array(r[(i + a)..<j]) + Array(r[i..<(i + a)]) + Array(r[(j + b)...])
        }
        return result
    }
}

@Suite("charging in the search")
struct ChargingTimingTests {
    /// The search's timing (segments combined in O(1)) against the checker's walk from first principles
    /// (charging after each station by the same policy): on random routes of the electric problem, the same
    /// lateness verdict and, when on time, the same duration; range likewise.
    @Test("the search's charging times and range agree with the checker's walk on random routes", arguments: 1...4)
    func agrees(seed: UInt64) {
        let problem = MoveTests.electric(seed: seed)
        let checker = FeasibilityChecker(problem: problem)
        var random = SeededGenerator(seed: seed)
        var late = 0, onTime = 0, charged = 0
        for _ in 0..<200 {
            let clients = Array(problem.depotCount..<problem.locationCount).shuffled(using: &random)
            let visits = Array(clients.prefix(Int.random(in: 1...9, using: &random)))
            let route = Solution.Route(visits: visits)
            let routes = SearchRoutes(problem: problem, evaluator: CostEvaluator(loadPenalty: 1, timeWarpPenalty: 1))
            routes.load(Solution(routes: [route]))
            let report = checker.check(Solution(routes: [route]))
            let checkerLate = report.violations.contains { $0.contains("after its window") || $0.contains("returns at") || $0.contains("lasts") }
            #expect(routes.isTimeFeasible == !checkerLate, "\(visits): \(report.violations)")
            #expect(routes.isDistanceFeasible == !report.violations.contains { $0.contains("between charging points") })
            if routes.isTimeFeasible {
                onTime += 1
                #expect(routes.routeTiming(0).duration == report.schedules[0].duration, "\(visits)")
            } else {
                late += 1
            }
            if checker.chargingTimes(route, late: false).contains(where: { $0 > 0 }) { charged += 1 }
        }
        #expect(late > 0 && onTime > 0 && charged > 0, "late \(late), on time \(onTime), with charging \(charged)")
    }

    @Test("a station's charging: early, what was used since the last charging point, at the last station just enough to get home; late, just enough to reach the next")
    func policy() {
        // Depot at 0, stations at 40 and 80, a client at 100 on a line; range 100, 2 time units per unit of distance.
        let problem = ProblemData(
            depots: [.init(x: 0, y: 0)],
            clients: [.init(x: 40, y: 0, demand: [0], required: false, recharges: true), .init(x: 80, y: 0, demand: [0], required: false, recharges: true),
                      .init(x: 100, y: 0, demand: [1])],
            vehicleTypes: [.init(count: 1, capacity: [1], maxDistance: 100, chargeTimePerDistance: 2)],
            distances: .euclidean(x: [0, 40, 80, 100], y: [0, 0, 0, 0], scale: 1, truncate: false))
        let checker = FeasibilityChecker(problem: problem)
        // S1 after 40 refills 40 (80); C and S2 after 80 more; S2 is the last station: 80 + 80 home − 100 = 60 (120).
        #expect(checker.chargingTimes(.init(visits: [1, 3, 2]), late: false) == [80, 0, 120])
        // Late: S1 arrives with 60 and needs 80 to reach S2: 20 (40); S2 priced at the 80 home (160).
        #expect(checker.chargingTimes(.init(visits: [1, 3, 2]), late: true) == [40, 0, 160])
        #expect(checker.check(Solution(routes: [.init(visits: [1, 3, 2])])).isFeasible)
        let routes = SearchRoutes(problem: problem, evaluator: CostEvaluator(loadPenalty: 1, timeWarpPenalty: 1))
        routes.load(Solution(routes: [.init(visits: [1, 3, 2])]))
        #expect(routes.routeTiming(0).duration == 200 + 80 + 120, "driving 200, charging 80 and 120")
        #expect(routes.isDistanceFeasible)
        // Both stations on the way out: 40 then 40, then 120 without a charging point, which range refuses.
        #expect(checker.chargingTimes(.init(visits: [1, 2, 3]), late: false) == [80, 120, 0])
        #expect(checker.chargingTimes(.init(visits: [1, 2, 3]), late: true) == [0, 240, 0])
        #expect(checker.check(Solution(routes: [.init(visits: [1, 2, 3])])).violations == ["route 1: drives 120 between charging points, beyond its range of 100"])
        routes.load(Solution(routes: [.init(visits: [1, 2, 3])]))
        #expect(!routes.isDistanceFeasible && routes.routeTiming(0).duration == 200 + 80 + 120)
    }

    @Test("charging late, where the early policy would miss a window, keeps the route on time")
    func lateMeetsWindow() {
        // Depot at 0, S1 at 40, a client at 60 due by 100, S2 at 80, on a line; range 100, 2 time units per
        // unit of distance. Early: S1 refills 40 (80 time units), so the client is reached at 140, late. Late:
        // S1 charges nothing (40 + 40 to S2 is within the range), the client is reached at 60, on time, and S2
        // is priced at the 80 home (160).
        let problem = ProblemData(
            depots: [.init(x: 0, y: 0)],
            clients: [.init(x: 40, y: 0, demand: [0], required: false, recharges: true), .init(x: 80, y: 0, demand: [0], required: false, recharges: true),
                      .init(x: 60, y: 0, demand: [1], twEarly: 0, twLate: 100)],
            vehicleTypes: [.init(count: 1, capacity: [1], maxDistance: 100, chargeTimePerDistance: 2)],
            distances: .euclidean(x: [0, 40, 80, 60], y: [0, 0, 0, 0], scale: 1, truncate: false))
        let checker = FeasibilityChecker(problem: problem)
        let route = Solution.Route(visits: [1, 3, 2])
        #expect(checker.chargingTimes(route, late: false) == [80, 0, 40])
        #expect(checker.chargingTimes(route, late: true) == [0, 0, 160])
        let report = checker.check(Solution(routes: [route]))
        #expect(report.isFeasible, "\(report.violations)")
        #expect(report.schedules[0].serviceStarts == [40, 60, 80])
        let routes = SearchRoutes(problem: problem, evaluator: CostEvaluator(loadPenalty: 1, timeWarpPenalty: 1))
        routes.load(Solution(routes: [route]))
        #expect(routes.isTimeFeasible)
        #expect(routes.routeTiming(0).duration == 160 + 160, "driving 160, charging 160 at S2")
    }
}
