import ArgumentParser
import Foundation
import Logging
import Logistics
import Server

struct TrafficCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "traffic", abstract: "Traffic changes from the command line.", subcommands: [Replay.self])

    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replay a traffic feed into the database: each update re-times the live routes and tells the customers whose ETA moved.",
            discussion: """
                The feed is JSON: {"name": …, "updates": [{"afterMinutes", "center": {"latitude", "longitude"}, "radiusKm", "factor",
                "minutes", "reason"}]}. --speed compresses the waits between updates (60: a feed minute per second); each slowdown
                lasts its minutes of real time from when it is replayed. A running server pushes the customers' events as it
                would for a dispatcher's report. Example:
                  chargemall traffic replay demo/traffic/shenzhen-evening.json --speed 60
                """)

        @Argument(help: "The feed file.") var file: String
        @Option(help: "Feed minutes per real minute (1: real time).") var speed: Double = 60
        @OptionGroup var database: DatabaseOption

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
            let feed = try TrafficFeed.decode(data)
            var configuration = try database.configuration()
            configuration.seedDemoData = false
            let client = try await configuration.database.connect(logger: Logger(label: "chargemall.traffic"))
            let services = try await makeServices(configuration, database: client)
            print("replaying \"\(feed.name)\": \(feed.updates.count) updates at \(speed)× into \(configuration.database)")
            do {
                try await feed.replay(through: services.traffic, speed: speed, sleep: { try await Task.sleep(for: .milliseconds(Int($0 * 1000))) }) { update, outcome in
                    print(String(format: "+%5.1f min  ×%.1f within %.1f km of %.4f,%.4f for %.0f min: %d routes re-timed, %d re-sequenced, %d customers told  (%@)",
                                 update.afterMinutes, update.factor, update.radiusKm, update.center.latitude, update.center.longitude, update.minutes,
                                 outcome.routes, outcome.routesResequenced, outcome.customersTold, update.reason))
                }
            } catch {
                await client.shutdown()
                throw error
            }
            await client.shutdown()
        }
    }
}
