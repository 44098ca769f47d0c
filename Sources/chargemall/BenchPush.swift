import ArgumentParser
import AsyncHTTPClient
import Foundation
import HummingbirdWSClient
import Logging
import Logistics
import NIOCore
import Server
import Storage
import Synchronization

/// `chargemall bench push`: thousands of customers on the WebSocket stream, each with an order whose
/// status changes at a steady rate; measures commit → client latency, lost and doubled messages, and the
/// server's memory per connection. The server runs as a child process.
struct BenchPush: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Live push: commit → WebSocket client latency with thousands of connected customers, messages lost, memory per connection.",
        discussion: """
            Build with -c release:
              swift build -c release --product chargemall && .build/release/chargemall bench push
              .build/release/chargemall bench push --database postgres://postgres@127.0.0.1:55432/postgres
            """)

    @OptionGroup var target: BenchTargetOption
    @Option(help: "Connected customers, one WebSocket each.") var clients = 5000
    @Option(help: "Status changes per second.") var rate = 200
    @Option(help: "Seconds of status changes.") var seconds = 20
    @Flag(help: "Print JSON instead of a table.") var json = false

    func progress(_ text: String) { FileHandle.standardError.write(Data("bench: \(text)\n".utf8)) }

    /// What the clients received, by order id: positions and latencies.
    final class Inbox: Sendable {
        struct Receipt {
            var client: Int
            var orderId: String
            var eventId: String
            var latencyMs: Double
        }

        let receipts = Mutex<[Receipt]>([])
        let connected = Mutex(0)
        let foreign = Mutex(0)
    }

    func run() async throws {
        let report = try await BenchStream.run(target.url, progress: progress) { client, target, logger, started in
            try await measure(client: client, target: target, logger: logger, started: started)
        }
        print(json ? report.json() : report.table())
    }

    static let steps: [OrderStatus] = [.paid, .allocated, .picking, .packed, .shipped, .outForDelivery, .delivered]

    func measure(client: any DatabaseClient, target: BenchDatabase, logger: Logger, started: (ServerProcess) -> Void) async throws -> PushReport {
        var configuration = AppConfiguration(database: target.url, jwtSecret: ServerProcess.secrets["JWT_SECRET"]!, paymentWebhookSecret: "bench")
        configuration.bcryptCost = 4
        let services = try await makeServices(configuration, database: client)
        let store = services.store
        progress("catalogue and stock")
        try await BenchAccounts.seedCatalogue(store, stocking: ["CB-GBT-5M"])
        progress("creating \(clients) customers, each with an order")
        let accounts = try await BenchAccounts.create(count: clients, services: services)
        let orderIds = try await BenchAccounts.placeOrders(for: accounts, sku: "CB-GBT-5M", services: services)
        let admin = BenchAccounts.admin
        try await store.insertUser(admin, passwordHash: "not-a-login")
        let adminToken = try await services.tokens.accessToken(for: admin)

        progress("starting the server process")
        let server = try await ServerProcess.start(database: target.url, extra: ServerProcess.benchFlags)
        started(server)
        progress("server on 127.0.0.1:\(server.port)")
        try await Task.sleep(for: .seconds(1))
        let idleBytes = server.residentBytes

        let inbox = Inbox()
        let owner = Dictionary(uniqueKeysWithValues: orderIds.enumerated().map { ($1, $0) })
        let connections = try await BenchStream.connect(count: accounts.count, connected: { inbox.connected.withLock { $0 } }, progress: progress) { index in
            await Self.listen(port: server.port, token: accounts[index].token, index: index, owner: owner, inbox: inbox, logger: logger)
        }
        defer { connections.cancel() }
        let connectedBytes = server.residentBytes

        progress("\(rate) status changes/s for \(seconds) s")
        var httpConfiguration = HTTPClient.Configuration()
        httpConfiguration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: httpConfiguration)
        let total = rate * seconds
        let next = TicketCounter()
        let start = ContinuousClock.now
        let cpuBefore = server.cpuSeconds
        let outcomes = await withTaskGroup(of: (ok: Int, failed: Int, behind: Double).self) { group in
            for _ in 0..<32 {
                group.addTask {
                    var ok = 0, failed = 0, behind = 0.0
                    while true {
                        let i = next.take()
                        guard i < total else { break }
                        let due = start + .microseconds(Int64(Double(i) * 1_000_000 / Double(rate)))
                        let now = ContinuousClock.now
                        if due > now { try? await Task.sleep(until: due) } else { behind = max(behind, (now - due).milliseconds) }
                        let order = orderIds[i % orderIds.count]
                        let step = Self.steps[(i / orderIds.count) % Self.steps.count]
                        var request = HTTPClientRequest(url: "http://127.0.0.1:\(server.port)/api/v1/admin/orders/\(order)/transitions")
                        request.method = .POST
                        request.headers.add(name: "Authorization", value: "Bearer \(adminToken)")
                        request.headers.add(name: "Content-Type", value: "application/json")
                        request.body = .bytes(ByteBuffer(string: #"{"to":"\#(step.rawValue)"}"#))
                        if failed > 20 { break }  // the server is not answering; report rather than wait forever
                        if let response = try? await http.execute(request, timeout: .seconds(10)), response.status == .ok {
                            _ = try? await response.body.collect(upTo: 1 << 20)
                            ok += 1
                        } else {
                            failed += 1
                        }
                    }
                    return (ok, failed, behind)
                }
            }
            var sum = (ok: 0, failed: 0, behind: 0.0)
            for await part in group { sum = (sum.ok + part.ok, sum.failed + part.failed, max(sum.behind, part.behind)) }
            return sum
        }
        let elapsed = (ContinuousClock.now - start).seconds
        let cpu = server.cpuSeconds - cpuBefore
        if outcomes.failed > 0 { progress("\(outcomes.failed) changes failed; the server said:\n\(server.logTail())") }
        try? await http.shutdown()
        // Messages still on their way get a few seconds.
        let settle = ContinuousClock.now + .seconds(10)
        while inbox.receipts.withLock({ $0.count }) < outcomes.ok, ContinuousClock.now < settle {
            try await Task.sleep(for: .milliseconds(100))
        }
        try await Task.sleep(for: .milliseconds(500))
        let receipts = inbox.receipts.withLock { $0 }
        var report = PushReport(database: client.kind.rawValue, clients: clients, rate: rate, seconds: seconds)
        report.changes = outcomes.ok
        report.failedChanges = outcomes.failed
        report.achievedRate = Double(outcomes.ok) / elapsed
        report.received = receipts.count
        report.distinct = Set(receipts.map(\.eventId)).count
        report.lost = max(0, outcomes.ok - report.distinct)
        report.duplicates = receipts.count - report.distinct
        report.foreign = inbox.foreign.withLock { $0 }
        report.latencies = receipts.map(\.latencyMs)
        report.idleMB = Double(idleBytes) / 1_048_576
        report.connectedMB = Double(connectedBytes) / 1_048_576
        report.serverCPU = cpu / elapsed
        report.schedulerLagMs = outcomes.behind
        return report
    }

    /// One customer's connection: counts the hello, records each event with its commit → receipt latency.
    static func listen(port: Int, token: String, index: Int, owner: [String: Int], inbox: Inbox, logger: Logger) async {
        await BenchStream.listen(port: port, token: token, logger: logger, hello: { inbox.connected.withLock { $0 += 1 } }) { object, received in
            guard let event = object["event"] as? [String: Any], let orderId = event["orderId"] as? String, let eventId = event["id"] as? String,
                  let time = BenchStream.time(event["occurredAt"]) else { return }
            if owner[orderId] != index { inbox.foreign.withLock { $0 += 1 } }
            inbox.receipts.withLock { $0.append(Inbox.Receipt(client: index, orderId: orderId, eventId: eventId, latencyMs: received.timeIntervalSince(time) * 1000)) }
        }
    }
}

