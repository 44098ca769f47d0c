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
    func start(seed: UInt64) -> (SearchRoutes, ProblemData) {
        let problem = Factories.randomProblem(clients: 40, vehicles: 6, capacity: 40, seed: seed)
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

    @Test("each move does what its model says, saves exactly what it claims, and a refused move changes nothing",
          arguments: 0..<7, 1...3)
    func moveMatchesModel(operatorIndex: Int, seed: UInt64) {
        let (routes, problem) = start(seed: seed)
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
