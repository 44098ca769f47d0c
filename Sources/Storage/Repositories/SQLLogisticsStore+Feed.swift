import Foundation
import Logistics
import SQLKit

extension SQLLogisticsStore: FeedStore {
    /// The PostgreSQL channel on which a drain announces new feed positions to every instance.
    public static let feedChannel = "chargemall_feed"
    /// Customers are not messaged about events older than this (history loaded in bulk, such as the demo
    /// seed or an import); webhooks and the feed still carry them.
    static let messageHorizonMillis = 24 * 3600 * 1000

    public func drainOutbox(limit: Int, now: Date) async throws -> DrainResult? {
        let kind = client.kind
        return try await client.transaction { db -> DrainResult? in
            if kind == .postgres {
                // One drainer at a time across instances: positions must be handed out by one writer.
                let locked = try await db.raw("SELECT pg_try_advisory_xact_lock(72011) AS locked").first()?.decode(column: "locked", as: Bool.self) ?? false
                guard locked else { return nil }
            }
            let base = try await db.raw("SELECT COALESCE(MAX(position), 0) AS last FROM outbox").first()?.decode(column: "last", as: Int64.self) ?? 0
            let chatPositioned = try await Self.positionChat(limit: limit, db: db)
            let positioned = try await db.raw("""
                UPDATE outbox SET position = \(bind: base) + r.rn
                FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS rn FROM outbox WHERE position IS NULL ORDER BY id LIMIT \(literal: max(1, limit))) AS r
                WHERE outbox.id = r.id RETURNING position
                """).all().count
            if positioned == 0, chatPositioned > 0, kind == .postgres {
                try await db.raw("SELECT pg_notify(\(bind: Self.feedChannel), \(bind: String(base)))").run()
            }
            guard positioned > 0 else { return DrainResult(positioned: 0, lastPosition: base, chatPositioned: chatPositioned) }
            let last = base + Int64(positioned)
            let millis = Millis.from(now)
            try await db.raw("""
                INSERT INTO deliveries (channel, target, order_id, customer_id, event_id, position, status, attempts, next_attempt_at, created_at)
                SELECT 'webhook', s.id, o.order_id, o.customer_id, o.event_id, o.position, 'pending', 0, \(bind: millis), \(bind: millis)
                FROM outbox o CROSS JOIN webhook_subscriptions s WHERE s.active = \(bind: true) AND \(unsafeRaw: Self.subscribed(to: .orderTracking))
                  AND o.position > \(bind: base) AND o.position <= \(bind: last)
                """).run()
            try await db.raw("""
                INSERT INTO deliveries (channel, target, order_id, customer_id, event_id, position, status, attempts, next_attempt_at, created_at)
                SELECT 'customerMessage', o.customer_id, o.order_id, o.customer_id, o.event_id, o.position, 'pending', 0, \(bind: millis), \(bind: millis)
                FROM outbox o WHERE o.position > \(bind: base) AND o.position <= \(bind: last) AND o.created_at >= \(bind: millis - Self.messageHorizonMillis)
                """).run()
            if kind == .postgres {
                // Delivered to every listening instance when this transaction commits, never before.
                try await db.raw("SELECT pg_notify(\(bind: Self.feedChannel), \(bind: String(last)))").run()
            }
            return DrainResult(positioned: positioned, lastPosition: last, chatPositioned: chatPositioned)
        }
    }

    public func feed(after position: Int64, customerId: String?, limit: Int) async throws -> [FeedEntry] {
        try await client.read { db in
            var query = SQLQueryString("""
                SELECT o.position, o.customer_id AS feed_customer, e.* FROM outbox o JOIN tracking_events e ON e.id = o.event_id
                WHERE o.position > 
                """)
            query.appendInterpolation(bind: position)
            if let customerId {
                query.appendInterpolation(unsafeRaw: " AND o.customer_id = ")
                query.appendInterpolation(bind: customerId)
            }
            query.appendInterpolation(unsafeRaw: " ORDER BY o.position LIMIT ")
            query.appendInterpolation(literal: max(1, min(limit, 5000)))
            return try await db.raw(query).all().map { row in
                FeedEntry(position: try row.decode(column: "position", as: Int64.self), customerId: try row.decode(column: "feed_customer", as: String.self),
                          event: try Self.event(from: row))
            }
        }
    }

