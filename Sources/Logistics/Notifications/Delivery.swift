import Foundation

/// A merchant system that receives every tracking event by webhook.
public struct WebhookSubscription: Codable, Equatable, Sendable {
    public var id: String
    public var name: String
    public var url: String
    /// The HMAC key; shown once, when the subscription is created.
    public var secret: String
    public var active: Bool
    public var createdAt: Date

    public init(id: String, name: String, url: String, secret: String, active: Bool, createdAt: Date) {
        self.id = id
        self.name = name
        self.url = url
        self.secret = secret
        self.active = active
        self.createdAt = createdAt
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
/// at a time, in feed order; a failing one holds back the later ones until it succeeds or dies.
public struct Delivery: Codable, Equatable, Sendable {
    public var id: Int64
    public var channel: DeliveryChannel
    /// The subscription id for webhooks; the customer id for customer messages.
    public var target: String
    public var orderId: String
    public var customerId: String
    public var eventId: String
    public var position: Int64
    public var status: DeliveryStatus
    public var attempts: Int
    public var nextAttemptAt: Date
    public var lastError: String?
    public var deliveredAt: Date?
    public var createdAt: Date

    public init(
        id: Int64, channel: DeliveryChannel, target: String, orderId: String, customerId: String, eventId: String, position: Int64,
        status: DeliveryStatus, attempts: Int, nextAttemptAt: Date, lastError: String?, deliveredAt: Date?, createdAt: Date
    ) {
        self.id = id
        self.channel = channel
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
