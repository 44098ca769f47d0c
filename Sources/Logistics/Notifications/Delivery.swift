import Foundation

/// What a webhook carries; the payload's `type`.
public enum WebhookTopic: String, Codable, Sendable, CaseIterable {
    /// Every tracking event of every order, in feed order per order.
    case orderTracking = "order.tracking"
    /// Every stock alert when it is raised (low stock, surge, slow mover, overstock).
    case stockAlert = "stock.alert"
}

/// A merchant system that receives tracking events and stock alerts by webhook.
public struct WebhookSubscription: Codable, Equatable, Sendable {
    public var id: String
    public var name: String
    public var url: String
    /// The HMAC key; shown once, when the subscription is created.
    public var secret: String
    public var active: Bool
    public var createdAt: Date
    public var topics: Set<WebhookTopic>

    public init(id: String, name: String, url: String, secret: String, active: Bool, createdAt: Date, topics: Set<WebhookTopic> = Set(WebhookTopic.allCases)) {
        self.id = id
        self.name = name
        self.url = url
        self.secret = secret
        self.active = active
        self.createdAt = createdAt
        self.topics = topics
    }
}

/// Where a delivery goes: a webhook subscription, or the customer's own message channel
/// (the mini-program subscribe message, or SMS).
public enum DeliveryChannel: String, Codable, Sendable, CaseIterable {
    case webhook, customerMessage
}

public enum DeliveryStatus: String, Codable, Sendable, CaseIterable {
    /// Waiting for its turn or for its next attempt.
    case pending
    case delivered
    /// Gave up after the last attempt; an admin can send it again.
    case dead
}

/// One event on its way to one receiver. Deliveries to the same receiver about the same order go out one
/// at a time, in feed order; a failing one holds back the later ones until it succeeds or dies. Stock
/// alerts are independent of each other and of orders: each goes out on its own.
public struct Delivery: Codable, Equatable, Sendable {
    public var id: Int64
    public var channel: DeliveryChannel
    public var topic: WebhookTopic
    /// The subscription id for webhooks; the customer id for customer messages.
    public var target: String
    /// Nil for a stock alert.
    public var orderId: String?
    public var customerId: String?
    /// The tracking event's id, or the stock alert's.
    public var eventId: String
    /// The feed position; 0 for a stock alert, which is not in the feed.
    public var position: Int64
    public var status: DeliveryStatus
    public var attempts: Int
    public var nextAttemptAt: Date
    public var lastError: String?
    public var deliveredAt: Date?
    public var createdAt: Date

    public init(
        id: Int64, channel: DeliveryChannel, topic: WebhookTopic = .orderTracking, target: String, orderId: String?, customerId: String?, eventId: String,
        position: Int64, status: DeliveryStatus, attempts: Int, nextAttemptAt: Date, lastError: String?, deliveredAt: Date?, createdAt: Date
    ) {
        self.id = id
        self.channel = channel
        self.topic = topic
        self.target = target
        self.orderId = orderId
        self.customerId = customerId
        self.eventId = eventId
        self.position = position
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.deliveredAt = deliveredAt
        self.createdAt = createdAt
    }
}

/// Exponential back-off with full jitter, capped, and a last attempt after which a delivery is dead.
public struct RetryPolicy: Sendable, Equatable {
    public var baseDelay: Double
    public var maximumDelay: Double
    public var maximumAttempts: Int

    /// 5 s, 10 s, 20 s ... capped at an hour; 18 attempts span 6 to 8.4 hours, so a receiver that is down
    /// for a working night still gets everything.
    public init(baseDelay: Double = 5, maximumDelay: Double = 3600, maximumAttempts: Int = 18) {
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
        self.maximumAttempts = maximumAttempts
    }

    /// The wait after the `attempts`-th failed attempt (1-based); `unit` in [0, 1) spreads receivers that
    /// all failed at once (half fixed, half random, so the wait still grows).
    public func delay(afterAttempts attempts: Int, unit: Double) -> Double {
        let exponential = min(maximumDelay, baseDelay * pow(2, Double(max(0, attempts - 1))))
        return exponential / 2 + exponential / 2 * min(max(unit, 0), 1)
    }

    public func isLast(_ attempts: Int) -> Bool { attempts >= maximumAttempts }
}
