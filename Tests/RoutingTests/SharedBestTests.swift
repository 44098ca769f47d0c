import Foundation
import Testing
@testable import Routing

@Suite("search threads sharing their best")
struct SharedBestTests {
    @Test("keeps the cheapest offer and hands it only to a thread whose own best costs more")
    func cheapest() throws {
        let shared = SharedBest()
        #expect(shared.cheaper(than: .max) == nil)
        shared.offer(cost: 120, snapshot: [[1, 2], [3]])
        shared.offer(cost: 150, snapshot: [[3, 2, 1], []])
        let best = try #require(shared.cheaper(than: 130))
        #expect(best.cost == 120 && best.snapshot == [[1, 2], [3]])
        #expect(shared.cheaper(than: 120) == nil)
        #expect(shared.cheaper(than: 100) == nil)
    }

    @Test("offers from many threads at once leave the cheapest")
    func concurrent() {
        let shared = SharedBest()
        DispatchQueue.concurrentPerform(iterations: 64) { k in
            shared.offer(cost: 1_000 - (k * 37) % 500, snapshot: [[k]])
        }
        let best = shared.cheaper(than: .max)
        #expect(best?.cost == (0..<64).map { 1_000 - ($0 * 37) % 500 }.min())
        #expect(best.map { 1_000 - ($0.snapshot[0][0] * 37) % 500 == $0.cost } == true)
    }

    @Test("a time-limited solve whose threads restart from each other's best answers feasibly, pinned stops in place")
    func restartsFromEachOther() throws {
        let problem = Factories.randomProblem(clients: 40, vehicles: 10, capacity: 60, seed: 11)
        let first = Solver(problem: problem).solve(options: SolverOptions(seconds: nil, iterations: 50, seed: 1, threads: 1))
        let checker = FeasibilityChecker(problem: problem)
        try #require(checker.check(first.solution).isFeasible)
        var pinned: [Int: Int] = [:]
        for (k, route) in first.solution.routes.enumerated() { pinned[k] = min(1, route.visits.count) }
        // Restarts every few iterations, so both threads take the other's snapshot many times in half a second.
        var options = SolverOptions(seconds: 0.5, seed: 4, threads: 2)
        options.restartAfter = 5
        options.shareBest = true
        let result = Solver(problem: problem).solve(options: options, initial: first.solution, pinned: pinned)
        let report = checker.check(result.solution)
        #expect(result.feasible && report.isFeasible, "\(report.violations)")
        #expect(report.cost == result.cost && result.cost <= first.cost)
        for (k, count) in pinned {
            let prefix = Array(first.solution.routes[k].visits.prefix(count))
            #expect(result.solution.routes.contains { Array($0.visits.prefix(count)) == prefix }, "route \(k) lost its pinned stop \(prefix)")
        }
    }
}
