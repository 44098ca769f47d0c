import ArgumentParser
import Logging
import Storage

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Bring the database schema up to date (forward-only, numbered migrations).",
        discussion: "Example: chargemall migrate --database postgres://chargemall:secret@127.0.0.1:5432/chargemall")

    @OptionGroup var database: DatabaseOption

    func run() async throws {
        let url = try database.url()
        let logger = Logger(label: "chargemall.migrate")
        // connect() migrates; report the version reached.
        let client = try await url.connect(logger: logger)
        await client.shutdown()
        print("schema at version \(Migrator.latestVersion) (\(url))")
    }
}
