import Foundation

/// The transactional outbox and the feed made from it. Every stored tracking event writes an outbox row
/// in its own transaction; a drain gives committed rows their feed positions and queues their deliveries.
public protocol FeedStore: Sendable {
    /// Positions up to `limit` committed outbox rows and queues a delivery per active webhook and one
    /// customer message each; gives up to `limit` committed chat messages their chat positions. Nil when
    /// another instance is draining at this moment (try again shortly).
    func drainOutbox(limit: Int, now: Date) async throws -> DrainResult?
    /// Feed entries after `position`, oldest first; only `customerId`'s when given.
    func feed(after position: Int64, customerId: String?, limit: Int) async throws -> [FeedEntry]
    func latestFeedPosition() async throws -> Int64
    /// Chat messages after chat position `position`, oldest first; for `customerId` only their
    /// conversations' public messages, for nil (agents) every message.
    func chatFeed(after position: Int64, customerId: String?, limit: Int) async throws -> [ChatFeedEntry]
    func latestChatPosition() async throws -> Int64
}

/// Webhook subscriptions and the delivery queue.
public protocol DeliveryStore: Sendable {
    func insertSubscription(_ subscription: WebhookSubscription) async throws
    func subscriptions() async throws -> [WebhookSubscription]
    func subscription(id: String) async throws -> WebhookSubscription?
    func deactivateSubscription(id: String) async throws -> Bool
    /// Claims up to `limit` deliveries whose attempt is due and which are first in their queue (same
    /// target, same order), counting the attempt and leasing them until `leaseUntil` so no other worker
    /// takes them meanwhile.
    func claimDueDeliveries(now: Date, leaseUntil: Date, limit: Int) async throws -> [Delivery]
    func markDelivered(ids: [Int64], at time: Date) async throws
    /// Records a failed attempt: the next attempt's time, or dead when `nextAttemptAt` is nil.
    func markFailed(id: Int64, error: String, nextAttemptAt: Date?) async throws
    /// Newest first; `beforeId` pages.
    func deliveries(status: DeliveryStatus?, topic: WebhookTopic?, target: String?, orderId: String?, beforeId: Int64?, limit: Int) async throws -> [Delivery]
    /// Puts a dead delivery back in the queue with a fresh count of attempts; false when it is not dead.
    func retryDelivery(id: Int64, now: Date) async throws -> Bool
    func delivery(id: Int64) async throws -> Delivery?
    func events(ids: [String]) async throws -> [String: TrackingEvent]
    func stockAlerts(ids: [String]) async throws -> [String: StockAlert]
}

/// What the alert scan looks at for one open order.
public struct WatchedOrder: Sendable, Equatable {
    public var order: Order
    /// When the latest event was recorded (any source).
    public var lastEventAt: Date
    /// The latest carrier tag, if any.
    public var lastCarrierTag: TrackingTag?
    /// Kinds of alert that are open or acknowledged for this order.
    public var activeAlerts: Set<AlertKind>

    public init(order: Order, lastEventAt: Date, lastCarrierTag: TrackingTag?, activeAlerts: Set<AlertKind>) {
        self.order = order
        self.lastEventAt = lastEventAt
        self.lastCarrierTag = lastCarrierTag
        self.activeAlerts = activeAlerts
    }
}

/// Periodic jobs that several instances may try to run: one wins each time.
public protocol JobStore: Sendable {
    /// True when this caller may run job `name` now: the job's row, locked with SKIP LOCKED where the
    /// database has it, is due, and its next run is moved to `next` in the same step.
    func claimJob(_ name: String, now: Date, next: Date, owner: String) async throws -> Bool
}

public protocol AlertStore: JobStore {
    /// Orders that are paid and not yet finished, with what the scan needs; `afterId` pages.
    func watchedOrders(afterId: String?, limit: Int) async throws -> [WatchedOrder]
    /// Inserts the alert and its customer event together; false (and nothing written) when an alert of
    /// that kind is active for the order, or was raised since the order's last status change (a customer
    /// hears about one problem once), or when the order's status is no longer the event's.
    func raise(_ alert: Alert, event: TrackingEvent) async throws -> Bool
    /// Resolves the active alerts of orders that have finished (delivered, cancelled, returned); returns how many.
    func resolveAlertsOfFinishedOrders(at time: Date) async throws -> Int
    func alerts(state: AlertState?, kind: AlertKind?, orderId: String?, beforeId: String?, limit: Int) async throws -> [Alert]
    func alert(id: String) async throws -> Alert?
    /// Moves an alert to `acknowledged` or `resolved` if it is in one of `from`; nil when it is not.
    func updateAlert(id: String, from: Set<AlertState>, to: AlertState, by userId: String, at time: Date, note: String?) async throws -> Alert?
}
