import AsyncHTTPClient
import Foundation
import HummingbirdWSClient
import Logging
import SQLKit
import Storage

/// Two instances on one PostgreSQL; staff event streams on the first, orders placed through the second;
/// the first killed with `kill -9`. Its stream clients reconnect to the survivor with `since` and miss no
/// event; the survivor's background jobs (outbox drain, webhook deliveries) carry on alone.
enum FailoverFault {
    /// One stream client: the positions it received, and how often it had to reconnect.
    actor Subscriber {
        var positions: [Int64] = []
        var last: Int64?
        var connections = 0
        var helloCount = 0

        func hello(_ position: Int64) {
            helloCount += 1
            if last == nil { last = position }
        }
        func event(_ position: Int64) {
            positions.append(position)
            last = max(last ?? 0, position)
        }
        func connected() { connections += 1 }
    }

    static func run(_ url: DatabaseURL, http: HTTPClient, work: String, logger: Logger,
                    progress: @escaping @Sendable (String) -> Void) async throws -> FaultResult {
        let began = ContinuousClock.now
        let world = try await FaultWorld.prepare(url, customers: 20, logger: logger)
        let inbox = WebhookInbox()
        let (hookURL, hookTask) = try await inbox.serve(logger: logger)
        defer { hookTask.cancel() }
        let first = try await ServerProcess.start(database: url, logPath: "\(work)/failover-a.log", http: http)
        let second = try await ServerProcess.start(database: url, logPath: "\(work)/failover-b.log", http: http)
        defer {
            first.kill9()
            second.stop()
        }
        let subscribed = try await HTTPProbe.send(http, "POST", second.base + "/api/v1/admin/webhooks", token: world.adminToken,
                                                  body: #"{"name":"fault check","url":"\#(hookURL)"}"#)
        guard subscribed.status == 201 else { throw HarnessError("webhook subscription: HTTP \(subscribed.status)") }

        // Ten staff streams on the first instance; each moves to the second when its connection drops.
        let subscribers = (0..<10).map { _ in Subscriber() }
        let streams = subscribers.map { subscriber in
            Task {
                var port = first.port
                while !Task.isCancelled {
                    let since = await subscriber.last.map { "&since=\($0)" } ?? ""
                    let url = "ws://127.0.0.1:\(port)/api/v1/stream?access_token=\(world.adminToken)\(since)"
                    _ = try? await WebSocketClient.connect(url: url, logger: logger) { inbound, _, _ in
                        await subscriber.connected()
                        for try await frame in inbound.messages(maxSize: 1 << 20) {
                            guard case .text(let text) = frame, let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
                                  let position = (object["position"] as? NSNumber)?.int64Value else { continue }
                            if object["type"] as? String == "hello" { await subscriber.hello(position) } else { await subscriber.event(position) }
                        }
                    }
                    port = second.port
                    try? await Task.sleep(for: .milliseconds(200))
                }
            }
        }
        defer { for stream in streams { stream.cancel() } }
        let ready = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < ready {
            var hellos = 0
            for subscriber in subscribers where await subscriber.helloCount > 0 { hellos += 1 }
            if hellos == subscribers.count { break }
            try await Task.sleep(for: .milliseconds(100))
        }

        progress("orders through the second instance; kill -9 of the first (10 streams on it) after 3 s")
        let load = OrderLoad()
        let base = second.base
        let loadTask = Task { await load.run(http: http, world: world, workers: 8, base: { base }, pause: .milliseconds(30)) }
        try await Task.sleep(for: .seconds(3))
        first.kill9()
        try await Task.sleep(for: .seconds(4))
        await load.stop()
        await loadTask.value
        let acknowledged = await load.acknowledged

        // Every event of these orders, with its feed position, once the survivor has positioned them all.
        progress("waiting for the streams and the webhooks to catch up")
        var events: [(id: String, position: Int64?)] = []
        var received: [String: Int] = [:]
        var complete = false
        let deadline = ContinuousClock.now + .seconds(75)
        repeat {
            try await Task.sleep(for: .seconds(1))
            events = try await world.trackingEvents(logger: logger)
            received = await inbox.byEvent
            let positions = Set(events.compactMap(\.position))
            var allStreamed = true
            for subscriber in subscribers where !positions.isSubset(of: Set(await subscriber.positions)) { allStreamed = false }
            complete = allStreamed && events.allSatisfy { $0.position != nil && received[$0.id] != nil }
        } while !complete && ContinuousClock.now < deadline
        let caughtUp = (ContinuousClock.now - began).seconds

        let positions = Set(events.compactMap(\.position))
        var missedTotal = 0, duplicatesTotal = 0, reconnected = 0
        for subscriber in subscribers {
            let got = await subscriber.positions
            missedTotal += positions.subtracting(got).count
            duplicatesTotal += got.count - Set(got).count
            if await subscriber.connections > 1 { reconnected += 1 }
        }
        let undelivered = events.filter { received[$0.id] == nil }.count
        let state = try await OrderStateCheck.run(world: world, acknowledged: acknowledged, server: second, http: http, logger: logger)
        let held = missedTotal == 0 && duplicatesTotal == 0 && reconnected == subscribers.count && undelivered == 0
            && events.allSatisfy { $0.position != nil } && state.held
        return FaultResult(
            fault: "two instances on one PostgreSQL, the one serving 10 event streams killed (-9) during an order load", database: "PostgreSQL",
            promise: "stream clients reconnect to the survivor with since= and miss no event (none twice); the survivor drains the outbox and delivers every webhook alone",
            observed: [
                "\(acknowledged.count) orders, \(events.count) tracking events; \(reconnected) of \(subscribers.count) streams reconnected to the survivor",
                "events missed by a stream: \(missedTotal), received twice: \(duplicatesTotal)",
                "webhooks: \(events.count - undelivered) of \(events.count) events delivered by the survivor (the dead instance's claimed deliveries after their 50 s lease); all caught up \(Int(caughtUp)) s into the check",
            ] + state.observations,
            held: held, seconds: (ContinuousClock.now - began).seconds)
    }
}
