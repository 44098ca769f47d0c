import SolverSupport
import Testing
@testable import Routing

/// `SearchRoutes.lowerBound` lets a move be priced out before its timing is merged; it is only sound if it
/// never exceeds what `cost` then finds (a move it wrongly rejects would change the search's path).
@Suite("the search's lower bound")
struct LowerBoundTests {
    /// The moves' random problem with a price on time, a maximum duration that some routes exceed, distances
    /// and travel times that differ by direction, and (when `electric`) charging points and charging time.
    static func problem(seed: UInt64, electric: Bool) -> ProblemData {
        var problem = electric ? MoveTests.electric(seed: seed) : Factories.randomProblem(clients: 40, vehicles: 6, capacity: 40, seed: seed)
        problem.vehicleTypes[0].unitDurationCost = 2
        problem.vehicleTypes[0].maxDuration = 1_800
        guard case .dense(let values, let size) = problem.distances.densified() else { fatalError("a dense matrix") }
        var random = SeededGenerator(seed: seed &+ 7)
        problem.distances = .dense(values: values.map { $0 + Int.random(in: 0...20, using: &random) }, size: size)
        problem.durations = .dense(values: values.map { $0 + Int.random(in: 0...40, using: &random) }, size: size)
        return problem
    }

    /// The problem's clients shuffled by `seed` and dealt to five routes, with the random generator after the
    /// shuffle (the tests draw their moves from it).
    static func fiveRoutes(_ problem: ProblemData, seed: UInt64) -> (routes: SearchRoutes, random: SeededGenerator) {
        let routes = SearchRoutes(problem: problem, evaluator: CostEvaluator(loadPenalty: 20, timeWarpPenalty: 3))
        var random = SeededGenerator(seed: seed)
        let clients = Array(problem.depotCount..<problem.locationCount).shuffled(using: &random)
        var lists = [[Int]](repeating: [], count: 5)
        for (i, c) in clients.enumerated() { lists[i % 5].append(c) }
        routes.load(Solution(routes: lists.map { .init(visits: $0) }))
        return (routes, random)
    }

    @Test("never above the priced cost, for every kind of piece; its distance is the proposal's walked distance",
          arguments: [(1, false), (2, false), (1, true), (2, true)])
    func neverAboveCost(run: (seed: UInt64, electric: Bool)) {
        let problem = Self.problem(seed: run.seed, electric: run.electric)
        var (routes, random) = Self.fiveRoutes(problem, seed: run.seed)
        #expect(!routes.symmetricDurations && !routes.symmetric)

        /// The route's nodes in order, its start and end depots included.
        func nodes(_ r: Int) -> [Int] {
            var result = [routes.startNode(r)], node = routes.startNode(r)
            while node != routes.endNode(r) { node = routes.following[node]; result.append(node) }
            return result
        }
        var checked = 0, timed = 0
        for _ in 0..<3_000 {
            let r = Int.random(in: 0..<5, using: &random), other = (r + Int.random(in: 1..<5, using: &random)) % 5
            let own = nodes(r), far = nodes(other)
            // x before y in route r, both clients or depots; a..b a stretch of clients of the other route.
            let i = Int.random(in: 0..<(own.count - 2), using: &random), j = Int.random(in: (i + 1)..<(own.count - 1), using: &random)
            let x = own[i], y = own[j]
            let ia = Int.random(in: 1..<(far.count - 1), using: &random), ib = Int.random(in: ia..<(far.count - 1), using: &random)
            let a = far[ia], b = far[ib]
            // Each proposal with the nodes it drives through, in order.
            let head = Array(own[...i]), stretch = Array(far[ia...ib]), tail = Array(own[j...])
            let middle = Array(own[(i + 1)...j].reversed()), rest = Array(own[(j + 1)...])
            let proposals: [(Proposal, [Int])] = [
                (Proposal(.head(x), .single(a), .tail(routes.following[x])), head + [a] + Array(own[(i + 1)...])),
                (Proposal(.head(x), .stretch(a, b), .tail(y)), head + stretch + tail),
                (Proposal(.head(x), .reversed(a, b), .tail(y)), head + stretch.reversed() + tail),
                (Proposal(.head(x), .tail(a)), head + Array(far[ia...])),
                (Proposal(.head(x), .single(b), .reversed(routes.following[x], y), .tail(routes.following[y])), head + [b] + middle + rest),
            ]
            for (p, path) in proposals {
                let bound = routes.lowerBound(p, route: r), cost = routes.cost(p, route: r, given: bound)
                let walked = zip(path, path.dropFirst()).map { routes.d($0, $1) }.reduce(0, +)
                #expect(bound.distance == walked, "distance \(bound.distance), walked \(walked)")
                #expect(bound.bound <= cost, "bound \(bound.bound) above cost \(cost)")
                // The time part is in play: the bound is more than distance and fixed cost alone.
                if bound.bound > bound.distance + bound.excessLoad * 20 + bound.excessDistance { timed += 1 }
                checked += 1
            }
        }
        #expect(checked == 15_000)
        #expect(timed == checked)
    }
}
