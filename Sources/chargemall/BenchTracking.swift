import ArgumentParser
import AsyncHTTPClient
import Foundation
import Logging
import Logistics
import Server
import Storage

/// `chargemall bench tracking`: customers reading their order's timeline and ETA, driven by wrk against a
/// server child process.
struct BenchTracking: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tracking",
        abstract: "Timeline reads (GET /api/v1/orders/{id}) with wrk: requests/s and latency percentiles.",
        discussion: """
            Needs wrk (apt-get install wrk). Build with -c release:
              swift build -c release --product chargemall && .build/release/chargemall bench tracking
              .build/release/chargemall bench tracking --database postgres://postgres@127.0.0.1:55432/postgres
            """)

    @OptionGroup var target: BenchTargetOption
    @Option(help: "Customers, each reading their own order.") var customers = 1000
    @Option(help: "wrk connections.") var connections = 200
    @Option(help: "wrk threads.") var threads = 2
    @Option(help: "Seconds of load (after a 3 s warm-up).") var seconds = 10
    @Flag(help: "Print JSON instead of a table.") var json = false

    func progress(_ text: String) { FileHandle.standardError.write(Data("bench: \(text)\n".utf8)) }

    func run() async throws {
        guard let wrk = Self.which("wrk") else { throw ValidationError("wrk is not installed (apt-get install -y wrk)") }
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let target = try BenchDatabase.make(self.target.url, logger: logger)
        progress("database: \(target.url)")
        try await target.create(logger: logger)
        let client = try await target.url.connect(logger: logger)
        var server: ServerProcess?
        do {
            let paths = try await prepare(client: client, target: target)
            progress("starting the server process")
            let started = try await ServerProcess.start(database: target.url, extra: ServerProcess.benchFlags)
            server = started
            try await check(port: started.port, path: paths[0])
            let script = try writeScript(paths)
            progress("warm-up: 3 s")
            _ = try runWrk(wrk, port: started.port, script: script, seconds: 3)
            progress("wrk: \(threads) threads, \(connections) connections, \(seconds) s")
            let cpuBefore = started.cpuSeconds
            var result = try runWrk(wrk, port: started.port, script: script, seconds: seconds)
            result.serverCPU = (started.cpuSeconds - cpuBefore) / Double(seconds)
            result.database = client.kind.rawValue
            started.stop()
            await client.shutdown()
            try await target.drop(logger: logger)
            print(json ? result.json() : result.table(connections: connections, customers: customers))
        } catch {
            server?.stop()
            await client.shutdown()
            try? await target.drop(logger: logger)
            throw error
        }
    }

    /// Customers with one order each, moved along so the timelines have a few events (a path and token per customer).
    func prepare(client: any DatabaseClient, target: BenchDatabase) async throws -> [(path: String, token: String)] {
        var configuration = AppConfiguration(database: target.url, jwtSecret: ServerProcess.secrets["JWT_SECRET"]!, paymentWebhookSecret: "bench")
        configuration.bcryptCost = 4
        let services = try await makeServices(configuration, database: client)
        let store = services.store
        progress("catalogue, stock, \(customers) customers with an order each")
        try await BenchAccounts.seedCatalogue(store, stocking: ["CB-GBT-5M"])
        let accounts = try await BenchAccounts.create(count: customers, services: services)
        // Timelines of 1 to 6 events: customer i's order has taken i % 6 of these steps.
        let path: [OrderStatus] = [.paid, .allocated, .picking, .packed, .shipped]
        let ids = try await BenchAccounts.placeOrders(for: accounts, sku: "CB-GBT-5M", services: services, path: path) { $0 % (path.count + 1) }
        return zip(ids, accounts).map { ("/api/v1/orders/\($0)", $1.token) }
    }

    func check(port: Int, path: (path: String, token: String)) async throws {
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path.path)")
        request.headers.add(name: "Authorization", value: "Bearer \(path.token)")
        let response = try await http.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        try await http.shutdown()
        guard response.status == .ok else { throw HarnessError("GET \(path.path) answered \(response.status): \(String(buffer: body))") }
    }

    func writeScript(_ paths: [(path: String, token: String)]) throws -> String {
        var lua = "local paths = {\n" + paths.map { "  {\"\($0.path)\", \"Bearer \($0.token)\"},\n" }.joined() + "}\n"
        lua += """
            -- Requests are formatted once, so that wrk spends its share of the 2 cores on sending them.
            local requests = {}
            for j, p in ipairs(paths) do
              requests[j] = wrk.format("GET", p[1], { ["Authorization"] = p[2], ["Accept-Language"] = "zh-CN" })
            end
            local i = math.random(#requests)
            request = function()
              i = (i % #requests) + 1
              return requests[i]
            end
            """
        let file = NSTemporaryDirectory() + "chargemall-tracking-\(UUID().uuidString).lua"
        try lua.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    func runWrk(_ wrk: String, port: Int, script: String, seconds: Int) throws -> TrackingReport {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: wrk)
        process.arguments = ["-t\(threads)", "-c\(connections)", "-d\(seconds)s", "--latency", "-s", script, "http://127.0.0.1:\(port)"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return TrackingReport(wrkOutput: output)
    }

    static func which(_ name: String) -> String? {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }
}

