import Foundation
import Logistics
import SQLKit

extension SQLLogisticsStore: AlertStore {
    public func claimJob(_ name: String, now: Date, next: Date, owner: String) async throws -> Bool {
        let kind = client.kind
        try await client.transaction { db in
            try await db.raw("INSERT INTO jobs (name, next_run_at) VALUES (\(bind: name), 0) ON CONFLICT (name) DO NOTHING").run()
        }
        return try await client.transaction { db in
            // Another instance that holds the row right now is running the job: skip, never wait for it.
            let lock = kind == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
            let due = try await db.raw("""
                SELECT name FROM jobs WHERE name = \(bind: name) AND next_run_at <= \(bind: Millis.from(now))\(unsafeRaw: lock)
                """).first()
            guard due != nil else { return false }
            try await db.raw("""
                UPDATE jobs SET next_run_at = \(bind: Millis.from(next)), last_run_at = \(bind: Millis.from(now)), last_owner = \(bind: owner)
                WHERE name = \(bind: name)
                """).run()
            return true
        }
    }

    public func watchedOrders(afterId: String?, limit: Int) async throws -> [WatchedOrder] {
        try await client.read { db in
            let rows = try await db.raw("""
                SELECT * FROM orders WHERE status IN ('paid', 'allocated', 'picking', 'packed', 'shipped', 'outForDelivery', 'deliveryFailed')
                AND id > \(bind: afterId ?? "") ORDER BY id LIMIT \(literal: max(1, min(limit, 1000)))
                """).all()
            let orders = try await Self.hydrate(db, rows)
            guard !orders.isEmpty else { return [] }
            var active: [String: Set<AlertKind>] = [:]
            for row in try await db.raw("SELECT order_id, kind FROM alerts WHERE state <> 'resolved' AND order_id IN (\(binds: orders.map(\.id)))").all() {
                if let kind = AlertKind(rawValue: try row.decode(column: "kind", as: String.self)) {
                    active[try row.decode(column: "order_id", as: String.self), default: []].insert(kind)
                }
            }
            return orders.map { order in
                let carrier = order.timeline.filter { $0.source == .carrier }.max { $0.occurredAt < $1.occurredAt }
                return WatchedOrder(order: order, lastEventAt: order.timeline.map(\.occurredAt).max() ?? order.updatedAt,
                                    lastCarrierTag: carrier?.tag, activeAlerts: active[order.id] ?? [])
            }
        }
    }

    public func raise(_ alert: Alert, event: TrackingEvent) async throws -> Bool {
        let raised = try await client.transaction { db -> Bool in
            // Holding the order's row keeps the event's sequence unique and its status current. An alert
            // that staff resolved stays resolved while the order stays in the same status (no nagging).
            let current = try await db.raw("""
                UPDATE orders SET updated_at = updated_at WHERE id = \(bind: alert.orderId) AND status = \(bind: event.status.rawValue) RETURNING updated_at
                """).first()
            guard let current else { return false }
            // A scan that began before the order's last step still raises after it: the alert belongs to this stint.
            let raisedAt = max(Millis.from(alert.raisedAt), try current.decode(column: "updated_at", as: Int.self))
            let existing = try await db.raw("""
                SELECT id FROM alerts WHERE order_id = \(bind: alert.orderId) AND kind = \(bind: alert.kind.rawValue)
                AND (state <> 'resolved' OR raised_at >= (SELECT updated_at FROM orders WHERE id = \(bind: alert.orderId)))
                """).first()
            guard existing == nil else { return false }
            try await db.raw("""
                INSERT INTO alerts (id, order_id, kind, state, reason, detail, raised_at)
                VALUES (\(bind: alert.id), \(bind: alert.orderId), \(bind: alert.kind.rawValue), \(bind: alert.state.rawValue),
                  \(bind: alert.reason.rawValue), \(bind: alert.detail), \(bind: raisedAt))
                """).run()
            try await Self.insertEvent(db, event)
            return true
        }
        if raised { changes.publish(orderId: alert.orderId) }
        return raised
    }

    public func resolveAlertsOfFinishedOrders(at time: Date) async throws -> Int {
        try await client.transaction { db in
            try await db.raw("""
                UPDATE alerts SET state = 'resolved', resolved_by = 'system', resolved_at = \(bind: Millis.from(time)), resolution = 'order finished'
                WHERE state <> 'resolved' AND order_id IN (SELECT id FROM orders WHERE status IN ('delivered', 'cancelled', 'returned'))
                RETURNING id
                """).all().count
        }
    }

    public func alerts(state: AlertState?, kind: AlertKind?, orderId: String?, beforeId: String?, limit: Int) async throws -> [Alert] {
        try await client.read { db in
            let query = Self.newestFirst(from: "alerts", where: [("state", state?.rawValue), ("kind", kind?.rawValue), ("order_id", orderId)],
                                         before: beforeId, limit: limit)
            return try await db.raw(query).all().map(Self.alert(from:))
        }
    }

    public func alert(id: String) async throws -> Alert? {
        try await client.read { db in try await db.raw("SELECT * FROM alerts WHERE id = \(bind: id)").first().map(Self.alert(from:)) }
    }

    public func updateAlert(id: String, from: Set<AlertState>, to: AlertState, by userId: String, at time: Date, note: String?) async throws -> Alert? {
        let states = from.map(\.rawValue).sorted()
        return try await client.transaction { db in
            let row: (any SQLRow)?
            switch to {
            case .acknowledged:
                row = try await db.raw("""
                    UPDATE alerts SET state = 'acknowledged', acknowledged_by = \(bind: userId), acknowledged_at = \(bind: Millis.from(time))
                    WHERE id = \(bind: id) AND state IN (\(binds: states)) RETURNING *
                    """).first()
            case .resolved:
                row = try await db.raw("""
                    UPDATE alerts SET state = 'resolved', resolved_by = \(bind: userId), resolved_at = \(bind: Millis.from(time)), resolution = \(bind: note)
                    WHERE id = \(bind: id) AND state IN (\(binds: states)) RETURNING *
                    """).first()
            case .open:
                row = nil
            }
            return try row.map(Self.alert(from:))
        }
    }

    static func alert(from row: any SQLRow) throws -> Alert {
        Alert(
            id: try row.decode(column: "id", as: String.self), orderId: try row.decode(column: "order_id", as: String.self),
            kind: AlertKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .stuck,
            state: AlertState(rawValue: try row.decode(column: "state", as: String.self)) ?? .open,
            reason: DelayReason(rawValue: try row.decode(column: "reason", as: String.self)) ?? .slowInTransit,
            detail: try row.decode(column: "detail", as: String.self), raisedAt: Millis.date(try row.decode(column: "raised_at", as: Int.self)),
            acknowledgedBy: try row.optional("acknowledged_by", as: String.self),
            acknowledgedAt: try row.optional("acknowledged_at", as: Int.self).map(Millis.date),
            resolvedBy: try row.optional("resolved_by", as: String.self), resolvedAt: try row.optional("resolved_at", as: Int.self).map(Millis.date),
            resolution: try row.optional("resolution", as: String.self))
    }
}
