import Foundation
import HummingbirdWSClient
import Logging
import Synchronization

/// A real WebSocket client on `/api/v1/stream` that records every message it receives.
final class StreamClient: Sendable {
    private let texts = Mutex<[String]>([])
    private let closed = Mutex(false)
    private let task: Mutex<Task<Void, Never>?> = Mutex(nil)

    /// Connects and starts recording; returns once the server's hello arrived.
    static func open(port: Int, token: String, since: Int64? = nil, chatSince: Int64? = nil, language: String = "en") async throws -> StreamClient {
        let client = StreamClient()
        var url = "ws://127.0.0.1:\(port)/api/v1/stream?access_token=\(token)&lang=\(language)"
        if let since { url += "&since=\(since)" }
        if let chatSince { url += "&chatSince=\(chatSince)" }
        let logger = Logger(label: "stream-client")
        let task = Task {
            _ = try? await WebSocketClient.connect(url: url, logger: logger) { inbound, _, _ in
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    if case .text(let text) = message { client.texts.withLock { $0.append(text) } }
                }
            }
            client.closed.withLock { $0 = true }
        }
        client.task.withLock { $0 = task }
        try await client.waitFor(within: 60) { messages in messages.contains { $0["type"] as? String == "hello" } }
        return client
    }

    var messages: [[String: Any]] {
        texts.withLock { $0 }.compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
    }

    var tracking: [[String: Any]] { messages.filter { $0["type"] as? String == "tracking" } }
    var chat: [[String: Any]] { messages.filter { $0["type"] as? String == "chat" } }
    var helloPosition: Int64? { (messages.first { $0["type"] as? String == "hello" }?["position"] as? NSNumber)?.int64Value }
    var helloChatPosition: Int64? { (messages.first { $0["type"] as? String == "hello" }?["chatPosition"] as? NSNumber)?.int64Value }
    var isClosed: Bool { closed.withLock { $0 } }

    /// Waits until `condition` holds for the messages so far; throws after `seconds`.
    func waitFor(within seconds: Double = 60, _ condition: ([[String: Any]]) -> Bool) async throws {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while !condition(messages) {
            guard ContinuousClock.now < deadline else { throw StreamTimeout(messages: texts.withLock { $0 }) }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    func close() { task.withLock { $0 }?.cancel() }
}

struct StreamTimeout: Error, CustomStringConvertible {
    let messages: [String]
    var description: String { "timed out; received so far: \(messages.joined(separator: "\n"))" }
}

extension Dictionary where Key == String, Value == Any {
    var position: Int64 { (self["position"] as? NSNumber)?.int64Value ?? -1 }
    var orderId: String { self["orderId"] as? String ?? "" }
    var eventStatus: String { (self["event"] as? [String: Any])?["status"] as? String ?? "" }
    var chatPosition: Int64 { (self["chatPosition"] as? NSNumber)?.int64Value ?? -1 }
    var chatText: String { (self["message"] as? [String: Any])?["text"] as? String ?? "" }
}
