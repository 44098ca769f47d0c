import ArgumentParser
import Foundation
import Logistics
import Server
import Logging
import SQLKit
import Storage

/// `--database` of every benchmark.
struct BenchTargetOption: ParsableArguments {
    @Option(help: "postgres://... to benchmark PostgreSQL (default: $DATABASE_URL if it is postgres://, else a temporary SQLite file).")
    var database: String?

    var url: String? { database ?? ProcessInfo.processInfo.environment["DATABASE_URL"] }
}

/// A database made for one benchmark run and removed after it.
struct BenchDatabase {
    let url: DatabaseURL
    let admin: DatabaseURL?
    let name: String?

    static func make(_ text: String?, logger: Logger) throws -> BenchDatabase {
        if let text, text.hasPrefix("postgres"), case .postgres(let host, let port, let user, let password, _, let tls) = try DatabaseURL(parsing: text) {
            let name = "chargemall_bench_\(Int(Date().timeIntervalSince1970))"
            return BenchDatabase(url: .postgres(host: host, port: port, username: user, password: password, database: name, tls: tls), admin: try DatabaseURL(parsing: text), name: name)
        }
        let path = NSTemporaryDirectory() + "chargemall-bench-\(UUID().uuidString)/bench.sqlite"
        return BenchDatabase(url: .sqlite(path: path), admin: nil, name: nil)
    }

    /// Creates the PostgreSQL database before first use (SQLite creates its file itself).
    func create(logger: Logger) async throws {
        guard let admin, let name else { return }
        let client = try await admin.connect(logger: logger, migrate: false)
        try await client.read { db in try await db.raw("CREATE DATABASE \(unsafeRaw: name)").run() }
        await client.shutdown()
    }

    func drop(logger: Logger) async throws {
        if let admin, let name {
            let client = try await admin.connect(logger: logger, migrate: false)
            try await client.read { db in try await db.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name) WITH (FORCE)").run() }
            await client.shutdown()
        } else if case .sqlite(let path) = url {
            try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
        }
    }
}

/// Latency percentiles by nearest rank.
struct Percentiles {
    let sorted: [Double]
    init(_ values: [Double]) { sorted = values.sorted() }
    func value(_ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, max(0, Int((p * Double(sorted.count)).rounded(.up)) - 1))]
    }
}

struct PhaseResult: Codable {
    var created = 0
    var refused = 0
    var otherStatus = 0
    var failures = 0
    var latenciesMs: [Double] = []
    var elapsedSeconds = 0.0

    mutating func record(status: UInt, ms: Double) {
        switch status {
        case 201: created += 1
        case 409: refused += 1
        default: otherStatus += 1
        }
        latenciesMs.append(ms)
    }

    mutating func merge(_ other: PhaseResult) {
        created += other.created
        refused += other.refused
        otherStatus += other.otherStatus
        failures += other.failures
        latenciesMs += other.latenciesMs
    }

    var ordersPerSecond: Double { elapsedSeconds > 0 ? Double(created) / elapsedSeconds : 0 }
}

struct FlashResult: Codable {
    var buyers = 0
    var units = 0
    var sold = 0
    var refused = 0
    var errors = 0
    var sellOutMs = 0.0
    var totalMs = 0.0
    var p99Ms = 0.0
    var reservedAfter = 0
    var availableAfter = 0
    var ledgerConsistent = false

    var exact: Bool { sold == units && refused == buyers - units && errors == 0 && reservedAfter == units && availableAfter == 0 && ledgerConsistent }
}

struct PgbenchResult: Codable {
    var transactionsPerSecond: Double
    var latencyAverageMs: Double?
}

struct BenchReport {
    var database: String
    var clients: Int
    var seconds: Int
    var steady = PhaseResult()
    var flash = FlashResult()
    var pgbench: PgbenchResult?

