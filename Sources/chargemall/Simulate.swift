import ArgumentParser
import Foundation
import Simulation

/// `chargemall simulate`: the mall lived through by a small mall's rules and by the product, in the same
/// random worlds (see SIMULATION.md).
struct Simulate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Simulate the mall for --days days, by the baseline and by ours, and compare (delivery time, on time, km, kWh, stock).",
        discussion: """
            Runs the product's own services (orders, allocation, cut-off plans, drivers, carriers, traffic
            re-plans, the nightly replenishment run, purchase orders) on an embedded database in a temporary
            file against a virtual clock, twice per run: with the baseline a small mall would use and with
            ours, in the same random world (demand, flash sale, traffic, failed deliveries, carriers,
            suppliers). Scenarios: normal-month, flash-sale, peak-season, traffic-chaos, or a JSON file (see
            Sources/Simulation/Scenarios/README.md). Same seed, same report.
            Example: chargemall simulate --scenario flash-sale --runs 10 --out sim/flash-sale
            """)

    @Option(help: "A built-in scenario's name or a scenario file.") var scenario = "normal-month"
    @Option(help: "Days to simulate (default: the scenario's).") var days: Int?
    @Option(help: "Seed of the first run's world (run k uses seed + k).") var seed: UInt64 = 1
    @Option(help: "Runs (worlds), for the confidence intervals.") var runs = 1
    @Option(help: "Solver iterations per plan for ours.") var iterations = 2_000
    @Option(help: "Stop a plan after this many iterations without a better one (0: never).") var patience = 1_000
    @Option(help: "Policy runs at the same time (default: one per core).") var parallel = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Folder for report.json (and charts).") var out: String?
    @Flag(help: "Print the JSON report instead of the table.") var json = false

    func validate() throws {
        guard (1...100).contains(runs) else { throw ValidationError("--runs: 1 to 100") }
        if let days, !(1...366).contains(days) { throw ValidationError("--days: 1 to 366") }
        guard (100...1_000_000).contains(iterations) else { throw ValidationError("--iterations: 100 to 1000000") }
        guard (0...1_000_000).contains(patience) else { throw ValidationError("--patience: 0 (never) to 1000000") }
        guard (1...64).contains(parallel) else { throw ValidationError("--parallel: 1 to 64") }
    }

    func run() async throws {
        var scenario = try Scenario.load(self.scenario)
        if let days { scenario.days = days }
        var simulation = Simulation(scenario: scenario, seed: seed, runs: runs)
        simulation.iterations = iterations
        simulation.patience = patience > 0 ? patience : nil
        simulation.parallel = parallel
        let started = Date()
        let report = try await simulation.run { line in
            FileHandle.standardError.write(Data("\r\(line)\u{1B}[K".utf8))
        }
        FileHandle.standardError.write(Data(String(format: "\nsimulated in %.0f s\n", Date().timeIntervalSince(started)).utf8))
        let json = try report.json()
        if let out {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            try Data((json + "\n").utf8).write(to: URL(fileURLWithPath: out + "/report.json"))
            for (name, svg) in SimulationCharts.all(report) { try Data(svg.utf8).write(to: URL(fileURLWithPath: out + "/" + name)) }
            FileHandle.standardError.write(Data("report.json and charts in \(out)\n".utf8))
        }
        print(self.json ? json : report.table())
    }
}
