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

/// `chargemall bench chat`: thousands of customers each in a conversation on the WebSocket stream, an agent
/// answering at a steady rate; measures answer commit → customer latency and lost, doubled or misdelivered
/// messages; then the agents' inbox under many concurrent connections. The server runs as a child process.
struct BenchChat: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "Live chat: agent answer → customer WebSocket latency with thousands of open conversations; inbox query latency under load.",
        discussion: """
            Build with -c release:
              swift build -c release --product chargemall && .build/release/chargemall bench chat
              .build/release/chargemall bench chat --database postgres://postgres@127.0.0.1:55432/postgres
            """)

    @OptionGroup var target: BenchTargetOption
    @Option(help: "Open conversations, one customer and one WebSocket each.") var conversations = 2000
    @Option(help: "Agent answers per second.") var rate = 100
    @Option(help: "Seconds of answers.") var seconds = 20
    @Option(help: "Connections asking for the inbox (agents' consoles).") var inboxConnections = 200
    @Option(help: "Seconds between one connection's inbox queries (0: back to back, which measures throughput, not latency).")
    var inboxInterval = 1.0
    @Option(help: "Seconds of inbox queries.") var inboxSeconds = 10
    @Flag(help: "Print JSON instead of a table.") var json = false

    func progress(_ text: String) { FileHandle.standardError.write(Data("bench: \(text)\n".utf8)) }

    final class Tally: Sendable {
        let sent = Mutex<Set<String>>([])
        let failed = Mutex(0)
    }

    final class Inbox: Sendable {
        let latencies = Mutex<[String: Double]>([:])
        let received = Mutex(0)
        let foreign = Mutex(0)
        let connected = Mutex(0)
    }

    func run() async throws {
        let report = try await BenchStream.run(target.url, progress: progress) { client, target, logger, started in
            try await measure(client: client, target: target, logger: logger, started: started)
        }
        print(json ? report.json() : report.table())
    }

    func measure(client: any DatabaseClient, target: BenchDatabase, logger: Logger, started: (ServerProcess) -> Void) async throws -> ChatReport {
        var configuration = AppConfiguration(database: target.url, jwtSecret: ServerProcess.secrets["JWT_SECRET"]!, paymentWebhookSecret: "bench")
        configuration.bcryptCost = 4
        let services = try await makeServices(configuration, database: client)
        progress("creating \(conversations) customers, each with an open conversation")
        let accounts = try await BenchAccounts.create(count: conversations, services: services)
        let conversationIds = try await withThrowingTaskGroup(of: [(Int, String)].self) { group in
            for worker in 0..<8 {
                group.addTask {
                    var opened: [(Int, String)] = []
                    for index in stride(from: worker, to: accounts.count, by: 8) {
                        let user = User(id: accounts[index].userId, email: "", name: "", phone: "", role: .customer, createdAt: Date())
                        let conversation = try await services.support.open(orderId: nil, category: .invoice, text: "需要发票 \(index)", by: user, language: .zhCN)
                        opened.append((index, conversation.id))
                    }
                    return opened
                }
            }
            var ids = [String](repeating: "", count: accounts.count)
            for try await part in group { for (index, id) in part { ids[index] = id } }
            return ids
        }
        let agent = User(id: "usr_bench_agent", email: "agent@bench.test", name: "Bench agent", phone: "0", role: .agent, createdAt: Date())
        try await services.store.insertUser(agent, passwordHash: "not-a-login")
        let agentToken = try await services.tokens.accessToken(for: agent)

        progress("starting the server process")
        let server = try await ServerProcess.start(database: target.url, extra: ServerProcess.benchFlags)
        started(server)
        progress("server on 127.0.0.1:\(server.port)")
        let owner = Dictionary(uniqueKeysWithValues: conversationIds.enumerated().map { ($1, $0) })
        let inbox = Inbox()
        let connections = try await BenchStream.connect(count: accounts.count, connected: { inbox.connected.withLock { $0 } }, progress: progress) { index in
            await Self.listen(port: server.port, token: accounts[index].token, index: index, owner: owner, inbox: inbox, logger: logger)
        }
        defer { connections.cancel() }

        progress("an agent answers \(rate)/s for \(seconds) s")
        var httpConfiguration = HTTPClient.Configuration()
        httpConfiguration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: max(64, inboxConnections))
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: httpConfiguration)
        let total = rate * seconds
        let next = TicketCounter()
        let start = ContinuousClock.now
        let tally = Tally()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<32 {
                group.addTask {
                    while true {
                        let i = next.take()
                        guard i < total, tally.failed.withLock({ $0 }) <= 20 else { break }
                        let due = start + .microseconds(Int64(Double(i) * 1_000_000 / Double(rate)))
                        if due > ContinuousClock.now { try? await Task.sleep(until: due) }
                        let conversation = conversationIds[i % conversationIds.count]
                        var request = HTTPClientRequest(url: "http://127.0.0.1:\(server.port)/api/v1/conversations/\(conversation)/messages")
                        request.method = .POST
                        request.headers.add(name: "Authorization", value: "Bearer \(agentToken)")
                        request.headers.add(name: "Content-Type", value: "application/json")
                        request.body = .bytes(ByteBuffer(string: #"{"text":"发票已开具 \#(i)"}"#))
                        if let response = try? await http.execute(request, timeout: .seconds(10)), response.status == .created,
                           let body = try? await response.body.collect(upTo: 1 << 20),
                           let page = try? JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any],
                           let id = (page["items"] as? [[String: Any]])?.first?["id"] as? String {
                            _ = tally.sent.withLock { $0.insert(id) }
                        } else {
                            tally.failed.withLock { $0 += 1 }
                        }
                    }
                }
            }
        }
        let elapsed = (ContinuousClock.now - start).seconds
        let answered = tally.sent.withLock { $0 }
        let settle = ContinuousClock.now + .seconds(10)
        while inbox.latencies.withLock({ $0.count }) < answered.count, ContinuousClock.now < settle { try await Task.sleep(for: .milliseconds(100)) }
        try await Task.sleep(for: .milliseconds(500))
        let latencies = inbox.latencies.withLock { $0 }

        progress("\(inboxConnections) connections ask for the inbox for \(inboxSeconds) s")
        let inboxStart = ContinuousClock.now
        let inboxLatencies = await withTaskGroup(of: ([Double], Int).self) { group in
            for _ in 0..<inboxConnections {
                group.addTask {
                    var times: [Double] = [], errors = 0
                    // Consoles refresh on their own beat, spread over the interval so they do not all ask at once.
                    var due = inboxStart + .milliseconds(Int64(Double.random(in: 0..<max(inboxInterval, 0.001)) * 1000))
                    while (ContinuousClock.now - inboxStart).seconds < Double(inboxSeconds) {
                        if inboxInterval > 0 {
                            try? await Task.sleep(until: due)
                            due = due + .milliseconds(Int64(inboxInterval * 1000))
                        }
                        var request = HTTPClientRequest(url: "http://127.0.0.1:\(server.port)/api/v1/admin/conversations?state=pending&limit=50")
                        request.headers.add(name: "Authorization", value: "Bearer \(agentToken)")
                        let begin = ContinuousClock.now
                        if let response = try? await http.execute(request, timeout: .seconds(10)), response.status == .ok,
                           (try? await response.body.collect(upTo: 4 << 20)) != nil {
                            times.append((ContinuousClock.now - begin).milliseconds)
                        } else {
                            errors += 1
                        }
                    }
                    return (times, errors)
                }
            }
            var all: ([Double], Int) = ([], 0)
            for await part in group { all = (all.0 + part.0, all.1 + part.1) }
            return all
        }

        try? await http.shutdown()
        var report = ChatReport(database: client.kind.rawValue, conversations: conversations, rate: rate, seconds: seconds)
        report.answered = answered.count
        report.failed = tally.failed.withLock { $0 }
        report.achievedRate = Double(answered.count) / elapsed
        report.received = inbox.received.withLock { $0 }
        report.lost = answered.subtracting(latencies.keys).count
        report.duplicates = report.received - latencies.count
        report.foreign = inbox.foreign.withLock { $0 }
        report.latencies = Array(latencies.values)
        report.inboxConnections = inboxConnections
        report.inboxInterval = inboxInterval
        report.inboxLatencies = inboxLatencies.0
        report.inboxErrors = inboxLatencies.1
        report.inboxSeconds = Double(inboxSeconds)
        return report
    }

    /// One customer's connection: counts the hello; records each chat message (by id) with its commit → receipt latency.
    static func listen(port: Int, token: String, index: Int, owner: [String: Int], inbox: Inbox, logger: Logger) async {
        await BenchStream.listen(port: port, token: token, logger: logger, hello: { inbox.connected.withLock { $0 += 1 } }) { object, received in
            // Only the agent's answers are measured: the customers' opening questions, written before the server started,
            // are positioned (and may be pushed) when it starts.
            guard object["type"] as? String == "chat", let message = object["message"] as? [String: Any], message["author"] as? String == "agent",
                  let id = message["id"] as? String, let conversation = object["conversationId"] as? String,
                  let time = BenchStream.time(message["createdAt"]) else { return }
            inbox.received.withLock { $0 += 1 }
            if owner[conversation] != index { inbox.foreign.withLock { $0 += 1 } }
            inbox.latencies.withLock { $0[id] = received.timeIntervalSince(time) * 1000 }
        }
    }
}