    public func latestFeedPosition() async throws -> Int64 {
        try await client.read { db in
            try await db.raw("SELECT COALESCE(MAX(position), 0) AS last FROM outbox").first()?.decode(column: "last", as: Int64.self) ?? 0
        }
    }
}

extension SQLLogisticsStore: DeliveryStore {
    public func insertSubscription(_ subscription: WebhookSubscription) async throws {
        try await client.transaction { db in
            try await db.raw("""
                INSERT INTO webhook_subscriptions (id, name, url, secret, active, created_at, topics)
                VALUES (\(bind: subscription.id), \(bind: subscription.name), \(bind: subscription.url), \(bind: subscription.secret),
                  \(bind: subscription.active), \(bind: Millis.from(subscription.createdAt)), \(bind: subscription.topics.map(\.rawValue).sorted().joined(separator: ",")))
                """).run()
        }
    }

    public func subscriptions() async throws -> [WebhookSubscription] {
        try await client.read { db in
            try await db.raw("SELECT * FROM webhook_subscriptions ORDER BY id").all().map(Self.subscription(from:))
        }
    }

    public func subscription(id: String) async throws -> WebhookSubscription? {
        try await client.read { db in
            try await db.raw("SELECT * FROM webhook_subscriptions WHERE id = \(bind: id)").first().map(Self.subscription(from:))
        }
    }

    public func deactivateSubscription(id: String) async throws -> Bool {
        try await client.transaction { db in
            let found = try await db.raw("UPDATE webhook_subscriptions SET active = \(bind: false) WHERE id = \(bind: id) RETURNING id").first() != nil
            // Nothing more goes to a receiver that was removed; what was queued is dropped, not dead-lettered.
            try await db.raw("DELETE FROM deliveries WHERE channel = 'webhook' AND target = \(bind: id) AND status = 'pending'").run()
            return found
        }
    }

    public func claimDueDeliveries(now: Date, leaseUntil: Date, limit: Int) async throws -> [Delivery] {
        let lock = client.kind == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        return try await client.transaction { db in
            try await db.raw("""
                UPDATE deliveries SET attempts = attempts + 1, next_attempt_at = \(bind: Millis.from(leaseUntil))
                WHERE id IN (
                  SELECT d.id FROM deliveries d WHERE d.status = 'pending' AND d.next_attempt_at <= \(bind: Millis.from(now))
                    AND NOT EXISTS (SELECT 1 FROM deliveries p WHERE p.status = 'pending' AND p.channel = d.channel AND p.target = d.target
                                    AND p.order_id = d.order_id AND p.position < d.position)
                  ORDER BY d.position LIMIT \(literal: max(1, limit))\(unsafeRaw: lock))
                RETURNING *
                """).all().map(Self.delivery(from:)).sorted { $0.position < $1.position }
        }
    }

    public func markDelivered(ids: [Int64], at time: Date) async throws {
        guard !ids.isEmpty else { return }
        try await client.transaction { db in
            try await db.raw("UPDATE deliveries SET status = 'delivered', delivered_at = \(bind: Millis.from(time)), last_error = NULL WHERE id IN (\(binds: ids))").run()
        }
    }

    public func markFailed(id: Int64, error: String, nextAttemptAt: Date?) async throws {
        let message = String(error.prefix(500))
        try await client.transaction { db in
            if let nextAttemptAt {
                try await db.raw("UPDATE deliveries SET next_attempt_at = \(bind: Millis.from(nextAttemptAt)), last_error = \(bind: message) WHERE id = \(bind: id)").run()
            } else {
                try await db.raw("UPDATE deliveries SET status = 'dead', last_error = \(bind: message) WHERE id = \(bind: id)").run()
            }
        }
    }

