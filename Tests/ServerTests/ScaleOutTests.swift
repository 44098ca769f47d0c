import AsyncHTTPClient
import Foundation
import NIOCore
import Logistics
import Storage
import Synchronization
import Testing
import TestSupport

/// A `chargemall serve` child process on a free port.
final class ServerProcess: Sendable {
    let process: Process
    let output = Mutex("")
    let port: Int

    /// The debug build of the command next to the tests (`swift build --build-tests` makes it).
    static var binary: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug/chargemall")
    }

    init(database: DatabaseURL, environment: [String: String]) async throws {
        let process = Process()
        process.executableURL = Self.binary
        // With the fallback poll at a minute, only PostgreSQL's notifications can carry events in time.
        process.arguments = ["serve", "--port", "0", "--no-seed", "--log-level", "warning", "--push-poll-seconds", "60", "--database", database.connectionString]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let output = Mutex("")
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if !data.isEmpty { output.withLock { $0 += String(decoding: data, as: UTF8.self) } }
        }
        try process.run()
        self.process = process
        let deadline = ContinuousClock.now + .seconds(30)
        var port: Int?
        while port == nil {
            let text = output.withLock { $0 }
            if let range = text.range(of: #"running at http://127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
                port = Int(text[range].split(separator: ":").last ?? "")
            } else if !process.isRunning || ContinuousClock.now > deadline {
                process.terminate()
                throw ProcessFailure(output: text)
            } else {
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        self.port = port!
        self.output.withLock { $0 = output.withLock { $0 } }
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}

struct ProcessFailure: Error, CustomStringConvertible {
    let output: String
    var description: String { "the server process did not start:\n\(output)" }
}

@Suite("Scale-out")
struct ScaleOutTests {
    /// Whether PostgreSQL and the server binary are there; says why not (in CI a missing binary fails).
    static func canRunTwoInstances() -> Bool {
        guard TestDatabase.postgresURL != nil else {
            print("skipped: the two-instance test needs PostgreSQL (set DATABASE_URL=postgres://...)")
            return false
        }
        guard FileManager.default.isExecutableFile(atPath: ServerProcess.binary.path) else {
            let reason = "the two-instance test needs \(ServerProcess.binary.path): run `swift build --build-tests` first"
            if TestDatabase.isCI { Issue.record(Comment(rawValue: reason)) } else { print("skipped: \(reason)") }
            return false
        }
        return true
    }

    @Test("two server processes on one PostgreSQL: an event committed on one reaches WebSocket clients on the other")
    func twoInstances() async throws {
        guard Self.canRunTwoInstances() else { return }
        try await TestDatabase.postgres.withFresh { client, url in
            let fixtures = Fixtures(client: client)
            try await fixtures.catalogue()
            try await fixtures.receive(10, of: "WB-7KW-BASIC")
            let secrets = ["JWT_SECRET": "two-instance-test-secret-of-at-least-32-bytes", "PAYMENT_WEBHOOK_SECRET": "p", "CARRIER_WEBHOOK_SECRET": "c"]
            let a = try await ServerProcess(database: url, environment: secrets)
            defer { a.stop() }
            let b = try await ServerProcess(database: url, environment: secrets)
            defer { b.stop() }
            let http = HTTPJSON()
            let session = try await http.call("POST", port: a.port, "/api/v1/auth/register",
                                              body: #"{"email":"two@example.com","password":"correct horse","name":"Two","phone":"13800000000"}"#)
            let token = try #require(session["accessToken"] as? String)
            let address = try #require(try await http.call("POST", port: a.port, "/api/v1/me/addresses", token: token,
                body: #"{"recipient":"Li Lei","phone":"13800000000","region":"Shenzhen Futian","detail":"Shennan Blvd 1","latitude":22.541,"longitude":114.055}"#)["id"] as? String)

            let onB = try await StreamClient.open(port: b.port, token: token)
            let onA = try await StreamClient.open(port: a.port, token: token)
            defer { onA.close(); onB.close() }
            // Committed on A ...
            let order = try #require(try await http.call("POST", port: a.port, "/api/v1/orders", token: token,
                body: #"{"lines":[{"sku":"WB-7KW-BASIC","quantity":1}],"addressId":"\#(address)"}"#)["id"] as? String)
            try await onB.waitFor { $0.contains { $0["type"] as? String == "tracking" } }
            #expect(onB.tracking.map(\.orderId) == [order], "... reaches the client on B")
            // ... and the other way round.
            _ = try await http.call("POST", port: b.port, "/api/v1/orders/\(order)/cancel", token: token, body: "{}")
            try await onA.waitFor { $0.filter { $0["type"] as? String == "tracking" }.count >= 2 }
            #expect(onA.tracking.map(\.eventStatus) == ["pendingPayment", "cancelled"])
            try await onB.waitFor { $0.filter { $0["type"] as? String == "tracking" }.count >= 2 }
            #expect(onB.tracking.map(\.position) == onA.tracking.map(\.position), "both instances give the same positions")
            try await http.shutdown()
        }
    }
}

extension ScaleOutTests {
    @Test("two server processes on one PostgreSQL watching one cut-off: one plan is queued and made, by one of them")
    func oneCutoffTwoInstances() async throws {
        guard Self.canRunTwoInstances() else { return }
        try await TestDatabase.postgres.withFresh { client, url in
            let fixtures = Fixtures(client: client)
            try await fixtures.catalogue()
            let store = fixtures.store
            try await store.insertVehicle(DemoDispatchDay.fleet(count: 3)[2], at: Date())
            let secrets = ["JWT_SECRET": "two-instance-test-secret-of-at-least-32-bytes", "PAYMENT_WEBHOOK_SECRET": "p", "CARRIER_WEBHOOK_SECRET": "c"]
            let a = try await ServerProcess(database: url, environment: secrets)
            defer { a.stop() }
            let b = try await ServerProcess(database: url, environment: secrets)
            defer { b.stop() }
            // Due now for both; each instance looks every second.
            try await store.setCutoffSchedule(CutoffSchedule(warehouseId: "wh_nanshan", minutes: [0], seconds: 1), nextRunAt: Date())
            func plans() async throws -> [(status: String, owner: String?)] {
                try await client.read { db in
                    try await db.raw("SELECT status, claimed_by FROM dispatch_plans WHERE trigger = 'cutoff'").all().map {
                        (try $0.decode(column: "status", as: String.self), try $0.decode(column: "claimed_by", as: String?.self))
                    }
                }
            }
            try await waitUntil(within: 30, "the cut-off's plan is made") { try await plans().first?.status == "ready" }
            try await Task.sleep(for: .seconds(2.5))  // both instances have looked again since
            let made = try await plans()
            #expect(made.count == 1, "\(made)")
            #expect(made.first?.owner != nil)
            #expect(try await store.cutoffSchedules().first?.nextRunAt.map { $0 > Date() } == true, "moved on to tomorrow's midnight")
        }
    }
}

/// JSON over real HTTP to a server process.
struct HTTPJSON {
    let client = HTTPClient(eventLoopGroupProvider: .singleton)

    func call(_ method: String, port: Int, _ path: String, token: String? = nil, body: String? = nil) async throws -> [String: Any] {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = .RAW(value: method)
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await client.execute(request, timeout: .seconds(30))
        let data = try await response.body.collect(upTo: 1 << 20)
        return (try? JSONSerialization.jsonObject(with: Data(buffer: data))) as? [String: Any] ?? [:]
    }

    func shutdown() async throws { try await client.shutdown() }
}
