import ArgumentParser
import Foundation
import Routing

/// `chargemall bench routing --set evrptw`: the electric solver on Schneider et al.'s 56 instances (100
/// customers, 21 stations), against the best known solutions with partial recharging and routing-blocks.
struct ElectricBench {
    var folder: String
    var seconds: Double
    var seed: UInt64
    var threads: Int
    var stationCopies: Int
    var instances: [String]?

    struct Row: Encodable {
        var instance: String
        var vehicles: Int
        var distance: Double
        var feasible: Bool
        var kWh: Double
        var charged: Double
        var stationVisits: Int
        var bestKnownVehicles: Int?
        var bestKnownDistance: Double?
        var gapPercent: Double?
        var routingBlocksVehicles: Int?
        var routingBlocksDistance: Double?
        var routingBlocksSeconds: Double?
        var seconds: Double
        var allowance: Double
        /// The search's iterations, all threads together (what an engine change buys or costs in speed).
        var iterations: Int

        /// Lexicographic, as the benchmark ranks: vehicles, then distance; nil without an anchor.
        var againstRoutingBlocks: Int? {
            guard let v = routingBlocksVehicles, let d = routingBlocksDistance else { return nil }
            if vehicles != v { return vehicles < v ? 1 : -1 }
            return abs(distance - d) < 0.005 ? 0 : distance < d ? 1 : -1
        }
    }

    func run(json: Bool) throws {
        let dataFolder = "\(folder)/100"
        guard let files = try? FileManager.default.contentsOfDirectory(atPath: dataFolder) else {
            throw ValidationError("no E-VRPTW data at \(dataFolder) (see ../shared/bench/README.md)")
        }
        var names = files.filter { $0.hasSuffix("_21.txt") }.map { String($0.dropLast(7)) }.sorted { $0.compare($1, options: .numeric) == .orderedAscending }
        if let instances {
            for w in instances where !names.contains(w) { throw ValidationError("no instance \(w) in \(dataFolder)") }
            names = instances
        }
        let bestKnown = EVRPTWFormat.bestKnown(path: "\(folder)/bks-evrptw-pr.tsv")
        let anchor = Self.routingBlocks(path: "\(folder)/anchor-routingblocks.csv")
        var rows: [Row] = []
        for (index, name) in names.enumerated() {
            let instance = try EVRPTWFormat.read(path: "\(dataFolder)/\(name)_21.txt")
            let result = ElectricSolver(instance: instance, stationCopies: stationCopies).solve(options: SolverOptions(seconds: seconds, seed: seed, threads: threads))
            let bks = bestKnown[name.uppercased()], rb = anchor[name.lowercased()]
            // Feasible means the independent checker, given the charge amounts, finds nothing wrong.
            let checked = ElectricChecker(instance: instance).check(result.plans)
            let row = Row(instance: name, vehicles: checked.vehicles, distance: checked.distance, feasible: result.feasible && checked.isFeasible, kWh: checked.energy,
                          charged: result.charged, stationVisits: result.routes.joined().filter { instance.locations[$0].kind == .station }.count,
                          bestKnownVehicles: bks?.vehicles, bestKnownDistance: bks?.distance,
                          gapPercent: bks.map { 100 * (result.distance - $0.distance) / $0.distance },
                          routingBlocksVehicles: rb?.vehicles, routingBlocksDistance: rb?.distance, routingBlocksSeconds: rb?.seconds,
                          seconds: result.seconds, allowance: result.allowance, iterations: result.iterations)
            rows.append(row)
            FileHandle.standardError.write(Data(String(format: "[%d/%d] %@: %d vehicles (best known %@), %.2f%@%@ (%.0f s)\n", index + 1, names.count, name,
                                                       row.vehicles, bks.map { String($0.vehicles) } ?? "?", row.distance,
                                                       row.gapPercent.map { String(format: ", gap %.2f %%", $0) } ?? "", row.feasible ? "" : ", INFEASIBLE",
                                                       row.seconds).utf8))
        }
        if json {
            try printJSON(rows)
            return
        }
        print("set evrptw (100 customers, 21 stations), \(seconds) s per instance, seed \(seed), \(threads) thread(s); every answer checked by the exact route evaluator and, with its charge amounts, by the independent checker")
        let classes = Dictionary(grouping: rows) { String($0.instance.prefix { !$0.isNumber }) + String($0.instance.first { $0.isNumber } ?? "?") }
        for key in classes.keys.sorted() {
            let group = classes[key]!
            print("\n### \(key.uppercased()) (\(group.count) instances)\n")
            print("| instance | vehicles | best known | distance | best known | gap % | routing-blocks | rb s | kWh | stations | feasible | s |")
            print("|---|---|---|---|---|---|---|---|---|---|---|---|")
            for r in group {
                print(String(format: "| %@ | %d | %@ | %.2f | %@ | %@ | %@ | %@ | %.1f | %d | %@ | %.0f |", r.instance, r.vehicles,
                             r.bestKnownVehicles.map(String.init) ?? "", r.distance, r.bestKnownDistance.map { String(format: "%.2f", $0) } ?? "",
                             r.gapPercent.map { String(format: "%.2f", $0) } ?? "",
                             r.routingBlocksVehicles.map { v in "\(v) / " + String(format: "%.2f", r.routingBlocksDistance ?? 0) } ?? "",
                             r.routingBlocksSeconds.map { String(format: "%.0f", $0) } ?? "", r.kWh, r.stationVisits, r.feasible ? "yes" : "NO", r.seconds))
            }
        }
        let sameVehicles = rows.filter { $0.bestKnownVehicles == $0.vehicles }
        let gaps = sameVehicles.compactMap(\.gapPercent)
        let versus = rows.compactMap(\.againstRoutingBlocks)
        print("")
        print(String(format: "feasible %d/%d; vehicles equal to the best known on %d/%d (%.0f %%)%@; against routing-blocks: %d better, %d worse, %d equal",
                     rows.filter(\.feasible).count, rows.count, sameVehicles.count, rows.count, 100 * Double(sameVehicles.count) / Double(max(rows.count, 1)),
                     gaps.isEmpty ? "" : String(format: ", mean distance gap on those %.2f %%", gaps.reduce(0, +) / Double(gaps.count)),
                     versus.filter { $0 > 0 }.count, versus.filter { $0 < 0 }.count, versus.filter { $0 == 0 }.count))
        let extraVehicles = rows.reduce(0) { $0 + $1.vehicles - ($1.bestKnownVehicles ?? $1.vehicles) }
        print("vehicles over the best known, in total: \(extraVehicles)")
    }

    static func routingBlocks(path: String) -> [String: (vehicles: Int, distance: Double, seconds: Double)] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
        var result: [String: (Int, Double, Double)] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",").map(String.init)
            if f.count >= 8, let seconds = Double(f[2]), let cost = Double(f[5]), let k = Int(f[7]) { result[f[0].lowercased()] = (k, cost, seconds) }
        }
        return result
    }
}
