import AsyncHTTPClient
import Foundation
import Logging
import Logistics
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import Storage

/// Sends queued deliveries: webhooks to merchant systems, messages to customers. Failed attempts are
/// retried with exponential back-off until the policy gives up (the delivery is then dead, on the admin's
/// list, and can be sent again). Per receiver and order, deliveries go one at a time in feed order.
struct DeliveryService: Service {
    let store: any DeliveryStore
    let notifier: any CustomerNotifier
    let httpClient: HTTPClient
    let policy: RetryPolicy
    let timeout: Duration
    let queued: ChangeSignal
    let pollInterval: Duration
    let logger: Logger
    /// Attempts in flight at once.
    var concurrency = 32

    func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let seen = queued.generation
            var claimed = 0
            do {
                claimed = try await runOnce()
            } catch {
                logger.error("delivery worker failed", metadata: ["error": "\(error)"])
            }
            if claimed == 0 {
                await cancelWhenGracefulShutdown { await queued.wait(after: seen, timeout: pollInterval) }
            }
        }
    }

    /// Claims and attempts one batch; returns how many were claimed.
    @discardableResult
    func runOnce(now: Date = Date()) async throws -> Int {
        // The lease outlasts an attempt's timeout, so a crashed worker's deliveries come back, and a
        // slow one's are never sent twice at once.
        let lease = now.addingTimeInterval(Double(timeout.components.seconds) * 2 + 30)
        let batch = try await store.claimDueDeliveries(now: now, leaseUntil: lease, limit: concurrency)
        guard !batch.isEmpty else { return 0 }
        var subscriptions: [String: WebhookSubscription] = [:]
        for id in Set(batch.filter { $0.channel == .webhook }.map(\.target)) {
            subscriptions[id] = try await store.subscription(id: id)
        }
        let known = subscriptions
        let events = try await store.events(ids: batch.filter { $0.topic == .orderTracking }.map(\.eventId))
        let stockAlerts = try await store.stockAlerts(ids: batch.filter { $0.topic == .stockAlert }.map(\.eventId))
        // Successes are recorded together, in one transaction per batch; failures one by one.
        let delivered = await withTaskGroup(of: Int64?.self) { group in
            for delivery in batch {
                let subject: Subject? = switch delivery.topic {
                case .orderTracking: events[delivery.eventId].map(Subject.event)
                case .stockAlert: stockAlerts[delivery.eventId].map(Subject.stockAlert)
                }
                group.addTask { await attempt(delivery, subject: subject, subscription: known[delivery.target]) ? delivery.id : nil }
            }
            var ids: [Int64] = []
            for await id in group { if let id { ids.append(id) } }
            return ids
        }
        do {
            try await store.markDelivered(ids: delivered, at: Date())
        } catch {
            // Their leases run out and they are sent again: a receiver may see one twice, never none.
            logger.error("could not record deliveries", metadata: ["count": "\(delivered.count)", "error": "\(error)"])
        }
        return batch.count
    }

    /// What a delivery carries.
    enum Subject {
        case event(TrackingEvent)
        case stockAlert(StockAlert)
    }

    /// One attempt; true when it was delivered (the caller records that), failures are recorded here.
    private func attempt(_ delivery: Delivery, subject: Subject?, subscription: WebhookSubscription?) async -> Bool {
        do {
            guard let subject else { throw DeliveryFailure("\(delivery.topic.rawValue) \(delivery.eventId) is gone") }
            switch (delivery.channel, subject) {
            case (.webhook, _):
                guard let subscription, subscription.active else {
                    try await store.markFailed(id: delivery.id, error: "the subscription was removed", nextAttemptAt: nil)
                    return false
                }
                try await post(try body(of: delivery, subject: subject), for: delivery, eventId: delivery.eventId, to: subscription)
            case (.customerMessage, .event(let event)):
                try await notifier.send(CustomerMessage(customerId: delivery.customerId ?? "", orderId: delivery.orderId ?? "", eventId: event.id,
                                                        text: TrackingSentences.render(event, in: .zhCN)))
            case (.customerMessage, .stockAlert):
                throw DeliveryFailure("a stock alert is not a customer message")
            }
            AppMetrics.deliveries(channel: delivery.channel, outcome: "delivered")
            return true
        } catch {
            let text = (error as? DeliveryFailure)?.description ?? "\(error)"
            let next = policy.isLast(delivery.attempts) ? nil : Date().addingTimeInterval(policy.delay(afterAttempts: delivery.attempts, unit: Double.random(in: 0..<1)))
            do {
                try await store.markFailed(id: delivery.id, error: text, nextAttemptAt: next)
            } catch {
                // The lease runs out and the delivery is tried again: late, never lost.
                logger.error("could not record a failed delivery", metadata: ["delivery": "\(delivery.id)", "error": "\(error)"])
            }
            AppMetrics.deliveries(channel: delivery.channel, outcome: next == nil ? "dead" : "retry")
            if next == nil {
                logger.warning("delivery dead-lettered", metadata: ["delivery": "\(delivery.id)", "target": "\(delivery.target)", "error": "\(text)"])
            }
            return false
        }
    }

    struct TrackingPayload: Encodable {
        var id: String
        var type = WebhookTopic.orderTracking
        var position: Int64
        var attempt: Int
        var orderId: String
        var customerId: String
        var event: TrackingEvent
        var messages: [String: String]
    }

    struct StockAlertPayload: Encodable {
        var id: String
        var type = WebhookTopic.stockAlert
        var attempt: Int
        var alert: StockAlert
    }

    private func body(of delivery: Delivery, subject: Subject) throws -> Data {
        switch subject {
        case .event(let event):
            var shown = event
            shown.message = TrackingSentences.render(event, in: .zhCN)
            return try JSONCoding.encoder.encode(TrackingPayload(
                id: "dlv_\(delivery.id)", position: delivery.position, attempt: delivery.attempts, orderId: delivery.orderId ?? event.orderId,
                customerId: delivery.customerId ?? "", event: shown,
                messages: ["zh-CN": TrackingSentences.render(event, in: .zhCN), "en": TrackingSentences.render(event, in: .en)]))
        case .stockAlert(let alert):
            return try JSONCoding.encoder.encode(StockAlertPayload(id: "dlv_\(delivery.id)", attempt: delivery.attempts, alert: alert))
        }
    }

    private func post(_ body: Data, for delivery: Delivery, eventId: String, to subscription: WebhookSubscription) async throws {
        let timestamp = Int(Date().timeIntervalSince1970)
        var request = HTTPClientRequest(url: subscription.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "ChargeMall-Webhooks/1")
        request.headers.add(name: "X-ChargeMall-Delivery", value: "dlv_\(delivery.id)")
        request.headers.add(name: "X-ChargeMall-Topic", value: delivery.topic.rawValue)
        request.headers.add(name: "X-ChargeMall-Event", value: eventId)
        request.headers.add(name: WebhookSignature.timestampHeader, value: String(timestamp))
        request.headers.add(name: WebhookSignature.signatureHeader, value: WebhookSignature.sign(body: body, timestamp: timestamp, secret: subscription.secret))
        request.body = .bytes(ByteBuffer(data: body))
        let response = try await httpClient.execute(request, timeout: .seconds(timeout.components.seconds))
        // Drain (a little of) the body so the connection can be reused.
        _ = try? await response.body.collect(upTo: 64 * 1024)
        guard (200..<300).contains(response.status.code) else { throw DeliveryFailure("HTTP \(response.status.code)") }
    }
}

struct DeliveryFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
