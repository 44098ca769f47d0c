import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import Logistics
import NIOCore
import Server
import SQLKit
import Storage
#if canImport(Glibc)
import Glibc
#endif

/// Runs `command` with /bin/sh and waits for it. Not through Foundation's `Process`: its wait never
/// returns when the command leaves a daemon behind (`pg_ctl start`), which keeps the child a zombie.
func shell(_ command: String) throws {
    var pid: pid_t = 0
    let arguments = ["/bin/sh", "-c", command]
    var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    let spawned = posix_spawn(&pid, "/bin/sh", nil, nil, &argv, environ)
    guard spawned == 0 else { throw HarnessError("could not run `\(command)`: error \(spawned)") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    let exitCode = (status >> 8) & 0xff
    guard status & 0x7f == 0, exitCode == 0 else { throw HarnessError("`\(command)` failed (status \(status))") }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// One HTTP exchange with its status, body and how long it took.
enum HTTPProbe {
    struct Answer: Sendable {
        var status: UInt
        var body: Data
        var retryAfter: String?
        var milliseconds: Double
        /// `Idempotent-Replayed: true`: the order existed already (placed before a crash, say).
        var replayed = false
    }

    static func get(_ http: HTTPClient, _ url: String, token: String? = nil, timeout: TimeAmount = .seconds(20)) async throws -> (UInt, Data) {
        let answer = try await send(http, "GET", url, token: token, timeout: timeout)
        return (answer.status, answer.body)
    }

    static func send(_ http: HTTPClient, _ method: String, _ url: String, token: String? = nil, body: String? = nil,
                     headers: [(String, String)] = [], timeout: TimeAmount = .seconds(20)) async throws -> Answer {
        var request = HTTPClientRequest(url: url)
        request.method = .init(rawValue: method)
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let start = ContinuousClock.now
        let response = try await http.execute(request, timeout: timeout)
        let bytes = try await response.body.collect(upTo: 4 << 20)
        return Answer(status: response.status.code, body: Data(buffer: bytes), retryAfter: response.headers.first(name: "Retry-After"),
                      milliseconds: (ContinuousClock.now - start).milliseconds, replayed: response.headers.first(name: "Idempotent-Replayed") == "true")
    }

    static func json(_ data: Data) -> [String: Any] { (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:] }
}

/// The world every fault check starts from: the demo catalogue with one SKU in deep stock, customers with
/// addresses and tokens, an admin with a token; written straight to the database before any server starts.
struct FaultWorld: Sendable {
    static let sku = "SP-FUSE-KIT"
    let url: DatabaseURL
    let customers: [BenchAccounts.Account]
    let adminToken: String
    let driverToken: String?

    static func prepare(_ url: DatabaseURL, customers count: Int, tokenHours: Double = 2, logger: Logger) async throws -> FaultWorld {
        let client = try await url.connect(logger: logger)
        var configuration = AppConfiguration(database: url, jwtSecret: ServerProcess.secrets["JWT_SECRET"]!, paymentWebhookSecret: ServerProcess.secrets["PAYMENT_WEBHOOK_SECRET"]!)
        configuration.seedDemoData = false
        configuration.bcryptCost = 4
        configuration.accessTokenSeconds = tokenHours * 3600
        do {
            let services = try await makeServices(configuration, database: client)
            try await BenchAccounts.seedCatalogue(services.store, stocking: [sku], quantity: 1_000_000)
            let customers = try await BenchAccounts.create(count: count, services: services)
            try await services.store.insertUser(BenchAccounts.admin, passwordHash: "not-a-login")
            let adminToken = try await services.tokens.accessToken(for: BenchAccounts.admin)
            await client.shutdown()
            return FaultWorld(url: url, customers: customers, adminToken: adminToken, driverToken: nil)
        } catch {
            await client.shutdown()
            throw error
        }
    }

    /// Every tracking event of the customers' orders, with its feed position (nil until the outbox drain gives one).
    func trackingEvents(logger: Logger) async throws -> [(id: String, position: Int64?)] {
        try await inspect(logger: logger) { db in
            try await db.raw("""
                SELECT e.id, x.position FROM tracking_events e JOIN orders o ON o.id = e.order_id
                LEFT JOIN outbox x ON x.event_id = e.id WHERE o.customer_id LIKE 'usr_bench_%'
                """).all().map { (id: try $0.decode(column: "id", as: String.self), position: try $0.decode(column: "position", as: Int64?.self)) }
        }
    }

    /// Reads the database directly (the server may be down): what the checks compare the answers with.
    func inspect<T: Sendable>(logger: Logger, _ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let client = try await url.connect(logger: logger, migrate: false, connections: 2)
        do {
            let result = try await client.read(body)
            await client.shutdown()
            return result
        } catch {
            await client.shutdown()
            throw error
        }
    }
}

/// Receives webhooks and counts them by event and by delivery id.
actor WebhookInbox {
    private(set) var byEvent: [String: Int] = [:]
    private(set) var byDelivery: [String: Int] = [:]

    func record(event: String, delivery: String) {
        byEvent[event, default: 0] += 1
        byDelivery[delivery, default: 0] += 1
    }

    /// Starts a receiver on a free port; returns its URL and the task that runs it (cancel to stop).
    func serve(logger: Logger) async throws -> (url: String, task: Task<Void, any Error>) {
        let router = Router()
        router.post("/hook") { request, _ -> HTTPResponse.Status in
            let event = request.headers.first { $0.name.canonicalName == "x-chargemall-event" }?.value ?? "?"
            let delivery = request.headers.first { $0.name.canonicalName == "x-chargemall-delivery" }?.value ?? "?"
            await self.record(event: event, delivery: delivery)
            return .noContent
        }
        let port = try ServerProcess.freePort()
        var quiet = logger
        quiet.logLevel = .critical
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)), logger: quiet)
        let task = Task { try await app.runService() }
        return ("http://127.0.0.1:\(port)/hook", task)
    }
}

