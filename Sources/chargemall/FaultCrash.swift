import AsyncHTTPClient
import Foundation
import Logging
import SQLKit
import Storage

/// `kill -9` in the middle of an order load, then a restart on the same database: every acknowledged order
/// is there, each key placed once, the reservations equal the orders' lines, the ledger adds up, and the
/// outbox delivers every tracking event committed before the crash.
enum CrashFault {
    static func run(_ url: DatabaseURL, label: String, http: HTTPClient, work: String, logger: Logger,
                    progress: @escaping @Sendable (String) -> Void) async throws -> FaultResult {
        let start = ContinuousClock.now
        let world = try await FaultWorld.prepare(url, customers: 40, logger: logger)
        let inbox = WebhookInbox()
        let (hookURL, hookTask) = try await inbox.serve(logger: logger)
        defer { hookTask.cancel() }
        let first = try await ServerProcess.start(database: url, logPath: "\(work)/crash-\(label)-1.log", http: http)
        let subscribed = try await HTTPProbe.send(http, "POST", first.base + "/api/v1/admin/webhooks", token: world.adminToken,
                                                  body: #"{"name":"fault check","url":"\#(hookURL)"}"#)
        guard subscribed.status == 201 else { first.kill9(); throw HarnessError("webhook subscription: HTTP \(subscribed.status)") }

        progress("\(label): 16 customers placing orders; kill -9 after 4 s")
        let load = OrderLoad()
        let base = first.base
        let loadTask = Task { await load.run(http: http, world: world, workers: 16, base: { base }) }
        try await Task.sleep(for: .seconds(4))
        first.kill9()
        let acknowledgedAtCrash = await load.acknowledged.count
        try await Task.sleep(for: .milliseconds(500))
        await load.stop()
        await loadTask.value
        let unknownAtCrash = await load.unknown.count

        progress("\(label): restarting on the same database")
        let second = try await ServerProcess.start(database: url, port: first.port, logPath: "\(work)/crash-\(label)-2.log", http: http)
        defer { second.stop() }
        let replays = try await load.settle(http: http, world: world, base: second.base)
        let acknowledged = await load.acknowledged

        let state = try await OrderStateCheck.run(world: world, acknowledged: acknowledged, server: second, http: http, logger: logger)

        // The outbox: every event of these orders gets its feed position and reaches the webhook.
        progress("\(label): waiting for the outbox to deliver every event")
        let restarted = ContinuousClock.now
        var events: [(id: String, position: Int64?)] = []
        var received: [String: Int] = [:]
        let deadline = ContinuousClock.now + .seconds(60)
        repeat {
            try await Task.sleep(for: .seconds(1))
            events = try await world.trackingEvents(logger: logger)
            received = await inbox.byEvent
        } while ContinuousClock.now < deadline && events.contains { $0.position == nil || received[$0.id] == nil }
        let drainSeconds = (ContinuousClock.now - restarted).seconds
        let unpositioned = events.filter { $0.position == nil }.count
        let undelivered = events.filter { received[$0.id] == nil }.count
        let twice = events.filter { (received[$0.id] ?? 0) > 1 }.count
        let deliveryIds = await inbox.byDelivery
        let repeatedDeliveries = deliveryIds.values.filter { $0 > 1 }.count

        let held = state.held && unpositioned == 0 && undelivered == 0 && twice == repeatedDeliveries
        return FaultResult(
            fault: "kill -9 during an order load", database: label,
            promise: "every acknowledged order survives, each Idempotency-Key places one order, reservations = open orders' lines, ledger consistent, every committed event delivered (a repeat only with the same delivery id)",
            observed: [
                "\(acknowledgedAtCrash) orders acknowledged before the kill, \(unknownAtCrash) requests unanswered",
                "the unanswered keys sent again after the restart: \(replays) had been placed before the crash (answered as replays), \(unknownAtCrash - replays) placed now",
            ] + state.observations + [
                "\(events.count) tracking events: \(unpositioned) without a feed position, \(undelivered) never delivered, \(twice) delivered twice (\(repeatedDeliveries) repeats of one delivery id); all in within \(Int(drainSeconds.rounded(.up))) s of the checks (a delivery the dead server had claimed waits for its 50 s lease)",
            ],
            held: held, seconds: (ContinuousClock.now - start).seconds)
    }
}
