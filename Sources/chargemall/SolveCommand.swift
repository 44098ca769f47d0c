import ArgumentParser
import Foundation
import Routing

/// `chargemall solve`: solves one VRPLIB instance.
struct SolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve",
        abstract: "Solve a VRPLIB instance (CVRP, VRPTW, multi-depot) with the iterated local search, or an E-VRPTW instance (electric vans).",
        discussion: """
            Progress (best cost, feasibility, iterations/s) goes to stderr every second; the result to stdout.
            A .sol next to the instance is read as the best known solution and the gap printed.
            Examples:
              chargemall solve ../shared/bench/vrp/solomon/C101.vrp --seconds 10 --seed 1 --svg c101.svg
              chargemall solve X-n101-k25.vrp --rounding round --iterations 20000 --out x.sol
              chargemall solve ../shared/bench/evrptw/100/c101_21.txt --seconds 30 --out c101.routes
            An E-VRPTW instance (Schneider et al.'s text format, or JSON with a "battery") goes to the electric solver;
            --out then writes one route per line as D0;S3;C12;…;D0 (the best-known files' form) and --json gives each
            station visit's charge.
            """)

    @Argument(help: "The .vrp file (VRPLIB) or a .json problem (see RoutingJSON).") var file: String
    @Option(help: "Time budget in seconds.") var seconds: Double = 10
    @Option(help: "Iteration budget per thread instead of time (same seed, same answer).") var iterations: Int?
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "Parallel searches (one per core).") var threads = 2
    @Option(help: "dimacs (truncate to 0.1), round or exact; default dimacs for VRPTW, round otherwise.") var rounding: String?
    @Option(help: "Write the routes as a VRPLIB .sol file (E-VRPTW: one D0;…;D0 line per route).") var out: String?
    @Option(help: "Draw the routes as SVG.") var svg: String?
    @Flag(help: "Print the result as JSON.") var json = false

    func run() throws {
        if let text = try? String(contentsOfFile: file, encoding: .utf8), let instance = try SolveElectric.instance(file: file, text: text) {
            return try SolveElectric(file: file, instance: instance, seconds: seconds, seed: seed, threads: threads, out: out, json: json).run()
        }
        let problem: ProblemData
        if file.hasSuffix(".json") {
            guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
            do { problem = try RoutingJSON.problem(from: data) } catch { throw ValidationError("\(file): not a problem in JSON form (\(error))") }
        } else {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            let mode = try RoutingCLI.rounding(rounding, text: text)
            do { problem = try VRPLIB.parse(text, rounding: mode) } catch { throw ValidationError("\(file): \(error)") }
        }
        FileHandle.standardError.write(Data("\(problem.name): \(problem.clientCount) clients, \(problem.depotCount) depot(s), \(problem.vehicleCount) vehicles\n".utf8))
        let scale = Double(problem.costScale)
        let options = SolverOptions(seconds: iterations == nil ? seconds : nil, iterations: iterations, seed: seed, threads: threads)
        let result = Solver(problem: problem).solve(options: options) { p in
            let best = p.bestCost.map { String(format: "%.1f", Double($0) / scale) } ?? "none feasible"
            FileHandle.standardError.write(Data(String(format: "%5.1f s  best %@  current %.1f  %.0f it/s (thread 1)\n",
                                                       p.seconds, best, Double(p.currentCost) / scale, Double(p.iterations) / max(p.seconds, 1e-9)).utf8))
        }
        let report = FeasibilityChecker(problem: problem).check(result.solution)
        let cost = Double(report.cost) / scale
        let bks = RoutingCLI.bestKnown(for: file)
        if let out { try VRPLIB.solutionText(result.solution, problem: problem, cost: cost).write(toFile: out, atomically: true, encoding: .utf8) }
        if let svg { try RouteMap(problem: problem, solution: result.solution, title: "\(problem.name): \(String(format: "%.1f", cost))").render().write(toFile: svg, atomically: true, encoding: .utf8) }
        if json {
            struct Output: Encodable { var instance: String; var cost: Double; var vehicles: Int; var feasible: Bool; var violations: [String]; var bestKnown: Double?; var gapPercent: Double?; var iterations: Int; var seconds: Double; var plan: RoutingJSON.Plan }
            let output = Output(instance: problem.name, cost: cost, vehicles: report.vehiclesUsed, feasible: report.isFeasible,
                                violations: report.violations, bestKnown: bks, gapPercent: bks.map { 100 * (cost - $0) / $0 },
                                iterations: result.iterations, seconds: result.seconds, plan: RoutingJSON.plan(result.solution, problem: problem))
            try printJSON(output)
            return
        }
        print(VRPLIB.solutionText(result.solution, problem: problem, cost: cost), terminator: "")
        print(String(format: "vehicles %d, feasible %@, %d iterations in %.1f s", report.vehiclesUsed, report.isFeasible ? "yes" : "NO", result.iterations, result.seconds))
        if let bks { print(String(format: "best known %.1f, gap %.2f %%", bks, 100 * (cost - bks) / bks)) }
        for v in report.violations { print("violation: \(v)") }
    }
}

enum RoutingCLI {
    static func rounding(_ option: String?, text: String) throws -> VRPLIB.Rounding {
        if let option {
            guard let mode = VRPLIB.Rounding(rawValue: option) else { throw ValidationError("--rounding must be dimacs, round or exact") }
            return mode
        }
        return text.contains("TIME_WINDOW_SECTION") ? .dimacs : .round
    }

    /// The cost line of the `.sol` next to an instance, if there is one.
    static func bestKnown(for instance: String) -> Double? {
        let sol = (instance as NSString).deletingPathExtension + ".sol"
        guard FileManager.default.fileExists(atPath: sol) else { return nil }
        return try? VRPLIB.readSolution(path: sol).cost
    }
}
