import Foundation
import HummingbirdWSClient
import Logging
import Storage

/// What the WebSocket benchmarks share: a run over a database made for it with a server child process, and
/// customers' connections on `/api/v1/stream`.
enum BenchStream {
    static let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    static let plain = Date.ISO8601FormatStyle()

    /// An API time, with or without fractional seconds.
    static func time(_ value: Any?) -> Date? {
        guard let text = value as? String else { return nil }
        return (try? withFraction.parse(text)) ?? (try? plain.parse(text))
    }

    /// Measures against a fresh database (`measure` starts the server and hands it over), then stops the server
    /// and drops the database whatever happened; returns the report.
    static func run<Report>(_ text: String?, progress: (String) -> Void,
                            measure: (any DatabaseClient, BenchDatabase, Logger, (ServerProcess) -> Void) async throws -> Report) async throws -> Report {
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let target = try BenchDatabase.make(text, logger: logger)
        progress("database: \(target.url)")
        try await target.create(logger: logger)
        defer { progress("done") }
        let client = try await target.url.connect(logger: logger)
        var server: ServerProcess?
        do {
            let report = try await measure(client, target, logger) { server = $0 }
            server?.stop()
            await client.shutdown()
            try await target.drop(logger: logger)
            return report
        } catch {
            server?.stop()
            await client.shutdown()
            try? await target.drop(logger: logger)
            throw error
        }
    }

    /// One connection: `hello()` on the server's hello, `message(object, receivedAt)` for every other message.
    static func listen(port: Int, token: String, logger: Logger, hello: @escaping @Sendable () -> Void,
                       message: @escaping @Sendable ([String: Any], Date) -> Void) async {
        let url = "ws://127.0.0.1:\(port)/api/v1/stream?access_token=\(token)"
        _ = try? await WebSocketClient.connect(url: url, logger: logger) { inbound, _, _ in
            for try await frame in inbound.messages(maxSize: 1 << 16) {
                guard case .text(let text) = frame else { continue }
                let received = Date()
                guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { continue }
                if object["type"] as? String == "hello" { hello() } else { message(object, received) }
            }
        }
    }

    /// Opens `count` connections through `open` (paced so the server's accept queue never overflows) and waits
    /// until `connected()` counts them all; the returned task holds them (cancel it to close them).
    static func connect(count: Int, connected: @escaping @Sendable () -> Int, progress: (String) -> Void,
                        open: @escaping @Sendable (Int) async -> Void) async throws -> Task<Void, Never> {
        progress("connecting \(count) WebSocket clients")
        let connections = Task {
            await withTaskGroup(of: Void.self) { group in
                for index in 0..<count {
                    group.addTask { await open(index) }
                    if index % 100 == 99 { try? await Task.sleep(for: .milliseconds(20)) }
                }
            }
        }
        let deadline = ContinuousClock.now + .seconds(180)
        var shown = 0
        while connected() < count {
            guard ContinuousClock.now < deadline else {
                connections.cancel()
                throw HarnessError("only \(connected()) of \(count) clients connected")
            }
            try await Task.sleep(for: .milliseconds(100))
            let now = connected()
            if now / 1000 > shown / 1000 { progress("\(now) connected") }
            shown = now
        }
        try await Task.sleep(for: .seconds(1))
        return connections
    }
}
