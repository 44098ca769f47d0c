import ArgumentParser
import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import Logistics
import NIOCore
import Server
import ServiceLifecycle
import SQLKit
import Storage

/// `chargemall bench orders`: the whole HTTP stack under load, then a flash sale, then (PostgreSQL)
/// pgbench running the same statements for a ceiling to compare against.
struct BenchOrders: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orders",
        abstract: "Orders/s and latency over real HTTP, the 5,000-buyer flash sale, and (PostgreSQL) the ratio to pgbench.",
        discussion: """
            Uses a fresh database: a temporary SQLite file, or a new database on the PostgreSQL server that
            --database / DATABASE_URL names (dropped afterwards). Build with -c release:
              swift run -c release chargemall bench orders
              DATABASE_URL=postgres://postgres@127.0.0.1:55432/postgres swift run -c release chargemall bench orders
            """)

    @OptionGroup var target: BenchTargetOption
    @Option(help: "Concurrent HTTP clients in the steady phase.") var clients = 64
    @Option(help: "Seconds of the steady phase.") var seconds = 10
    @Option(help: "Buyers in the flash sale, each with their own account, all at once.") var buyers = 5000
    @Option(help: "Units on sale in the flash sale.") var units = 100
    @Flag(help: "Skip the pgbench comparison.") var noPgbench = false
    @Flag(help: "Print JSON instead of a table.") var json = false

    static let steadySKUs = ["CB-GBT-5M", "CB-GBT-10M", "CB-T2T2-5M", "CB-T2T2-7M", "AD-T2-GBT", "AD-GBT-T2", "AD-NACS-T2", "SP-RFID-CARDS", "SP-FUSE-KIT", "SP-HOLSTER"]
    static let flashSKU = "WB-22KW-DUAL"

    func progress(_ text: String) { FileHandle.standardError.write(Data("bench: \(text)\n".utf8)) }

    func run() async throws {
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let target = try BenchDatabase.make(self.target.url, logger: logger)
        progress("database: \(target.url)")
        try await target.create(logger: logger)
        let client = try await target.url.connect(logger: logger)
        do {
            let report = try await measure(client: client, target: target, logger: logger)
            await client.shutdown()
            try await target.drop(logger: logger)
            print(json ? report.json() : report.table())
        } catch {
            await client.shutdown()
            try? await target.drop(logger: logger)
            throw error
        }
    }

    func measure(client: any DatabaseClient, target: BenchDatabase, logger: Logger) async throws -> BenchReport {
        var configuration = AppConfiguration(database: target.url, jwtSecret: "bench-secret-bench-secret-bench-secret-0123", paymentWebhookSecret: "bench")
        configuration.port = 0
        configuration.seedDemoData = false
        configuration.logRequests = false
        configuration.logLevel = .warning
        configuration.bcryptCost = 4
        let services = try await makeServices(configuration, database: client)
        let store = services.store

        progress("catalogue and stock")
        try await BenchAccounts.seedCatalogue(store, stocking: Self.steadySKUs)
        try await store.record([StockMovementRequest(warehouseId: "wh_nanshan", sku: Self.flashSKU, kind: .receipt, quantity: units)], at: Date())

        let people = max(buyers, clients)
        progress("creating \(people) customers with addresses and tokens")
        let accounts = try await BenchAccounts.create(count: people, services: services)

        let (portStream, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = try await buildApplication(configuration, database: client) { port in portContinuation.yield(port) }
        let server = ServiceGroup(configuration: .init(services: [app], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            var iterator = portStream.makeAsyncIterator()
            guard let port = await iterator.next() else { throw ValidationError("server did not start") }
            progress("server on 127.0.0.1:\(port)")
            var httpConfiguration = HTTPClient.Configuration()
            httpConfiguration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: max(clients, 256))
            httpConfiguration.timeout = .init(connect: .seconds(10), read: .seconds(60))
            let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: httpConfiguration)
            let base = "http://127.0.0.1:\(port)"
            do {

            var report = BenchReport(database: client.kind.rawValue, clients: clients, seconds: seconds)
            progress("steady phase: \(clients) clients for \(seconds) s")
            report.steady = try await steady(http: http, base: base, accounts: accounts)
            progress("flash sale: \(buyers) buyers, \(units) units")
            report.flash = try await flashSale(http: http, base: base, accounts: Array(accounts.prefix(buyers)), store: store)
            if client.kind == .postgres, !noPgbench {
                // As many transactions as the HTTP phase placed (at least 100 per client), so both run about as long.
                let perClient = max(100, report.steady.created / clients)
                progress("pgbench: the same statements, \(clients) clients x \(perClient) transactions")
                report.pgbench = try await Pgbench.run(url: target.url, clients: clients, transactions: perClient, customers: people, database: client)
            }
            try? await http.shutdown()
            await server.triggerGracefulShutdown()
            return report
            } catch {
                try? await http.shutdown()
                await server.triggerGracefulShutdown()
                throw error
            }
        }
    }

    func post(http: HTTPClient, base: String, account: BenchAccounts.Account, sku: String) async throws -> (UInt, Double) {
        var request = HTTPClientRequest(url: base + "/api/v1/orders")
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(account.token)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: #"{"lines":[{"sku":"\#(sku)","quantity":1}],"addressId":"\#(account.addressId)"}"#))
        let start = ContinuousClock.now
        let response = try await http.execute(request, timeout: .seconds(60))
        _ = try await response.body.collect(upTo: 1 << 20)
        return (response.status.code, (ContinuousClock.now - start).milliseconds)
    }

    func steady(http: HTTPClient, base: String, accounts: [BenchAccounts.Account]) async throws -> PhaseResult {
        let deadline = ContinuousClock.now + .seconds(seconds)
        let start = ContinuousClock.now
        let results = try await withThrowingTaskGroup(of: PhaseResult.self) { group in
            for worker in 0..<clients {
                group.addTask {
                    var result = PhaseResult()
                    var n = worker
                    while ContinuousClock.now < deadline {
                        let account = accounts[n % accounts.count]
                        n += clients
                        do {
                            let (status, ms) = try await post(http: http, base: base, account: account, sku: Self.steadySKUs[n % Self.steadySKUs.count])
                            result.record(status: status, ms: ms)
                        } catch {
                            result.failures += 1
                        }
                    }
                    return result
                }
            }
            var total = PhaseResult()
            for try await part in group { total.merge(part) }
            return total
        }
        var result = results
        result.elapsedSeconds = (ContinuousClock.now - start).seconds
        return result
    }

    func flashSale(http: HTTPClient, base: String, accounts: [BenchAccounts.Account], store: any LogisticsStore) async throws -> FlashResult {
        let start = ContinuousClock.now
        let outcomes = try await withThrowingTaskGroup(of: (UInt, Double, Double).self) { group in
            for account in accounts {
                group.addTask {
                    do {
                        let (status, ms) = try await post(http: http, base: base, account: account, sku: Self.flashSKU)
                        return (status, ms, (ContinuousClock.now - start).milliseconds)
                    } catch {
                        return (0, 0, (ContinuousClock.now - start).milliseconds)
                    }
                }
            }
            var all: [(UInt, Double, Double)] = []
            for try await outcome in group { all.append(outcome) }
            return all
        }
        var result = FlashResult()
        result.buyers = accounts.count
        result.units = units
        result.sold = outcomes.filter { $0.0 == 201 }.count
        result.refused = outcomes.filter { $0.0 == 409 }.count
        result.errors = outcomes.count - result.sold - result.refused
        result.sellOutMs = outcomes.filter { $0.0 == 201 }.map(\.2).max() ?? 0
        result.totalMs = (ContinuousClock.now - start).milliseconds
        result.p99Ms = Percentiles(outcomes.map(\.1)).value(0.99)
        let level = try await store.stockLevels(skus: [Self.flashSKU], warehouseId: nil)
        result.reservedAfter = level.map(\.reserved).reduce(0, +)
        result.availableAfter = level.map(\.available).reduce(0, +)
        result.ledgerConsistent = try await store.ledgerDiscrepancies().isEmpty
        return result
    }
}

extension Duration {
    var milliseconds: Double { Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15 }
    var seconds: Double { milliseconds / 1000 }
}
