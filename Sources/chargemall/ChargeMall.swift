import ArgumentParser

struct ChargeMall: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chargemall",
        abstract: "ChargeMall Logistics: orders, stock and tracking for an EV-charging-equipment mall.",
        discussion: """
            Examples:
              chargemall serve                       # SQLite under ./data with demo data, http://127.0.0.1:8080
              DATABASE_URL=postgres://u:p@127.0.0.1:5432/chargemall chargemall serve --port 9000
              chargemall bench orders --seconds 10
            """,
        subcommands: [Serve.self, Migrate.self, Seed.self, ForecastCommand.self, SolveCommand.self, TrafficCommand.self, Simulate.self, BackupCommand.self, RestoreCommand.self, FaultsCommand.self, Bench.self])
}

extension ChargeMall {
    /// The entry point main.swift calls: in an async function the async `main` is chosen, which top-level code
    /// does not do (it picked the synchronous one, which never runs an async command).
    static func start() async { await main() }
}