/// Concurrent customers placing one-line orders with an `Idempotency-Key` each, until told to stop; keeps
/// every key's fate: acknowledged (201 and an id), refused (another 4xx), unknown (no answer, or a 5xx).
actor OrderLoad {
    struct Sample: Sendable {
        var at: Double
        var status: UInt
        var milliseconds: Double
        var retryAfter: Bool
    }
    private(set) var acknowledged: [String: String] = [:]
    private(set) var unknown: [String: Int] = [:]
    /// Keys answered 503 at least once with a code that says nothing changed.
    private(set) var unavailable: Set<String> = []
    /// Keys that a replay showed to have been placed although an earlier answer was such a 503.
    private(set) var placedDespite503: Set<String> = []
    /// Keys answered 503 `outcome_unknown`: the database went away mid-commit; only the retry can tell.
    private(set) var outcomeUnknown: Set<String> = []
    /// Of those, the ones the retry showed had committed.
    private(set) var committedDespiteUnknown: Set<String> = []
    private(set) var samples: [Sample] = []
    private var stopped = false
    let started = ContinuousClock.now
    /// Names this load's keys apart from another load's on the same customers.
    let prefix: String

    init(prefix: String = "fault") { self.prefix = prefix }

    /// Longer than the server's 30 s lease timeout, so a request the server gives up on shows as its 503,
    /// and only one the server never answers shows as a hang.
    static let clientTimeout = TimeAmount.seconds(40)

    func stop() { stopped = true }
    var isStopped: Bool { stopped }

    func record(key: String, customer: Int, answer: HTTPProbe.Answer?) {
        let at = (ContinuousClock.now - started).seconds
        guard let answer else {
            unknown[key] = customer
            samples.append(Sample(at: at, status: 0, milliseconds: 0, retryAfter: false))
            return
        }
        samples.append(Sample(at: at, status: answer.status, milliseconds: answer.milliseconds, retryAfter: answer.retryAfter != nil))
        if answer.status == 201, let id = HTTPProbe.json(answer.body)["id"] as? String {
            acknowledged[key] = id
            unknown[key] = nil
        } else if answer.status >= 500 || answer.status == 0 {
            unknown[key] = customer
        }
        if answer.status == 503 {
            let code = (HTTPProbe.json(answer.body)["error"] as? [String: Any])?["code"] as? String
            if code == "outcome_unknown" { outcomeUnknown.insert(key) } else { unavailable.insert(key) }
        }
    }

    static func body(_ account: BenchAccounts.Account) -> String {
        #"{"lines":[{"sku":"\#(FaultWorld.sku)","quantity":1}],"addressId":"\#(account.addressId)"}"#
    }

    /// Runs `workers` loops against `base()` (read before each request, so a check can switch servers).
    func run(http: HTTPClient, world: FaultWorld, workers: Int, base: @escaping @Sendable () -> String, pause: Duration = .milliseconds(20)) async {
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<workers {
                group.addTask {
                    var n = 0
                    while await !self.isStopped {
                        n += 1
                        let index = worker % world.customers.count
                        let account = world.customers[index]
                        let key = "\(self.prefix)-\(worker)-\(n)"
                        let answer = try? await HTTPProbe.send(http, "POST", base() + "/api/v1/orders", token: account.token, body: Self.body(account),
                                                               headers: [("Idempotency-Key", key)], timeout: Self.clientTimeout)
                        await self.record(key: key, customer: index, answer: answer)
                        try? await Task.sleep(for: pause)
                    }
                }
            }
        }
    }

    /// Sends every unknown key again (same key, same body) until each has an answer; returns how many of
    /// them turned out to have been placed before the fault (the server answered with the same order).
    func settle(http: HTTPClient, world: FaultWorld, base: String) async throws -> Int {
        var replays = 0
        for (key, customer) in unknown {
            let account = world.customers[customer]
            for attempt in 0..<20 {
                let answer = try? await HTTPProbe.send(http, "POST", base + "/api/v1/orders", token: account.token, body: Self.body(account),
                                                       headers: [("Idempotency-Key", key)], timeout: Self.clientTimeout)
                if let answer, answer.status < 500 {
                    if answer.replayed {
                        replays += 1
                        if unavailable.contains(key) { placedDespite503.insert(key) }
                        if outcomeUnknown.contains(key) { committedDespiteUnknown.insert(key) }
                    }
                    record(key: key, customer: customer, answer: answer)
                    break
                }
                if attempt == 19 { throw HarnessError("key \(key) got no answer after 20 tries") }
                try await Task.sleep(for: .milliseconds(500))
            }
        }
        return replays
    }
}

/// A check's outcome: what was promised, what happened, whether it held.
struct FaultResult: Sendable {
    var fault: String
    var database: String
    var promise: String
    var observed: [String]
    var held: Bool
    var seconds: Double = 0
}
