import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Logistics
import Server
import ServiceLifecycle

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the HTTP server (migrates the database and seeds demo data into an empty one).",
        discussion: "Example: chargemall serve --port 8080 --database sqlite://./data/chargemall.sqlite")

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one).") var port = 8080
    @OptionGroup var database: DatabaseOption
    @Flag(help: "Do not seed demo data into an empty database.") var noSeed = false
    @Flag(help: "Do not log each request (benchmarks).") var noAccessLog = false
    @Option(help: "Minutes an unpaid order holds its stock.") var reservationMinutes = 15.0
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.") var logLevel = "info"
    @Option(help: "Seconds between the push fallback polls (events are pushed at once; the poll only covers a lost wake-up).")
    var pushPollSeconds = 1.0
    @Option(help: "Seconds between alert scans (one instance runs each scan).") var alertScanSeconds = 300.0
    @Option(help: "The service desk's hours, China time, every day (HH:mm-HH:mm): service-level clocks run only then.")
    var serviceHours = BusinessHours.standard.description
    @Option(help: "What a kWh costs the fleet in cents, one price (100) or by time of day, China time (00:00=30,08:00=70,10:00=110,...): part of an electric van's cost in dispatch plans.")
    var electricityTariff = ElectricityTariff.shenzhenBusiness.description
    @Flag(help: "Run no background jobs: no webhook or customer-message deliveries, reservation expiry or alert scans (for fuzzing, where webhook URLs are made up).")
    var noBackgroundJobs = false
    @Flag(help: "Check every response against the OpenAPI document; a breach is a 500 contract_violation (for fuzzing and tests).")
    var checkResponses = false
    @Option(help: "Open connections at most (WebSocket clients count); more wait in the kernel's accept queue.") var maxConnections = 4_096
    @Option(help: "Seconds a new connection has to send its first request head before it is closed (slow clients).") var headerTimeout = 10.0
    @Option(help: "Seconds a keep-alive connection may sit idle between requests (a next request head trickled in counts as idle).") var idleTimeout = 75.0
    @Option(help: "Seconds a request's body has to arrive in full after its head before the connection is closed (slow clients).") var bodyTimeout = 60.0
    @Option(help: "Seconds a graceful stop (SIGTERM, SIGINT) may take before the services are cancelled; 10 s after that the process aborts.")
    var shutdownGrace = 30.0

    func run() async throws {
        var configuration = try database.configuration()
        configuration.host = host
        configuration.port = port
        configuration.seedDemoData = !noSeed
        configuration.logRequests = !noAccessLog
        configuration.runBackgroundJobs = !noBackgroundJobs
        configuration.checkResponses = checkResponses
        configuration.reservationSeconds = reservationMinutes * 60
        guard maxConnections > 0, headerTimeout > 0, idleTimeout > 0, bodyTimeout > 0, shutdownGrace > 0 else {
            throw ValidationError("--max-connections, --header-timeout, --idle-timeout, --body-timeout and --shutdown-grace must be positive")
        }
        configuration.maxConnections = maxConnections
        configuration.headerTimeoutSeconds = headerTimeout
        configuration.idleTimeoutSeconds = idleTimeout
        configuration.bodyTimeoutSeconds = bodyTimeout
        guard pushPollSeconds > 0, alertScanSeconds > 0 else { throw ValidationError("poll and scan intervals must be positive") }
        configuration.pushPollSeconds = pushPollSeconds
        configuration.alertScanSeconds = alertScanSeconds
        guard let hours = BusinessHours(parsing: serviceHours) else { throw ValidationError("--service-hours: HH:mm-HH:mm, opening before closing") }
        configuration.serviceHours = hours
        guard let tariff = ElectricityTariff(parsing: electricityTariff) else {
            throw ValidationError("--electricity-tariff: cents per kWh (0 to 10000), or HH:mm=cents periods separated by commas, one from 00:00")
        }
        configuration.electricityTariff = tariff
        guard let level = Logger.Level(rawValue: logLevel) else { throw ValidationError("unknown log level \(logLevel)") }
        configuration.logLevel = level
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let database = configuration.database
        let seeding = !noSeed
        let app = try await buildApplication(configuration) { boundPort in
            print("ChargeMall Logistics is running at http://\(host):\(boundPort)  (database: \(database))")
            print("API description: http://\(host):\(boundPort)/api/v1/openapi.json")
            if seeding {
                print("Demo logins (password in brackets):")
                for member in DemoSeeder.staff { print("  \(member.role.rawValue): \(member.name)\(DemoSeeder.emailDomain) [\(member.password)]") }
                print("  customers: customer001\(DemoSeeder.emailDomain) ... customer200\(DemoSeeder.emailDomain) [\(DemoSeeder.customerPassword)]")
            }
            fflush(nil)  // the URL must show up at once even when stdout is a pipe or a file
        }
        // A stop always ends: a deploy's SIGTERM that some stuck part of the server ignored would otherwise
        // leave the old process serving (or holding its port) until someone kills it by hand.
        var group = ServiceGroupConfiguration(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: app.logger)
        group.maximumGracefulShutdownDuration = .milliseconds(Int64(shutdownGrace * 1000))
        group.maximumCancellationDuration = .seconds(10)
        try await ServiceGroup(configuration: group).run()
    }
}