    func table() -> String {
        let p = Percentiles(steady.latenciesMs)
        func f(_ x: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", x) }
        var lines = [
            "database: \(database), \(clients) clients, \(seconds) s steady phase",
            "",
            "| phase | orders | 409 | other | errors | orders/s | p50 ms | p99 ms |",
            "|---|---|---|---|---|---|---|---|",
            "| steady | \(steady.created) | \(steady.refused) | \(steady.otherStatus) | \(steady.failures) | \(f(steady.ordersPerSecond)) | \(f(p.value(0.5), 2)) | \(f(p.value(0.99), 2)) |",
            "",
            "| flash sale | buyers | units | sold | clean 409 | errors | sold out after ms | all answered ms | p99 ms | ledger | exact |",
            "|---|---|---|---|---|---|---|---|---|---|---|",
            "| \(flash.units) units | \(flash.buyers) | \(flash.units) | \(flash.sold) | \(flash.refused) | \(flash.errors) | \(f(flash.sellOutMs, 0)) | \(f(flash.totalMs, 0)) | \(f(flash.p99Ms, 0)) | \(flash.ledgerConsistent ? "consistent" : "INCONSISTENT") | \(flash.exact ? "yes" : "NO") |",
        ]
        if let pgbench {
            lines += [
                "",
                "| pgbench (same statements) tps | HTTP orders/s | ratio |",
                "|---|---|---|",
                "| \(f(pgbench.transactionsPerSecond)) | \(f(steady.ordersPerSecond)) | \(f(100 * steady.ordersPerSecond / max(pgbench.transactionsPerSecond, 0.001)))% |",
            ]
        }
        return lines.joined(separator: "\n")
    }

    func json() -> String {
        let p = Percentiles(steady.latenciesMs)
        var object: [String: Any] = [
            "database": database, "clients": clients, "seconds": seconds,
            "steady": ["orders": steady.created, "refused": steady.refused, "other": steady.otherStatus, "errors": steady.failures,
                       "ordersPerSecond": steady.ordersPerSecond, "p50Ms": p.value(0.5), "p99Ms": p.value(0.99)],
            "flashSale": ["buyers": flash.buyers, "units": flash.units, "sold": flash.sold, "refused": flash.refused, "errors": flash.errors,
                          "sellOutMs": flash.sellOutMs, "totalMs": flash.totalMs, "p99Ms": flash.p99Ms, "ledgerConsistent": flash.ledgerConsistent, "exact": flash.exact],
        ]
        if let pgbench { object["pgbench"] = ["tps": pgbench.transactionsPerSecond, "ratio": steady.ordersPerSecond / max(pgbench.transactionsPerSecond, 0.001)] }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}

/// Customers made straight in the store for a benchmark: each with an address and an access token.
enum BenchAccounts {
    struct Account: Sendable {
        var userId: String
        var token: String
        var addressId: String
    }


    static func create(count: Int, services: AppServices) async throws -> [Account] {
        try await withThrowingTaskGroup(of: [Account].self) { group in
            let workers = 8
            for worker in 0..<workers {
                group.addTask {
                    var accounts: [Account] = []
                    for index in stride(from: worker, to: count, by: workers) {
                        let user = User(id: "usr_bench_\(index)", email: "bench\(index)@bench.test", name: "Bench \(index)", phone: "13800000000", role: .customer, createdAt: Date())
                        try await services.store.insertUser(user, passwordHash: "not-a-login")
                        let address = Address(id: "adr_bench_\(index)", customerId: user.id, recipient: user.name, phone: user.phone, region: "Shenzhen Futian",
                                              detail: "Bench Road \(index)", latitude: 22.54 + Double(index % 100) / 2000, longitude: 114.05 + Double(index % 37) / 1000)
                        try await services.store.insertAddress(address)
                        accounts.append(Account(userId: user.id, token: try await services.tokens.accessToken(for: user), addressId: address.id))
                    }
                    return accounts
                }
            }
            var all: [Account] = []
            for try await part in group { all += part }
            return all
        }
    }


    /// The demo warehouses and catalogue, with `quantity` of each of `skus` in every warehouse.
    static func seedCatalogue(_ store: any LogisticsStore, stocking skus: [String], quantity: Int = 10_000_000) async throws {
        for warehouse in DemoCatalog.warehouses { try await store.insertWarehouse(warehouse) }
        for product in DemoCatalog.products { try await store.upsertProduct(product) }
        try await store.record(DemoCatalog.warehouses.flatMap { w in skus.map { StockMovementRequest(warehouseId: w.id, sku: $0, kind: .receipt, quantity: quantity) } }, at: Date())
    }

    static let admin = User(id: "usr_bench_admin", email: "admin@bench.test", name: "Bench admin", phone: "0", role: .admin, createdAt: Date())

    /// One order of `sku` per account (8 at a time), moved through the first `steps(index)` of `path`;
    /// the order ids, in the accounts' order.
    static func placeOrders(for accounts: [Account], sku: String, services: AppServices, path: [OrderStatus] = [], steps: @escaping @Sendable (Int) -> Int = { _ in 0 }) async throws -> [String] {
        try await withThrowingTaskGroup(of: [(Int, String)].self) { group in
            for worker in 0..<8 {
                group.addTask {
                    var placed: [(Int, String)] = []
                    for index in stride(from: worker, to: accounts.count, by: 8) {
                        let user = User(id: accounts[index].userId, email: "", name: "", phone: "", role: .customer, createdAt: Date())
                        let order = try await services.orders.place(PlaceOrderCommand(lines: [.init(sku: sku, quantity: 1)], addressId: accounts[index].addressId),
                                                                    by: user, idempotencyKey: nil).order
                        for step in path.prefix(steps(index)) { _ = try await services.orders.transition(id: order.id, to: step, by: admin, note: nil) }
                        placed.append((index, order.id))
                    }
                    return placed
                }
            }
            var ids = [String](repeating: "", count: accounts.count)
            for try await part in group { for (index, id) in part { ids[index] = id } }
            return ids
        }
    }
}
