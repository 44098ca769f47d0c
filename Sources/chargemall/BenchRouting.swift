import ArgumentParser
import Foundation
import Routing

/// `chargemall bench routing`: the solver on a benchmark set, with gaps to the best known solutions.
struct BenchRouting: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "routing",
        abstract: "Solve a VRP benchmark set; per instance cost, vehicles, gap to the best known solution, time.",
        discussion: """
            Reads ../shared/bench/vrp/<set> (or --data). Solomon and Homberger use DIMACS distances (truncated
            to one decimal), CVRP X and XXL rounded ones. Every solution is validated by the independent checker.
            Examples:
              chargemall bench routing --set solomon --seconds 10
              chargemall bench routing --set cvrp-x --seconds 60 --instances X-n101-k25,X-n200-k36
              chargemall bench routing --set evrptw --seconds 60      (../shared/bench/evrptw, or --evrptw-data)
            """)

    enum BenchSet: String, ExpressibleByArgument, CaseIterable { case solomon, homberger, cvrpX = "cvrp-x", cvrpXXL = "cvrp-xxl", evrptw }

    @Option(help: "solomon, homberger, cvrp-x, cvrp-xxl or evrptw.") var set: BenchSet = .solomon
    @Option(help: "Folder holding the sets.") var data = "../shared/bench/vrp"
    @Option(help: "Folder holding the E-VRPTW set.") var evrptwData = "../shared/bench/evrptw"
    @Option(help: "Seconds per instance.") var seconds: Double = 10
    @Option(help: "Comma-separated instance names (default: all).") var instances: String?
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "Parallel searches per instance.") var threads = 2
    @Flag(help: "Also move and swap pairs of clients (Exchange (2,0), (2,1), (2,2)).") var pairMoves = false
    @Flag(help: "Print JSON instead of a table.") var json = false
    @Option(help: "evrptw: how often the search may visit each station (0: stations only after the search, the first version).")
    var stationCopies = 3

    struct Row: Encodable {
        var instance: String
        var clients: Int
        var cost: Double
        var vehicles: Int
        var feasible: Bool
        var bestKnown: Double?
        var gapPercent: Double?
        var iterations: Int
        var seconds: Double
    }

    func run() throws {
        if set == .evrptw {
            try ElectricBench(folder: evrptwData, seconds: seconds, seed: seed, threads: threads, stationCopies: stationCopies,
                              instances: instances.map { $0.split(separator: ",").map(String.init) }).run(json: json)
            return
        }
        let folder = "\(data)/\(set.rawValue)"
        guard let files = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            throw ValidationError("no benchmark data at \(folder) (see ../shared/bench/README.md)")
        }
        var names = files.filter { $0.hasSuffix(".vrp") }.map { String($0.dropLast(4)) }.sorted { a, b in
            a.compare(b, options: .numeric) == .orderedAscending
        }
        if let instances {
            let wanted = instances.split(separator: ",").map(String.init)
            for w in wanted where !names.contains(w) { throw ValidationError("no instance \(w) in \(folder)") }
            names = wanted
        }
        let rounding: VRPLIB.Rounding = (set == .solomon || set == .homberger) ? .dimacs : .round
        var rows: [Row] = []
        for (index, name) in names.enumerated() {
            let path = "\(folder)/\(name).vrp"
            let problem = try VRPLIB.read(path: path, rounding: rounding)
            var options = SolverOptions(seconds: seconds, seed: seed, threads: threads)
            options.pairMoves = pairMoves
            let result = Solver(problem: problem).solve(options: options)
            let report = FeasibilityChecker(problem: problem).check(result.solution)
            let cost = Double(report.distance) / Double(problem.costScale)
            let bks = RoutingCLI.bestKnown(for: path)
            let row = Row(instance: name, clients: problem.clientCount, cost: cost, vehicles: report.vehiclesUsed, feasible: report.isFeasible,
                          bestKnown: bks, gapPercent: bks.map { 100 * (cost - $0) / $0 }, iterations: result.iterations, seconds: result.seconds)
            rows.append(row)
            FileHandle.standardError.write(Data(String(format: "[%d/%d] %@: %.1f, %d vehicles%@%@ (%.0f s)\n", index + 1, names.count, name, cost,
                                                       row.vehicles, row.feasible ? "" : ", INFEASIBLE",
                                                       row.gapPercent.map { String(format: ", gap %.2f %%", $0) } ?? "", result.seconds).utf8))
        }
        if json {
            try printJSON(rows)
            return
        }
        print("set \(set.rawValue), \(seconds) s per instance, seed \(seed), \(threads) thread(s)")
        print("| instance | clients | cost | vehicles | feasible | best known | gap % | iterations | seconds |")
        print("|---|---|---|---|---|---|---|---|---|")
        for r in rows {
            print(String(format: "| %@ | %d | %.1f | %d | %@ | %@ | %@ | %d | %.1f |", r.instance, r.clients, r.cost, r.vehicles, r.feasible ? "yes" : "NO",
                         r.bestKnown.map { String(format: "%.1f", $0) } ?? "", r.gapPercent.map { String(format: "%.2f", $0) } ?? "", r.iterations, r.seconds))
        }
        let gaps = rows.compactMap(\.gapPercent)
        let meanCost = rows.reduce(0) { $0 + $1.cost } / Double(max(rows.count, 1))
        print(String(format: "mean cost %.2f over %d instances; feasible %d/%d", meanCost, rows.count, rows.filter(\.feasible).count, rows.count)
              + (gaps.isEmpty ? "" : String(format: "; mean gap %.2f %%", gaps.reduce(0, +) / Double(gaps.count))))
    }
}
