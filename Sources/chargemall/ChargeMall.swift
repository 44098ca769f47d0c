import ArgumentParser

@main
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