struct TrackingReport {
    var database = ""
    var requestsPerSecond = 0.0
    var requests = 0
    var non2xx = 0
    var socketErrors = ""
    var percentiles: [String: Double] = [:]
    var serverCPU = 0.0

    /// Reads wrk's summary: `Requests/sec:`, the `--latency` distribution, errors.
    init(wrkOutput: String) {
        for raw in wrkOutput.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if line.hasPrefix("Requests/sec:") { requestsPerSecond = Double(fields.last ?? "") ?? 0 }
            if line.hasPrefix("Non-2xx or 3xx responses:") { non2xx = Int(fields.last ?? "") ?? 0 }
            if line.hasPrefix("Socket errors:") { socketErrors = String(line.dropFirst("Socket errors:".count)).trimmingCharacters(in: .whitespaces) }
            if line.contains("requests in") { requests = Int(fields.first ?? "") ?? 0 }
            if fields.count == 2, ["50%", "75%", "90%", "99%"].contains(String(fields[0])) { percentiles[String(fields[0])] = Self.milliseconds(String(fields[1])) }
        }
    }

    /// wrk prints `812.00us`, `1.23ms`, `2.01s`.
    static func milliseconds(_ text: String) -> Double {
        if text.hasSuffix("us") { return (Double(text.dropLast(2)) ?? 0) / 1000 }
        if text.hasSuffix("ms") { return Double(text.dropLast(2)) ?? 0 }
        if text.hasSuffix("s") { return (Double(text.dropLast(1)) ?? 0) * 1000 }
        return Double(text) ?? 0
    }

    func table(connections: Int, customers: Int) -> String {
        func f(_ x: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", x) }
        return [
            "database: \(database), wrk with \(connections) connections, \(customers) customers each reading their own order",
            "",
            "| requests | requests/s | p50 ms | p90 ms | p99 ms | non-2xx | socket errors | server CPU (cores) |",
            "|---|---|---|---|---|---|---|---|",
            "| \(requests) | \(f(requestsPerSecond, 0)) | \(f(percentiles["50%"] ?? 0)) | \(f(percentiles["90%"] ?? 0)) | \(f(percentiles["99%"] ?? 0)) | \(non2xx) | \(socketErrors.isEmpty ? "0" : socketErrors) | \(f(serverCPU)) |",
        ].joined(separator: "\n")
    }

    func json() -> String {
        let object: [String: Any] = [
            "database": database, "requests": requests, "requestsPerSecond": requestsPerSecond, "p50Ms": percentiles["50%"] ?? 0,
            "p99Ms": percentiles["99%"] ?? 0, "non2xx": non2xx, "socketErrors": socketErrors, "serverCPU": serverCPU,
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
