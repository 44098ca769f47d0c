import ArgumentParser
import Foundation
import Routing

/// `chargemall solve` on an E-VRPTW instance: the electric solver, its answer checked by `ElectricChecker`
/// with the charge amounts it chose, written in the best-known files' route form or as JSON.
struct SolveElectric {
    var file: String
    var instance: EVRPTWInstance
    var seconds: Double
    var seed: UInt64
    var threads: Int
    var out: String?
    var json: Bool

    struct Visit: Encodable {
        var id: String
        var kind: String
        /// Energy taken at a station, and how long that takes (the instance's units).
        var charge: Double?
        var chargingTime: Double?
    }

    struct Route: Encodable {
        var visits: [Visit]
        var distance: Double
        var energy: Double
        var charged: Double
        var returnTime: Double
        /// The `D0;…;D0` line.
        var line: String
    }

    struct Output: Encodable {
        var instance: String
        var vehicles: Int
        var distance: Double
        var energy: Double
        var feasible: Bool
        var violations: [String]
        var bestKnownVehicles: Int?
        var bestKnownDistance: Double?
        var gapPercent: Double?
        var iterations: Int
        var seconds: Double
        var routes: [Route]
    }

    /// The electric problem in `text`, if it is one: the benchmark's text format (a `StringID` header) or JSON
    /// with a `battery`; nil for anything else (a VRPLIB or routing JSON problem).
    static func instance(file: String, text: String) throws -> EVRPTWInstance? {
        let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        do {
            if text.hasPrefix("StringID") { return try EVRPTWFormat.parse(text, name: name) }
            guard file.hasSuffix(".json"), text.contains("\"battery\"") else { return nil }
            var instance = try JSONDecoder().decode(EVRPTWInstance.self, from: Data(text.utf8))
            if instance.name.isEmpty { instance.name = name }
            return instance
        } catch {
            throw ValidationError("\(file): \(error)")
        }
    }

    func run() throws {
        let name = instance.name
        FileHandle.standardError.write(Data("\(name): \(instance.customers.count) customers, \(instance.stations.count) stations, battery \(instance.battery)\n".utf8))
        let options = SolverOptions(seconds: seconds, seed: seed, threads: threads)
        let result = ElectricSolver(instance: instance).solve(options: options) { line in FileHandle.standardError.write(Data("\(line)\n".utf8)) }
        let plans = result.plans
        let report = ElectricChecker(instance: instance).check(plans)
        // The table sits beside the instance folder (../shared/bench/evrptw/100/c101_21.txt → ../bks-evrptw-pr.tsv).
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent().path
        let bestKnown = EVRPTWFormat.bestKnown(path: "\(folder)/bks-evrptw-pr.tsv")[name.replacingOccurrences(of: "_21", with: "").uppercased()]
        let lines = EVRPTWFormat.format(result.routes, in: instance)
        if let out { try (lines + "\n").write(toFile: out, atomically: true, encoding: .utf8) }
        let feasible = result.feasible && report.isFeasible
        if json {
            let routes = zip(plans, report.routes).map { plan, facts in
                Route(visits: plan.map { visit in
                    let location = instance.locations[visit.location]
                    let charging = location.kind == .station
                    return Visit(id: location.id, kind: location.kind == .station ? "station" : "customer", charge: charging ? visit.charge : nil,
                                 chargingTime: charging ? visit.charge * instance.chargeTimePerEnergy : nil)
                }, distance: facts.distance, energy: facts.energy, charged: facts.charged, returnTime: facts.returnTime,
                      line: EVRPTWFormat.format([plan.map(\.location)], in: instance))
            }
            try printJSON(Output(instance: name, vehicles: report.vehicles, distance: report.distance, energy: report.energy, feasible: feasible,
                                 violations: report.violations, bestKnownVehicles: bestKnown?.vehicles, bestKnownDistance: bestKnown?.distance,
                                 gapPercent: bestKnown.map { 100 * (report.distance - $0.distance) / $0.distance },
                                 iterations: result.iterations, seconds: result.seconds, routes: routes))
            return
        }
        print(lines)
        print(String(format: "vehicles %d, distance %.2f, energy %.2f, charged %.2f at %d station visits, feasible %@ (checked), %d iterations in %.1f s",
                     report.vehicles, report.distance, report.energy, report.routes.reduce(0) { $0 + $1.charged },
                     plans.joined().filter { instance.locations[$0.location].kind == .station }.count, feasible ? "yes" : "NO",
                     result.iterations, result.seconds))
        if let bestKnown {
            print(String(format: "best known %d vehicles, %.2f; gap %.2f %%", bestKnown.vehicles, bestKnown.distance,
                         100 * (report.distance - bestKnown.distance) / bestKnown.distance))
        }
        for violation in report.violations { print("violation: \(violation)") }
    }
}
