import Foundation
import SolverSupport
@testable import Routing

/// Small random instances: one depot in the middle, clients with demands, windows and service times.
enum Factories {
    static func randomProblem(clients: Int, vehicles: Int, capacity: Int, seed: UInt64, windows: Bool = true) -> ProblemData {
        var random = SeededGenerator(seed: seed)
        var xs = [50.0], ys = [50.0]
        var list: [ProblemData.Client] = []
        for _ in 0..<clients {
            let x = Double(Int.random(in: 0...100, using: &random)), y = Double(Int.random(in: 0...100, using: &random))
            xs.append(x); ys.append(y)
            // Every window can be reached straight from the depot (the depot is at (50, 50), tenths of a unit).
            let direct = Int(((x - 50) * (x - 50) + (y - 50) * (y - 50)).squareRoot() * 10)
            let early = windows ? Int.random(in: 0...600, using: &random) : 0
            let late = windows ? max(early + Int.random(in: 200...900, using: &random), direct + 50) : 100_000
            list.append(.init(x: x, y: y, demand: [Int.random(in: 1...10, using: &random)], serviceDuration: 10 * Int.random(in: 0...5, using: &random),
                              twEarly: early, twLate: late))
        }
        let matrix = TravelMatrix.euclidean(x: xs, y: ys, scale: 10, truncate: true).densified()
        return ProblemData(name: "random-\(seed)", depots: [.init(x: 50, y: 50, twEarly: 0, twLate: 3_000)], clients: list,
                           vehicleTypes: [.init(count: vehicles, capacity: [capacity], shiftStart: 0, shiftEnd: 3_000)],
                           distances: matrix, costScale: 10)
    }

    /// The cheapest feasible solution by enumerating every order of the clients and every way of cutting it
    /// into at most `vehicles` routes (checked by the feasibility checker). Nil when none is feasible.
    static func optimum(_ problem: ProblemData) -> Int? {
        let clients = Array(problem.depotCount..<problem.locationCount)
        let checker = FeasibilityChecker(problem: problem)
        let vehicles = problem.vehicleTypes[0].count
        var best: Int?
        func permutations(_ items: [Int]) -> [[Int]] {
            guard items.count > 1 else { return [items] }
            return items.indices.flatMap { i -> [[Int]] in
                var rest = items
                let head = rest.remove(at: i)
                return permutations(rest).map { [head] + $0 }
            }
        }
        for order in permutations(clients) {
            for cuts in 0..<(1 << (clients.count - 1)) where cuts.nonzeroBitCount < vehicles {
                var routes: [Solution.Route] = []
                var current: [Int] = []
                for (i, c) in order.enumerated() {
                    current.append(c)
                    if i == order.count - 1 || cuts & (1 << i) != 0 {
                        routes.append(.init(visits: current))
                        current = []
                    }
                }
                let report = checker.check(Solution(routes: routes))
                if report.isFeasible, best == nil || report.cost < best! { best = report.cost }
            }
        }
        return best
    }
}