struct PushReport {
    var database: String
    var clients: Int
    var rate: Int
    var seconds: Int
    var changes = 0
    var failedChanges = 0
    var achievedRate = 0.0
    var received = 0
    var distinct = 0
    var lost = 0
    var duplicates = 0
    var foreign = 0
    var latencies: [Double] = []
    var idleMB = 0.0
    var connectedMB = 0.0
    var serverCPU = 0.0
    var schedulerLagMs = 0.0

    var kilobytesPerConnection: Double { (connectedMB - idleMB) * 1024 / Double(max(clients, 1)) }

    func table() -> String {
        let p = Percentiles(latencies)
        func f(_ x: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", x) }
        return [
            "database: \(database), \(clients) WebSocket clients (one customer each), \(rate) status changes/s for \(seconds) s",
            "",
            "| changes committed | failed | changes/s | messages received | lost | duplicated | to the wrong customer | p50 ms | p99 ms | max ms |",
            "|---|---|---|---|---|---|---|---|---|---|",
            "| \(changes) | \(failedChanges) | \(f(achievedRate)) | \(received) | \(lost) | \(duplicates) | \(foreign) | \(f(p.value(0.5))) | \(f(p.value(0.99))) | \(f(p.value(1))) |",
            "",
            "| server RSS idle MB | with \(clients) connections MB | KB per connection | server CPU (cores) |",
            "|---|---|---|---|",
            "| \(f(idleMB)) | \(f(connectedMB)) | \(f(kilobytesPerConnection)) | \(f(serverCPU, 2)) |",
        ].joined(separator: "\n")
    }

    func json() -> String {
        let p = Percentiles(latencies)
        let object: [String: Any] = [
            "database": database, "clients": clients, "rate": rate, "seconds": seconds, "changes": changes, "failedChanges": failedChanges,
            "received": received, "lost": lost, "duplicates": duplicates, "foreign": foreign, "p50Ms": p.value(0.5), "p99Ms": p.value(0.99),
            "maxMs": p.value(1), "kilobytesPerConnection": kilobytesPerConnection, "serverCPU": serverCPU,
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}

/// Hands out 0, 1, 2, ... to concurrent workers.
final class TicketCounter: Sendable {
    private let value = Mutex(0)

    func take() -> Int {
        value.withLock { value in
            defer { value += 1 }
            return value
        }
    }
}
