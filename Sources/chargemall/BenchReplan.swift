import ArgumentParser
import Foundation
import Routing

/// `chargemall bench replan`: ETA recomputation and warm-started re-optimisation after a traffic slowdown.
struct BenchReplan: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replan",
        abstract: "Re-plan after a slowdown: ETA recomputation time, re-optimisation time and cost, pinned stops kept.",
        discussion: """
            Takes the first --stops clients of a Homberger instance, plans them (--plan-seconds), pins the first
            third of every route (done or under way), slows the arcs near a random point by --factor, then
            recomputes all ETAs (timed over many repetitions) and re-optimises the rest within --seconds.
            Example: chargemall bench replan --instance R1_10_1 --stops 200
            """)

    @Option(help: "Folder holding the sets.") var data = "../shared/bench/vrp"
    @Option(help: "Homberger instance.") var instance = "R1_10_1"
    @Option(help: "Clients kept.") var stops = 200
    @Option(help: "Seconds to make the first plan.") var planSeconds: Double = 5
    @Option(help: "Re-optimisation budget in seconds (the whole re-plan must stay under 1 s).") var seconds: Double = 0.8
    @Option(help: "Travel-time factor on the slowed arcs.") var factor: Double = 1.8
    @Option(help: "Seed.") var seed: UInt64 = 1

    func run() throws {
        let path = "\(data)/homberger/\(instance).vrp"
        guard FileManager.default.fileExists(atPath: path) else { throw ValidationError("no benchmark data at \(path)") }
        let problem = try VRPLIB.read(path: path, rounding: .dimacs).prefix(clients: stops)
        FileHandle.standardError.write(Data("planning \(problem.clientCount) stops for \(planSeconds) s…\n".utf8))
        let plan = Solver(problem: problem).solve(options: SolverOptions(seconds: planSeconds, seed: seed)).solution
        var pinned: [Int: Int] = [:]
        for (k, route) in plan.routes.enumerated() { pinned[k] = route.visits.count / 3 }

        // Slow every arc with an end within a quarter of the area's width of a random client.
        let centre = problem.coordinates(problem.depotCount + Int(seed % UInt64(problem.clientCount)))
        let xs = (0..<problem.locationCount).map { problem.coordinates($0).x }
        let radius = ((xs.max() ?? 1) - (xs.min() ?? 0)) / 4
        let near = (0..<problem.locationCount).filter {
            let p = problem.coordinates($0)
            return ((p.x - centre.x) * (p.x - centre.x) + (p.y - centre.y) * (p.y - centre.y)).squareRoot() <= radius
        }
        let nearSet = Set(near)
        var arcs: [(from: Int, to: Int)] = []
        for i in 0..<problem.locationCount { for j in 0..<problem.locationCount where i != j && (nearSet.contains(i) || nearSet.contains(j)) { arcs.append((i, j)) } }
        let slowed = problem.slowed(arcs: arcs, factor: factor)
        let replanner = Replanner(problem: slowed)

        let repetitions = 200
        let etaStart = Date()
        var checksum = 0
        for _ in 0..<repetitions { checksum &+= replanner.etas(plan).reduce(0) { $0 + ($1.last ?? 0) } }
        let etaMilliseconds = Date().timeIntervalSince(etaStart) * 1_000 / Double(repetitions)

        let outcome = replanner.replan(plan, pinnedCounts: pinned, options: SolverOptions(seconds: seconds, seed: seed))
        let scale = Double(problem.costScale)
        print("re-plan: \(problem.name), \(problem.clientCount) stops in \(plan.routes.count) routes, \(pinned.values.reduce(0, +)) pinned; arcs slowed ×\(factor): \(arcs.count) (\(near.count) locations near the jam)")
        print("| step | time | feasible | late (total) | cost |")
        print("|---|---|---|---|---|")
        print(String(format: "| ETAs of every stop, new travel times | %.3f ms | | | |", etaMilliseconds))
        print(String(format: "| current plan, new travel times | | %@ | %.1f | %.1f |", outcome.before.feasible ? "yes" : "no",
                     Double(outcome.before.lateness) / scale, Double(outcome.before.cost) / scale))
        print(String(format: "| re-optimised (warm start, %.1f s budget) | %.2f s | %@ | %.1f | %.1f |", seconds, outcome.seconds,
                     outcome.after.feasible ? "yes" : "no", Double(outcome.after.lateness) / scale, Double(outcome.after.cost) / scale))
        print(outcome.changed ? "the re-optimised plan replaces the current one" : "the current plan is kept (nothing better found)")
        _ = checksum
    }
}
