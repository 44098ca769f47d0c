import Foundation
import SolverSupport
import Testing
@testable import Routing

/// The local search prices a move from a few cached pieces and applies it only when that price says it
/// improves; the routes are then rebuilt from scratch. These tests hold the two paths against each other.
@Suite("move pricing")
struct MovePricingTests {
    /// A deliberately poor start: clients dealt round-robin into the routes, so windows and capacity are
    /// violated and the penalties are in play.
    func search(seed: UInt64) -> (LocalSearch, ProblemData) {
        let problem = Factories.randomProblem(clients: 40, vehicles: 6, capacity: 40, seed: seed)
        let search = LocalSearch(problem: problem, neighbours: Neighbourhood.build(problem, count: 12),
                                 evaluator: CostEvaluator(loadPenalty: 20, timeWarpPenalty: 3))
        var random = SeededGenerator(seed: seed)
        let clients = Array(problem.depotCount..<problem.locationCount).shuffled(using: &random)
        var routes = [[Int]](repeating: [], count: 5)
        for (i, c) in clients.enumerated() { routes[i % 5].append(c) }
        search.load(Solution(routes: routes.map { .init(visits: $0) }))
        return (search, problem)
    }

    /// The penalised cost of `solution` computed from scratch by a fresh search.
    func rebuiltCost(_ solution: Solution, _ problem: ProblemData) -> Int {
        let fresh = LocalSearch(problem: problem, neighbours: Neighbourhood.build(problem, count: 12),
                                evaluator: CostEvaluator(loadPenalty: 20, timeWarpPenalty: 3))
        fresh.load(solution)
        return fresh.penalisedCost
    }

    @Test("every applied move lowers the cost a rebuild computes, and a refused move changes nothing", arguments: 1...4)
    func appliedMovesImprove(seed: UInt64) {
        let (search, problem) = search(seed: seed)
        var random = SeededGenerator(seed: seed &+ 99)
        let clients = Array(problem.depotCount..<problem.locationCount)
        var applied = [String: Int]()
        for _ in 0..<3_000 {
            let u = clients.randomElement(using: &random)!
            // Half the time a partner in u's own route, to exercise the moves inside a route.
            let sameRoute = clients.filter { $0 != u && search.route(of: $0) == search.route(of: u) }
            let v = Bool.random(using: &random) && !sameRoute.isEmpty ? sameRoute.randomElement(using: &random)! : clients.randomElement(using: &random)!
            guard u != v else { continue }
            let before = search.solution(), cost = search.penalisedCost
            let move = Int.random(in: 0..<7, using: &random)
            let name: String, done: Bool
            switch move {
            case 0: name = "relocate"; done = search.relocate(u, after: v)
            case 1: name = "swap"; done = search.swap(u, v)
            case 2: name = "2-opt*"; done = search.route(of: u) != search.route(of: v) && search.swapTails(u, v)
            case 3: name = "2-opt"; done = search.route(of: u) == search.route(of: v) && search.twoOpt(u, v)
            case 4: name = "exchange (2,0)"; done = search.exchange(u, length: 2, with: v, length: 0)
            case 5: name = "exchange (2,1)"; done = search.exchange(u, length: 2, with: v, length: 1)
            default: name = "exchange (2,2)"; done = search.exchange(u, length: 2, with: v, length: 2)
            }
            let after = search.solution()
            if done {
                applied[name, default: 0] += 1
                let rebuilt = rebuiltCost(after, problem)
                #expect(rebuilt < cost, "\(name)(\(u), \(v)) was priced as an improvement but costs \(rebuilt) against \(cost)")
                #expect(search.penalisedCost == rebuilt, "running totals after \(name) disagree with a rebuild")
                #expect(Set(after.routes.flatMap(\.visits)) == Set(clients), "\(name) lost or duplicated a client")
            } else {
                #expect(after.routes.map(\.visits) == before.routes.map(\.visits), "a refused \(name) changed the routes")
            }
        }
        // The start is poor enough that every kind of move finds something to improve.
        for name in ["relocate", "swap", "2-opt*", "2-opt", "exchange (2,0)", "exchange (2,1)", "exchange (2,2)"] {
            #expect(applied[name, default: 0] > 0, "no \(name) was ever applied")
        }
    }
}
