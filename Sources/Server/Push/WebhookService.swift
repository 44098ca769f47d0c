import Foundation
import Logistics
import Storage

/// Merchant systems' webhook subscriptions and the delivery queue with its dead letters: admin work, over
/// the delivery port.
public struct WebhookService: Sendable {
    let deliveries: any DeliveryStore
    /// Wakes the delivery worker when a delivery is put back in the queue.
    let queued: ChangeSignal

    private func requireAdmin(_ user: User) throws {
        guard user.role == .admin else { throw LogisticsError.forbidden("only an admin may manage webhooks") }
    }

    /// A new subscription, with its signing secret (shown to the caller once).
    /// `topics` nil takes all of them.
    func subscribe(name rawName: String, url: String, topics: Set<WebhookTopic>?, by user: User) async throws -> WebhookSubscription {
        try requireAdmin(user)
        let name = rawName.trimmingCharacters(in: .whitespaces)
        guard (1...100).contains(name.count) else { throw LogisticsError.validation(field: "name", message: "1 to 100 characters") }
        guard url.count <= 500, let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = parsed.host, !host.isEmpty
        else { throw LogisticsError.validation(field: "url", message: "an absolute http or https URL of at most 500 characters") }
        if let topics, topics.isEmpty { throw LogisticsError.validation(field: "topics", message: "at least one topic, or leave it out for all") }
        let subscription = WebhookSubscription(id: Identifier.make("whk"), name: name, url: url, secret: "whsec_" + Hex.random(bytes: 32), active: true,
                                               createdAt: Date(), topics: topics ?? Set(WebhookTopic.allCases))
        try await deliveries.insertSubscription(subscription)
        return subscription
    }

    func subscriptions(by user: User) async throws -> [WebhookSubscription] {
        try requireAdmin(user)
        return try await deliveries.subscriptions()
    }

    /// Stops a subscription; its queued deliveries are dropped.
    func unsubscribe(id: String, by user: User) async throws {
        try requireAdmin(user)
        guard try await deliveries.deactivateSubscription(id: id) else { throw LogisticsError.notFound("webhook \(id)") }
    }

    /// Newest first; `status: .dead` is the dead-letter list.
    func deliveries(status: DeliveryStatus?, topic: WebhookTopic?, target: String?, orderId: String?, beforeId: Int64?, limit: Int,
                    by user: User) async throws -> [Delivery] {
        try requireAdmin(user)
        return try await deliveries.deliveries(status: status, topic: topic, target: target, orderId: orderId, beforeId: beforeId, limit: limit)
    }

    /// Sends a dead delivery again, from a fresh count of attempts.
    func retry(id: Int64, by user: User) async throws -> Delivery {
        try requireAdmin(user)
        guard try await deliveries.retryDelivery(id: id, now: Date()) else {
            if try await deliveries.delivery(id: id) != nil { throw LogisticsError.conflict(.deliveryNotDead, message: "only a dead delivery can be sent again") }
            throw LogisticsError.notFound("delivery \(id)")
        }
        queued.signal()
        guard let delivery = try await deliveries.delivery(id: id) else { throw LogisticsError.notFound("delivery \(id)") }
        return delivery
    }
}