struct ChatReport {
    var database: String
    var conversations: Int
    var rate: Int
    var seconds: Int
    var answered = 0
    var failed = 0
    var achievedRate = 0.0
    var received = 0
    var lost = 0
    var duplicates = 0
    var foreign = 0
    var latencies: [Double] = []
    var inboxConnections = 0
    var inboxInterval = 0.0
    var inboxLatencies: [Double] = []
    var inboxErrors = 0
    var inboxSeconds = 0.0

    func table() -> String {
        let p = Percentiles(latencies), q = Percentiles(inboxLatencies)
        func f(_ x: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", x) }
        return [
            "database: \(database), \(conversations) open conversations (one customer WebSocket each), an agent answering \(rate)/s for \(seconds) s",
            "",
            "| answers committed | failed | answers/s | delivered | lost | duplicated | to the wrong customer | p50 ms | p99 ms | max ms |",
            "|---|---|---|---|---|---|---|---|---|---|",
            "| \(answered) | \(failed) | \(f(achievedRate)) | \(received) | \(lost) | \(duplicates) | \(foreign) | \(f(p.value(0.5))) | \(f(p.value(0.99))) | \(f(p.value(1))) |",
            "",
            "| inbox connections | each every | queries | errors | queries/s | p50 ms | p99 ms |",
            "|---|---|---|---|---|---|---|",
            "| \(inboxConnections) | \(f(inboxInterval, 2)) s | \(inboxLatencies.count) | \(inboxErrors) | \(f(Double(inboxLatencies.count) / max(inboxSeconds, 1))) | \(f(q.value(0.5))) | \(f(q.value(0.99))) |",
        ].joined(separator: "\n")
    }

    func json() -> String {
        let p = Percentiles(latencies), q = Percentiles(inboxLatencies)
        let object: [String: Any] = [
            "database": database, "conversations": conversations, "rate": rate, "seconds": seconds, "answered": answered, "failed": failed,
            "received": received, "lost": lost, "duplicates": duplicates, "foreign": foreign, "p50Ms": p.value(0.5), "p99Ms": p.value(0.99),
            "inbox": ["connections": inboxConnections, "queries": inboxLatencies.count, "errors": inboxErrors, "p50Ms": q.value(0.5), "p99Ms": q.value(0.99)],
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
