import Foundation
import Synchronization

/// `runs` worlds of a scenario (seeds `seed`, `seed + 1`, …), each lived through by both policies; the report
/// gives each figure's mean over the runs and its 95 % confidence interval.
public struct Simulation: Sendable {
    public var scenario: Scenario
    public var seed: UInt64
    public var runs: Int
    /// Solver iterations per plan for ours (a fixed budget, so the same seed gives the same report).
    public var iterations = 2_000
    /// A plan stops after this many iterations without a better plan (nil: it runs all `iterations`).
    public var patience: Int? = 1_000
    /// Policy runs lived through at the same time (each on one core).
    public var parallel = ProcessInfo.processInfo.activeProcessorCount
    /// Where the runs' databases live while they run.
    public var folder = FileManager.default.temporaryDirectory.appendingPathComponent("chargemall-simulate").path

    public init(scenario: Scenario, seed: UInt64, runs: Int) {
        self.scenario = scenario
        self.seed = seed
        self.runs = runs
    }

    public func run(progress: @escaping @Sendable (String) -> Void = { _ in }) async throws -> SimulationReport {
        let folder = self.folder + "-\(ProcessInfo.processInfo.processIdentifier)", iterations = self.iterations, patience = self.patience
        let runs = self.runs, worlds = (0..<runs).map { World(scenario: scenario, seed: seed &+ UInt64($0)) }
        // Every (run, policy) is a job of its own (each in its own database; nothing is shared but the world,
        // which is read only), `parallel` at a time. Ours takes about three times the baseline's time, so each
        // run's ours starts first and the baselines fill the gaps. Results are filed by run and policy, so the
        // order in which jobs finish changes nothing in the report.
        // The folder is this process's own (its pid in the name): it goes when every job has finished.
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let jobs = (0..<runs).flatMap { run in [(run, SimulationPolicy.ours), (run, SimulationPolicy.baseline)] }
        let status = Status(progress: progress)
        var figures: [SimulationPolicy: [Int: RunFigures]] = [:]
        try await withThrowingTaskGroup(of: (Int, SimulationPolicy, RunFigures).self) { group in
            var next = 0
            while next < jobs.count || !group.isEmpty {
                while next < jobs.count && next - figures.values.map(\.count).reduce(0, +) < max(1, parallel) {
                    let (run, policy) = jobs[next], world = worlds[run], key = "run \(run + 1)/\(runs) \(policy.rawValue)"
                    group.addTask {
                        let result = try await MallRun.run(world: world, policy: policy, folder: folder, iterations: iterations, patience: patience) {
                            status.update(key, "run \(run + 1)/\(runs) \($0)")
                        }
                        status.finished(key)
                        return (run, policy, result)
                    }
                    next += 1
                }
                guard let (run, policy, result) = try await group.next() else { break }
                figures[policy, default: [:]][run] = result
            }
        }
        let ordered = { (policy: SimulationPolicy) in (0..<runs).compactMap { figures[policy]?[$0] } }
        return SimulationReport(scenario: scenario.name, seed: seed, days: scenario.days, runs: runs,
                                baseline: .init(ordered(.baseline)), ours: .init(ordered(.ours)))
    }
}

/// The running jobs' latest progress on one line; a line of its own (ending in a newline) passes through.
private final class Status: Sendable {
    let progress: @Sendable (String) -> Void
    let latest = Mutex<[(key: String, line: String)]>([])

    init(progress: @escaping @Sendable (String) -> Void) {
        self.progress = progress
    }

    func update(_ key: String, _ line: String) {
        if line.hasSuffix("\n") {
            progress(line)
            return
        }
        let combined = latest.withLock { latest in
            if let index = latest.firstIndex(where: { $0.key == key }) { latest[index].line = line } else { latest.append((key, line)) }
            return latest.map(\.line).joined(separator: " | ")
        }
        progress(combined)
    }

    func finished(_ key: String) {
        latest.withLock { $0.removeAll { $0.key == key } }
    }
}

/// The report: per policy each figure's mean over the runs and the half-width of its 95 % confidence
/// interval (Student's t over the runs; 0 with one run), with the runs themselves for the charts.
public struct SimulationReport: Codable, Sendable, Equatable {
    public var scenario: String
    public var seed: UInt64
    public var days: Int
    public var runs: Int
    public var baseline: PolicySummary
    public var ours: PolicySummary

    public struct PolicySummary: Codable, Sendable, Equatable {
        public var means: [String: Double]
        public var ci95: [String: Double]
        public var runs: [RunFigures]

        init(_ runs: [RunFigures]) {
            self.runs = runs
            var means: [String: Double] = [:], ci: [String: Double] = [:]
            for (index, (name, _)) in (runs.first?.headline ?? RunFigures().headline).enumerated() {
                let values = runs.map { $0.headline[index].value }
                let (mean, half) = Statistics.meanAndHalfWidth(values)
                means[name] = mean
                ci[name] = half
            }
            self.means = means
            ci95 = ci
        }
    }

    /// The JSON the issue asks for: `{scenario, seed, days, runs, baseline:{…}, ours:{…}}`, each policy's
    /// figures as means with `ci95` beside them.
    public func json() throws -> String {
        func policy(_ summary: PolicySummary) -> [String: Any] {
            var object: [String: Any] = [:]
            for (name, value) in summary.means { object[name] = value }
            object["ci95"] = summary.ci95
            return object
        }
        let object: [String: Any] = ["scenario": scenario, "seed": NSNumber(value: seed), "days": days, "runs": runs,
                                     "baseline": policy(baseline), "ours": policy(ours)]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
        return String(decoding: data, as: UTF8.self)
    }

    /// A Markdown table: each figure, baseline and ours with their intervals, and the change.
    public func table() -> String {
        var lines = ["scenario \(scenario), \(days) days, \(runs) run\(runs == 1 ? "" : "s") from seed \(seed) (mean ± 95 % CI half-width)", "",
                     "| figure | baseline | ours | change |", "|---|---|---|---|"]
        for (name, _) in RunFigures().headline {
            let b = baseline.means[name] ?? 0, o = ours.means[name] ?? 0
            let change = b == 0 ? "–" : String(format: "%+.1f %%", (o - b) / abs(b) * 100)
            lines.append("| \(name) | \(Self.format(b, baseline.ci95[name] ?? 0, name)) | \(Self.format(o, ours.ci95[name] ?? 0, name)) | \(change) |")
        }
        let refused = { (summary: PolicySummary) in summary.runs.reduce(0) { $0 + $1.refusedStops } }
        lines += ["", "stops the product refused to close, over all runs (a bug unless 0): baseline \(refused(baseline)), ours \(refused(ours))"]
        return lines.joined(separator: "\n")
    }

    static func format(_ value: Double, _ half: Double, _ name: String) -> String {
        let digits = name.hasSuffix("Share") || name == "fillRate" || name == "turnover" ? 3 : (abs(value) >= 1000 ? 0 : 1)
        return String(format: "%.\(digits)f ± %.\(digits)f", value, half)
    }
}

enum Statistics {
    /// Two-sided 95 % quantiles of Student's t for 1…30 degrees of freedom.
    static let t95: [Double] = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
                                2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042]

    static func meanAndHalfWidth(_ values: [Double]) -> (Double, Double) {
        guard !values.isEmpty else { return (0, 0) }
        let mean = values.reduce(0, +) / Double(values.count)
        guard values.count > 1 else { return (mean, 0) }
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
        let t = values.count - 1 <= t95.count ? t95[values.count - 2] : 1.96
        return (mean, t * (variance / Double(values.count)).squareRoot())
    }
}
