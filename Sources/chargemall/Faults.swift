import ArgumentParser
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import Storage

/// `chargemall faults`: causes the faults production will meet, on purpose, against real server processes
/// and real databases, and checks what the product promised (RELIABILITY.md lists each with its figures).
struct FaultsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "faults",
        abstract: "Kill, starve and cut off real server processes on SQLite and PostgreSQL, and check what survives.",
        discussion: """
            Faults: crash (kill -9 during an order load; SQLite and PostgreSQL), postgres-restart (PostgreSQL
            stopped and started under load), failover (two instances on one PostgreSQL, one killed during push
            load), full-disk (SQLite on a small tmpfs that fills up; needs root), slow-clients (slowloris, idle
            and too many connections). PostgreSQL faults need --postgres (default: $DATABASE_URL when it is
            postgres://); each makes its own database there and drops it. postgres-restart also needs the
            commands that stop and start that server (scripts/fault-tests.sh passes them).
            A fault that cannot run says why and is skipped; with CI=true a skip is a failure.
            """)

    @Option(help: "Comma-separated faults to cause (default: all).") var only: String?
    @Option(help: "postgres://... server for the PostgreSQL faults (default: $DATABASE_URL if postgres://).") var postgres: String?
    @Option(help: "Shell command that stops the PostgreSQL server abruptly (postgres-restart).") var postgresStop: String?
    @Option(help: "Shell command that starts it again (postgres-restart).") var postgresStart: String?
    @Option(help: "Directory for the servers' logs (default: a temporary one, kept when a fault fails).") var work: String?

    static let all = ["crash", "postgres-restart", "failover", "full-disk", "slow-clients"]

    func run() async throws {
        let chosen = only.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? Self.all
        if let unknown = chosen.first(where: { !Self.all.contains($0) }) { throw ValidationError("unknown fault \(unknown); known: \(Self.all.joined(separator: ", "))") }
        var logger = Logger(label: "faults")
        logger.logLevel = .error
        let work = self.work ?? NSTemporaryDirectory() + "chargemall-faults-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let postgresText = postgres ?? ProcessInfo.processInfo.environment["DATABASE_URL"].flatMap { $0.hasPrefix("postgres") ? $0 : nil }
        let postgresServer = try postgresText.map { try DatabaseURL(parsing: $0) }
        let began = ContinuousClock.now
        let progress: @Sendable (String) -> Void = {
            FileHandle.standardError.write(Data("faults [\(Int((ContinuousClock.now - began).seconds)) s]: \($0)\n".utf8))
        }
        progress("server logs in \(work)")

        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: 256)
        configuration.timeout = .init(connect: .seconds(3), read: .seconds(30))
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        var results: [FaultResult] = []
        var skipped: [(String, String)] = []
        func attempt(_ name: String, _ database: String, _ body: () async throws -> FaultResult) async {
            progress("\(name) on \(database) ...")
            do {
                let result = try await body()
                progress("\(name) on \(database): \(result.held ? "held" : "FAILED") in \(Int(result.seconds)) s")
                results.append(result)
            } catch {
                progress("\(name) on \(database): could not run: \(error)")
                results.append(FaultResult(fault: name, database: database, promise: "(the check itself failed)", observed: ["\(error)"], held: false))
            }
        }

        for name in chosen {
            switch name {
            case "crash":
                await attempt(name, "SQLite") { try await CrashFault.run(sqlite(work, name), label: "SQLite", http: http, work: work, logger: logger, progress: progress) }
                if let postgresServer {
                    await attempt(name, "PostgreSQL") {
                        try await withDatabase(on: postgresServer, logger: logger) { url in
                            try await CrashFault.run(url, label: "PostgreSQL", http: http, work: work, logger: logger, progress: progress)
                        }
                    }
                } else {
                    skipped.append((name + " (PostgreSQL)", "no PostgreSQL: pass --postgres or set DATABASE_URL"))
                }
            case "postgres-restart":
                guard let postgresServer else { skipped.append((name, "no PostgreSQL: pass --postgres or set DATABASE_URL")); continue }
                guard let postgresStop, let postgresStart else { skipped.append((name, "--postgres-stop and --postgres-start not given")); continue }
                await attempt(name, "PostgreSQL") {
                    try await withDatabase(on: postgresServer, logger: logger) { url in
                        try await PostgresRestartFault.run(url, stop: postgresStop, start: postgresStart, http: http, work: work, logger: logger, progress: progress)
                    }
                }
            case "failover":
                guard let postgresServer else { skipped.append((name, "no PostgreSQL: pass --postgres or set DATABASE_URL")); continue }
                await attempt(name, "PostgreSQL") {
                    try await withDatabase(on: postgresServer, logger: logger) { url in
                        try await FailoverFault.run(url, http: http, work: work, logger: logger, progress: progress)
                    }
                }
            case "full-disk":
                guard geteuid() == 0 else { skipped.append((name, "needs root to mount a small tmpfs")); continue }
                await attempt(name, "SQLite") { try await FullDiskFault.run(http: http, work: work, logger: logger, progress: progress) }
            case "slow-clients":
                await attempt(name, "SQLite") { try await SlowClientsFault.run(http: http, work: work, logger: logger, progress: progress) }
            default:
                throw ValidationError("unknown fault \(name)")
            }
        }
        try? await http.shutdown()

        print(Self.table(results, skipped: skipped))
        let failed = results.contains { !$0.held }
        let strict = ProcessInfo.processInfo.environment["CI"] == "true"
        if !failed && !(strict && !skipped.isEmpty), self.work == nil { try? FileManager.default.removeItem(atPath: work) }
        if failed || (strict && !skipped.isEmpty) { throw ExitCode(1) }
    }

    func sqlite(_ work: String, _ name: String) -> DatabaseURL { .sqlite(path: "\(work)/\(name)-\(UUID().uuidString.prefix(8)).sqlite") }

    /// A fresh database on the PostgreSQL server for one fault, dropped afterwards.
    func withDatabase<T>(on server: DatabaseURL, logger: Logger, _ body: (DatabaseURL) async throws -> T) async throws -> T {
        guard case .postgres(let host, let port, let user, let password, _, let tls) = server else { throw HarnessError("not a PostgreSQL URL") }
        let name = "chargemall_fault_\(UUID().uuidString.prefix(8).lowercased())"
        let admin = try await server.connect(logger: logger, migrate: false, connections: 2)
        try await admin.read { db in try await db.raw("CREATE DATABASE \(unsafeRaw: name)").run() }
        await admin.shutdown()
        let drop = {
            if let admin = try? await server.connect(logger: logger, migrate: false, connections: 2) {
                try? await admin.read { db in try await db.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name) WITH (FORCE)").run() }
                await admin.shutdown()
            }
        }
        do {
            let result = try await body(.postgres(host: host, port: port, username: user, password: password, database: name, tls: tls))
            await drop()
            return result
        } catch {
            await drop()
            throw error
        }
    }

    static func table(_ results: [FaultResult], skipped: [(String, String)]) -> String {
        var lines = ["", "| fault | database | promise | what happened | held |", "|---|---|---|---|---|"]
        for result in results {
            lines.append("| \(result.fault) | \(result.database) | \(result.promise) | \(result.observed.joined(separator: "; ")) | \(result.held ? "yes" : "**NO**") (\(Int(result.seconds)) s) |")
        }
        for (name, reason) in skipped { lines.append("| \(name) | | | skipped: \(reason) | skipped |") }
        let failed = results.filter { !$0.held }.count
        lines.append("")
        lines.append("faults: \(results.count - failed) held, \(failed) failed, \(skipped.count) skipped")
        return lines.joined(separator: "\n")
    }
}