    public func deliveries(status: DeliveryStatus?, topic: WebhookTopic?, target: String?, orderId: String?, beforeId: Int64?, limit: Int) async throws -> [Delivery] {
        try await client.read { db in
            let query = Self.newestFirst(from: "deliveries", where: [("status", status?.rawValue), ("topic", topic?.rawValue), ("target", target), ("order_id", orderId)],
                                         before: beforeId, limit: limit)
            return try await db.raw(query).all().map(Self.delivery(from:))
        }
    }

    public func delivery(id: Int64) async throws -> Delivery? {
        try await client.read { db in try await db.raw("SELECT * FROM deliveries WHERE id = \(bind: id)").first().map(Self.delivery(from:)) }
    }

    public func retryDelivery(id: Int64, now: Date) async throws -> Bool {
        try await client.transaction { db in
            try await db.raw("""
                UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt_at = \(bind: Millis.from(now))
                WHERE id = \(bind: id) AND status = 'dead' RETURNING id
                """).first() != nil
        }
    }

    public func stockAlerts(ids: [String]) async throws -> [String: StockAlert] {
        guard !ids.isEmpty else { return [:] }
        return try await client.read { db in
            let alerts = try await db.raw("SELECT * FROM stock_alerts WHERE id IN (\(binds: ids))").all().map(Self.stockAlert(from:))
            return Dictionary(alerts.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    public func events(ids: [String]) async throws -> [String: TrackingEvent] {
        guard !ids.isEmpty else { return [:] }
        return try await client.read { db in
            var events: [String: TrackingEvent] = [:]
            for row in try await db.raw("SELECT * FROM tracking_events WHERE id IN (\(binds: ids))").all() {
                let event = try Self.event(from: row)
                events[event.id] = event
            }
            return events
        }
    }

    static func subscription(from row: any SQLRow) throws -> WebhookSubscription {
        WebhookSubscription(
            id: try row.decode(column: "id", as: String.self), name: try row.decode(column: "name", as: String.self),
            url: try row.decode(column: "url", as: String.self), secret: try row.decode(column: "secret", as: String.self),
            active: try row.decode(column: "active", as: Bool.self), createdAt: Millis.date(try row.decode(column: "created_at", as: Int.self)),
            topics: Set(try row.decode(column: "topics", as: String.self).split(separator: ",").compactMap { WebhookTopic(rawValue: String($0)) }))
    }

    /// The SQL condition, on `webhook_subscriptions s`, that a subscription takes `topic` (topics are stored comma-separated).
    static func subscribed(to topic: WebhookTopic) -> String {
        "(',' || s.topics || ',') LIKE '%,\(topic.rawValue),%'"
    }

    static func delivery(from row: any SQLRow) throws -> Delivery {
        Delivery(
            id: try row.decode(column: "id", as: Int64.self),
            channel: DeliveryChannel(rawValue: try row.decode(column: "channel", as: String.self)) ?? .webhook,
            topic: WebhookTopic(rawValue: try row.decode(column: "topic", as: String.self)) ?? .orderTracking,
            // A stock alert's delivery stores '' for the order and customer it does not have (the columns predate it).
            target: try row.decode(column: "target", as: String.self), orderId: try row.decode(column: "order_id", as: String.self).nonEmpty,
            customerId: try row.decode(column: "customer_id", as: String.self).nonEmpty, eventId: try row.decode(column: "event_id", as: String.self),
            position: try row.decode(column: "position", as: Int64.self),
            status: DeliveryStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .pending,
            attempts: try row.decode(column: "attempts", as: Int.self), nextAttemptAt: Millis.date(try row.decode(column: "next_attempt_at", as: Int.self)),
            lastError: try row.optional("last_error", as: String.self), deliveredAt: try row.optional("delivered_at", as: Int.self).map(Millis.date),
            createdAt: Millis.date(try row.decode(column: "created_at", as: Int.self)))
    }
}

private extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
