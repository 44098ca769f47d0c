import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logistics
import NIOCore
import Server
import Storage
import TestSupport
import Testing

let paymentSecret = "test-payment-secret"
let carrierSecret = "test-carrier-secret"

func testConfiguration() -> AppConfiguration {
    var configuration = AppConfiguration(database: .sqlite(path: "/nonexistent/unused.sqlite"), jwtSecret: "test-jwt-secret-that-is-at-least-32-bytes-long", paymentWebhookSecret: paymentSecret, carrierWebhookSecret: carrierSecret)
    configuration.bcryptCost = 4
    configuration.seedDemoData = false
    configuration.logRequests = false
    configuration.checkResponses = true
    configuration.logLevel = .warning
    configuration.port = 0
    configuration.eventStreamKeepAliveSeconds = 0.5
    // One search thread per plan: the tests run side by side on a CI machine's two cores.
    configuration.planningThreads = 1
    // Planning runs in tests are asked for; a nightly run at start would only add load.
    configuration.nightlyInventoryRuns = false
    return configuration
}

/// A decoded JSON response.
struct Reply: Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var text: String

    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:] }
    subscript(key: String) -> Any? { json[key] }
    var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
    var details: [String: String] { (json["error"] as? [String: Any])?["details"] as? [String: String] ?? [:] }
    var items: [[String: Any]] { json["items"] as? [[String: Any]] ?? [] }
}

/// Drives the application through its router (or a live socket) as a client would.
struct Harness: Sendable {
    let client: any TestClientProtocol
    let fixtures: Fixtures
    let database: any DatabaseClient

    @discardableResult
    func call(_ method: HTTPRequest.Method, _ uri: String, token: String? = nil, body: String? = nil, headers: HTTPFields = [:]) async throws -> Reply {
        var headers = headers
        if let token { headers[.authorization] = "Bearer \(token)" }
        if body != nil { headers[.contentType] = "application/json" }
        return try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { response in
            Reply(status: response.status, headers: response.headers, text: String(buffer: response.body))
        }
    }

    /// Registers a customer and returns its access token and id.
    func customer(_ name: String = "buyer") async throws -> (token: String, id: String) {
        let email = "\(name)-\(UUID().uuidString.prefix(8))@example.com".lowercased()
        let reply = try await call(.post, "/api/v1/auth/register", body: #"{"email":"\#(email)","password":"correct horse","name":"\#(name)","phone":"13800000000"}"#)
        #expect(reply.status == .created, "register: \(reply.text)")
        let user = reply["user"] as? [String: Any]
        return (reply["accessToken"] as? String ?? "", user?["id"] as? String ?? "")
    }

    /// Adds a Futian address for the customer and returns its id.
    func address(token: String) async throws -> String {
        let reply = try await call(.post, "/api/v1/me/addresses", token: token, body: #"{"recipient":"Li Lei","phone":"13800000000","region":"Shenzhen Futian","detail":"Shennan Blvd 1","latitude":22.541,"longitude":114.055}"#)
        #expect(reply.status == .created, "address: \(reply.text)")
        return reply["id"] as? String ?? ""
    }

    /// A staff account created directly in the store, signed in through the API.
    func staff(_ role: Role) async throws -> String {
        let email = "\(role.rawValue)-\(UUID().uuidString.prefix(6))@staff.test".lowercased()
        let user = User(id: Identifier.make("usr"), email: email, name: role.rawValue, phone: "0", role: role, createdAt: Date())
        try await fixtures.store.insertUser(user, passwordHash: try await PasswordHasher(cost: 4).hash("staff-password"))
        let reply = try await call(.post, "/api/v1/auth/login", body: #"{"email":"\#(email)","password":"staff-password"}"#)
        #expect(reply.status == .ok, "staff login: \(reply.text)")
        return reply["accessToken"] as? String ?? ""
    }

    func placeOrder(token: String, addressId: String, sku: String = "WB-7KW-BASIC", quantity: Int = 1, key: String? = nil) async throws -> Reply {
        var headers = HTTPFields()
        if let key { headers[.init("Idempotency-Key")!] = key }
        return try await call(.post, "/api/v1/orders", token: token, body: #"{"lines":[{"sku":"\#(sku)","quantity":\#(quantity)}],"addressId":"\#(addressId)"}"#, headers: headers)
    }

    /// Counts that must not move when a request is refused.
    func snapshot() async throws -> [Int] {
        let orders = try await fixtures.store.orders(customerId: nil, status: nil, before: nil, limit: 200).count
        let movements = try await fixtures.store.movements(warehouseId: nil, sku: nil, afterId: nil, limit: 10_000).count
        let levels = try await fixtures.store.stockLevels(skus: nil, warehouseId: nil).map { $0.onHand * 100_000 + $0.reserved }
        return [orders, movements] + levels
    }
}

/// Builds the real application on a fresh database with the demo catalogue and some stock, and runs `body`.
func withApp(_ database: TestDatabase, setup: TestingSetup = .router, configure: (inout AppConfiguration) -> Void = { _ in }, _ body: @escaping @Sendable (Harness) async throws -> Void) async throws {
    var configuration = testConfiguration()
    configure(&configuration)
    try await database.withFresh { client in
        let fixtures = Fixtures(client: client)
        try await fixtures.catalogue()
        try await fixtures.receive(100, of: "WB-7KW-BASIC")
        try await fixtures.receive(100, of: "CB-GBT-5M")
        let app = try await buildApplication(configuration, database: client)
        try await app.test(setup) { testClient in
            try await body(Harness(client: testClient, fixtures: fixtures, database: client))
        }
    }
}

/// A clock that runs at the wall clock's pace from 07:00 China time of the real day. Dispatch plans "today"
/// and sends vans out no earlier than now, so its tests read this clock to find the day's shifts ahead of
/// them at whatever hour they run.
struct MorningClock: Sendable {
    let offset: TimeInterval

    init() {
        let real = Date()
        offset = PlanningDay(containing: real).at(minute: 7 * 60).timeIntervalSince(real)
    }

    func now() -> Date { Date().addingTimeInterval(offset) }
    var clock: @Sendable () -> Date { { [offset] in Date().addingTimeInterval(offset) } }
    var today: String { PlanningDay(containing: now()).description }
    func iso(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }
}

let morning = MorningClock()
