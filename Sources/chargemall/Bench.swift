import ArgumentParser

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmarks that print a table (build with -c release).",
        subcommands: [BenchOrders.self, BenchPush.self, BenchTracking.self, BenchForecast.self, BenchInventory.self, BenchSurge.self, BenchRouting.self, BenchReplan.self, BenchDispatch.self, BenchTraffic.self, BenchReplenishment.self, BenchChat.self, BenchSoak.self])
}
