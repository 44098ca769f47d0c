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

/// `chargemall bench soak`: mixed traffic for a long time against a server child process, reported per
/// interval (latency, errors, pushes, the server's memory and open files), so a leak or a slowdown shows as
/// drift from the first interval to the last.
struct BenchSoak: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "soak",
        abstract: "Mixed traffic (orders, reads, staff steps, driver pings, WebSocket pushes) for --minutes; latency and server memory per interval.",
        discussion: """
            The server runs as a child process on a fresh database (a temporary SQLite file, or a new database on
            the PostgreSQL server --database names, dropped afterwards). Build with -c release:
              swift build -c release --product chargemall && .build/release/chargemall bench soak --minutes 30
            Goal: p99 latency and resident memory of the last interval less than 10 % above the first, at a steady load
            (--rate 150 requests a second, about half of what two cores serve on PostgreSQL; at --rate 0, saturated,
            p99 measures the queue and moves by a third between intervals with no drift at all). The first
            --warm-up minutes (1) are not reported. Unpaid orders hold their stock for one minute (serve
            --reservation-minutes 1), so the reservation sweep's cancellations are part of the traffic from the
            first interval on; staff move paid orders on to delivered, about 200 under way at a time.
            """)

    @OptionGroup var target: BenchTargetOption
    @Option(help: "Minutes of traffic.") var minutes = 30.0
    @Option(help: "Minutes per reported interval.") var interval = 5.0
    @Option(help: "Minutes of traffic before the first interval, not reported (connections opened, caches filled, the first holds lapsing).") var warmUp = 1.0
    @Option(help: "Concurrent HTTP clients.") var clients = 16
    @Option(help: "WebSocket clients (customers following their orders, and two staff streams).") var streams = 50
    @Option(help: "Requests per second for all clients together (0: as fast as the server answers, a saturation soak).") var rate = 150.0

    func progress(_ text: String) { FileHandle.standardError.write(Data("soak: \(text)\n".utf8)) }

    /// Samples of the current interval.
    final class Meter: Sendable {
        struct Interval {
            var latencies: [Double] = []
            var errors = 0
            var refused = 0
            var byKind: [String: [Double]] = [:]
            var pushes = 0
        }
        let current = Mutex(Interval())
        /// `status` 0: no answer. A 5xx or no answer is an error; a 4xx a refusal (an unpaid order the
        /// reservation sweep cancelled before the staff step reached it, say).
        func request(_ kind: String, ms: Double, status: UInt) {
            current.withLock {
                $0.latencies.append(ms)
                $0.byKind[kind, default: []].append(ms)
                if status == 0 || status >= 500 { $0.errors += 1 } else if status >= 400 { $0.refused += 1 }
            }
        }
        func push() { current.withLock { $0.pushes += 1 } }
        func take() -> Interval { current.withLock { value in defer { value = Interval() }; return value } }
    }

    /// The orders the staff steps work on: placed and unpaid (the newest are paid first, the older lapse and
    /// the reservation sweep cancels them), and paid ones on their way to delivered, moved a step at a time,
    /// oldest first. Steps go to the paid ones while `underwayCap` are under way, so open orders stay about that
    /// many, as in a mall that delivers what it sells, instead of piling up for the background scans to read.
    final class OrderQueue: Sendable {
        static let chain = ["paid", "allocated", "picking", "packed", "shipped", "outForDelivery", "delivered"]
        static let underwayCap = 200
        private struct State {
            var unpaid: [String] = []
            var underway: [(id: String, step: Int)] = []
        }
        private let state = Mutex(State())

        func placed(_ id: String) {
            state.withLock { state in
                state.unpaid.append(id)
                if state.unpaid.count > 1_000 { state.unpaid.removeFirst(500) }  // lapsed long ago
            }
        }

        /// The next staff step: an order and the index in `chain` of the status it is to enter.
        func next() -> (id: String, step: Int)? {
            state.withLock { state in
                if state.underway.count >= Self.underwayCap || state.unpaid.isEmpty {
                    guard !state.underway.isEmpty else { return nil }
                    let order = state.underway.removeFirst()
                    return (order.id, order.step + 1)
                }
                return (state.unpaid.removeLast(), 0)
            }
        }

        /// A step taken: the order waits for its next one unless it is delivered.
        func done(_ id: String, step: Int) {
            guard step + 1 < Self.chain.count else { return }
            state.withLock { $0.underway.append((id, step)) }
        }
    }

    struct Row {
        var minute: Double
        var requests: Int
        var errors: Int
        var refused: Int
        var p50: Double
        var p99: Double
        var pushes: Int
        var residentMiB: Double
        /// What the allocator says the server's objects hold (RSS less glibc's free pages, the binary and libraries).
        var heapInUseMiB: Double
        var openFiles: Int
        /// Per kind of request: how many, p50 and p99 in ms, to tell which one slows down.
        var kinds: [String: (count: Int, p50: Double, p99: Double)]
    }

    func run() async throws {
        guard minutes > 0, interval > 0, clients > 0, rate >= 0, warmUp >= 0 else {
            throw ValidationError("--minutes, --interval and --clients must be positive, --rate and --warm-up not negative")
        }
        var logger = Logger(label: "soak")
        logger.logLevel = .error
        let database = try BenchDatabase.make(target.url, logger: logger)
        try await database.create(logger: logger)
        progress("database: \(database.url)")
        let work = NSTemporaryDirectory() + "chargemall-soak-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        var httpConfiguration = HTTPClient.Configuration()
        httpConfiguration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: clients + 8)
        httpConfiguration.timeout = .init(connect: .seconds(5), read: .seconds(30))
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: httpConfiguration)
        let rows: [Row]
        do {
            let world = try await FaultWorld.prepare(database.url, customers: 200, tokenHours: minutes / 60 + 1, logger: logger)
            let driver = try await Self.driverToken(database.url, hours: minutes / 60 + 1, logger: logger)
            // Unpaid orders hold their stock for a minute, not fifteen: the reservation sweep's cancellations are part
            // of the mix from the first interval on, so first and last interval measure the same traffic.
            let server = try await ServerProcess.start(database: database.url, extra: ["--reservation-minutes", "1"], logPath: "\(work)/server.log", http: http)
            rows = try await soak(server: server, world: world, driverToken: driver, http: http, logger: logger)
            server.stop()
        } catch {
            try? await http.shutdown()
            try? await database.drop(logger: logger)
            throw error
        }
        try? await http.shutdown()
        try? await database.drop(logger: logger)
        print(table(rows, database: database.url))
    }

    static func driverToken(_ url: DatabaseURL, hours: Double, logger: Logger) async throws -> String {
        let client = try await url.connect(logger: logger)
        var configuration = AppConfiguration(database: url, jwtSecret: ServerProcess.secrets["JWT_SECRET"]!, paymentWebhookSecret: "soak")
        configuration.accessTokenSeconds = hours * 3600
        configuration.bcryptCost = 4
        let services = try await makeServices(configuration, database: client)
        let driver = User(id: "usr_soak_driver", email: "driver@soak.test", name: "Soak driver", phone: "0", role: .driver, createdAt: Date())
        try await services.store.insertUser(driver, passwordHash: "not-a-login")
        let token = try await services.tokens.accessToken(for: driver)
        await client.shutdown()
        return token
    }

    func soak(server: ServerProcess, world: FaultWorld, driverToken: String, http: HTTPClient, logger: Logger) async throws -> [Row] {
        let meter = Meter()
        let base = server.base
        let orderIds = OrderQueue()
        let measured = ContinuousClock.now + .milliseconds(Int(warmUp * 60_000))
        let end = measured + .milliseconds(Int(minutes * 60_000))

        // Pushes: customers following their own orders, and two staff streams that see everything.
        let tokens = Array(world.customers.prefix(max(0, streams - 2)).map(\.token)) + [world.adminToken, world.adminToken]
        let listeners = tokens.map { token in
            Task {
                while !Task.isCancelled {
                    _ = try? await WebSocketClient.connect(url: "ws://127.0.0.1:\(server.port)/api/v1/stream?access_token=\(token)", logger: logger) { inbound, _, _ in
                        for try await frame in inbound.messages(maxSize: 1 << 20) {
                            if case .text(let text) = frame, text.contains("\"tracking\"") { meter.push() }
                        }
                    }
                    try? await Task.sleep(for: .seconds(1))
                }
            }
        }
        defer { for listener in listeners { listener.cancel() } }

        let workers = (0..<clients).map { worker in
            Task {
                var n = worker
                while ContinuousClock.now < end && !Task.isCancelled {
                    n += clients
                    let account = world.customers[n % world.customers.count]
                    let roll = n % 20
                    let kind: String, method: String, path: String, token: String, body: String?
                    var step: (id: String, step: Int)?
                    switch roll {
                    case 0..<2:
                        kind = "order"; method = "POST"; path = "/api/v1/orders"; token = account.token; body = OrderLoad.body(account)
                    case 2..<9:
                        kind = "read"; method = "GET"; path = "/api/v1/orders?limit=10"; token = account.token; body = nil
                    case 9..<11:
                        kind = "catalogue"; method = "GET"; path = "/api/v1/products"; token = account.token; body = nil
                    case 11..<12:
                        kind = "staff read"; method = "GET"; path = "/api/v1/admin/orders?limit=20"; token = world.adminToken; body = nil
                    case 12..<18:
                        // A staff step: an order paid, or moved on towards delivered (each pushed to its customer).
                        guard let next = orderIds.next() else { continue }
                        step = next
                        kind = "staff step"; method = "POST"; path = "/api/v1/admin/orders/\(next.id)/transitions"; token = world.adminToken
                        body = #"{"to":"\#(OrderQueue.chain[next.step])"}"#
                    default:
                        let point = #"{"latitude":22.54,"longitude":114.05,"at":"\#(ISO8601DateFormatter().string(from: Date()))"}"#
                        kind = "driver ping"; method = "POST"; path = "/api/v1/driver/positions"; token = driverToken; body = #"{"points":[\#(point)]}"#
                    }
                    let start = ContinuousClock.now
                    let answer = try? await HTTPProbe.send(http, method, base + path, token: token, body: body, timeout: .seconds(30))
                    let ok = answer.map { $0.status < 400 } ?? false
                    meter.request(kind, ms: (ContinuousClock.now - start).milliseconds, status: answer?.status ?? 0)
                    if kind == "order", ok, let id = answer.flatMap({ HTTPProbe.json($0.body)["id"] as? String }) { orderIds.placed(id) }
                    if let step, ok { orderIds.done(step.id, step: step.step) }
                    // Paced: each client keeps its share of --rate; unpaced: a short breath between requests.
                    let pause = rate > 0 ? Double(clients) / rate - (ContinuousClock.now - start).seconds : 0.01
                    if pause > 0 { try? await Task.sleep(for: .milliseconds(Int(pause * 1000))) }
                }
            }
        }

        var rows: [Row] = []
        if warmUp > 0 {
            progress("warm-up: \(warmUp) min, not reported")
            try await Task.sleep(until: measured)
            _ = meter.take()
        }
        let began = ContinuousClock.now
        while ContinuousClock.now < end {
            let next = min(end, ContinuousClock.now + .milliseconds(Int(interval * 60_000)))
            try await Task.sleep(until: next)
            let sample = meter.take()
            let percentiles = Percentiles(sample.latencies)
            let row = Row(minute: (ContinuousClock.now - began).seconds / 60, requests: sample.latencies.count, errors: sample.errors, refused: sample.refused,
                          p50: percentiles.value(0.5), p99: percentiles.value(0.99), pushes: sample.pushes,
                          residentMiB: server.residentMiB ?? 0, heapInUseMiB: (await server.gauge("heap_in_use_bytes", http: http) ?? 0) / 1_048_576,
                          openFiles: server.openFiles ?? 0,
                          kinds: sample.byKind.mapValues { let p = Percentiles($0); return ($0.count, p.value(0.5), p.value(0.99)) })
            rows.append(row)
            progress(String(format: "%.1f min: %d requests, %d errors, %d refused, p50 %.1f ms, p99 %.1f ms, %d pushes, server %.0f MiB (heap in use %.0f), %d open files",
                            row.minute, row.requests, row.errors, row.refused, row.p50, row.p99, row.pushes, row.residentMiB, row.heapInUseMiB, row.openFiles))
        }
        for worker in workers { await worker.value }
        return rows
    }

    func table(_ rows: [Row], database: DatabaseURL) -> String {
        func f(_ x: Double, _ digits: Int = 1, sign: Bool = false) -> String { String(format: sign ? "%+.\(digits)f" : "%.\(digits)f", x) }
        let kind = if case .sqlite = database { "SQLite" } else { "PostgreSQL" }
        let pace = rate > 0 ? "\(f(rate, 0)) requests/s" : "unpaced (as fast as answered)"
        var lines = ["soak: \(f(minutes, minutes < 10 ? 1 : 0)) min on \(kind) after \(f(warmUp)) min of warm-up, \(clients) HTTP clients (\(pace)), \(streams) WebSocket clients", "",
                     "| minute | requests | errors | refused (4xx) | p50 ms | p99 ms | pushes | server MiB | heap in use MiB | open files |", "|---|---|---|---|---|---|---|---|---|---|"]
        for row in rows {
            lines.append("| \(f(row.minute)) | \(row.requests) | \(row.errors) | \(row.refused) | \(f(row.p50)) | \(f(row.p99)) | \(row.pushes) | \(f(row.residentMiB)) | \(f(row.heapInUseMiB)) | \(row.openFiles) |")
        }
        if let first = rows.first, let last = rows.last, rows.count > 1 {
            let p99 = (last.p99 - first.p99) / max(first.p99, 0.001) * 100
            let memory = (last.residentMiB - first.residentMiB) / max(first.residentMiB, 0.001) * 100
            lines.append("")
            lines.append("| request | first interval: count, p50, p99 ms | last interval: count, p50, p99 ms |")
            lines.append("|---|---|---|")
            for kind in first.kinds.keys.sorted() {
                let a = first.kinds[kind]!, b = last.kinds[kind] ?? (0, 0, 0)
                lines.append("| \(kind) | \(a.count), \(f(a.p50)), \(f(a.p99)) | \(b.count), \(f(b.p50)), \(f(b.p99)) |")
            }
            lines.append("")
            let heap = (last.heapInUseMiB - first.heapInUseMiB) / max(first.heapInUseMiB, 0.001) * 100
            // A soak looks for what grows with time (leaks, tables scanned whole, queues): a last interval
            // faster than the first is no drift of that kind, so the goal is one-sided.
            let met = p99 < 10 && memory < 10
            lines.append("drift first → last interval: p99 \(f(p99, sign: true)) %, memory \(f(memory, sign: true)) % (goal: neither grows by 10 % or more): \(met ? "met" : "NOT met"); heap in use \(f(heap, sign: true)) %")
        }
        return lines.joined(separator: "\n")
    }
}
