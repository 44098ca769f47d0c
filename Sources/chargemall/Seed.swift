import ArgumentParser
import Foundation
import Logging
import Server
import Storage

struct Seed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the deterministic demo data (Shenzhen mall) into an empty database.",
        discussion: "Example: chargemall seed --days 90 --customers 200")

    @OptionGroup var database: DatabaseOption
    @Option(help: "Days of order history.") var days = 90
    @Option(help: "Number of demo customers.") var customers = 200

    func run() async throws {
        var configuration = try database.configuration()
        configuration.seedDemoData = false
        let client = try await configuration.database.connect(logger: Logger(label: "chargemall.seed"))
        let services = try await makeServices(configuration, database: client)
        var seeder = DemoSeeder(store: services.store, passwords: services.passwords)
        seeder.days = days
        seeder.customers = customers
        let seeded = try await seeder.seedIfEmpty { FileHandle.standardError.write(Data("seed: \($0)\n".utf8)) }
        await client.shutdown()
        print(seeded ? "demo data written to \(configuration.database)" : "database already has data; nothing written")
    }
}
