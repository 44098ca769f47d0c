import Foundation
import Logistics
import SQLKit

extension SQLLogisticsStore: StockAlertStore {
    public func raiseStockAlert(_ alert: StockAlert) async throws -> Bool {
        try await client.transaction { db in
            // The partial unique index keeps one live alert per SKU, warehouse and kind, whoever races.
            let inserted = try await db.raw("""
                INSERT INTO stock_alerts (id, warehouse_id, sku, kind, state, detail, advice, raised_at)
                VALUES (\(bind: alert.id), \(bind: alert.warehouseId), \(bind: alert.sku), \(bind: alert.kind.rawValue), \(bind: alert.state.rawValue),
                  \(bind: alert.detail), \(bind: alert.advice), \(bind: Millis.from(alert.raisedAt)))
                ON CONFLICT (warehouse_id, sku, kind) WHERE state <> 'resolved' DO NOTHING RETURNING id
                """).first() != nil
            guard inserted else { return false }
            // Queued in the alert's own transaction (an outbox): a raised alert reaches every subscriber, a
            // rolled-back one none.
            let millis = Millis.from(alert.raisedAt)
            try await db.raw("""
                INSERT INTO deliveries (channel, topic, target, order_id, customer_id, event_id, position, status, attempts, next_attempt_at, created_at)
                SELECT 'webhook', \(bind: WebhookTopic.stockAlert.rawValue), s.id, '', '', \(bind: alert.id), 0, 'pending', 0, \(bind: millis), \(bind: millis)
                FROM webhook_subscriptions s WHERE s.active = \(bind: true) AND \(unsafeRaw: Self.subscribed(to: .stockAlert))
                """).run()
            return true
        }
    }

    public func resolveStockAlerts(kinds: Set<StockAlertKind>, except live: Set<StockAlertKey>, at time: Date) async throws -> Int {
        guard !kinds.isEmpty else { return 0 }
        return try await client.transaction { db in
            let rows = try await db.raw("""
                SELECT id, warehouse_id, sku, kind FROM stock_alerts WHERE state <> 'resolved' AND kind IN (\(binds: kinds.map(\.rawValue).sorted()))
                """).all()
            var gone: [String] = []
            for row in rows {
                guard let kind = StockAlertKind(rawValue: try row.decode(column: "kind", as: String.self)) else { continue }
                let key = StockKey(warehouseId: try row.decode(column: "warehouse_id", as: String.self), sku: try row.decode(column: "sku", as: String.self))
                if !live.contains(StockAlertKey(key: key, kind: kind)) { gone.append(try row.decode(column: "id", as: String.self)) }
            }
            for chunk in stride(from: 0, to: gone.count, by: 500).map({ Array(gone[$0..<min($0 + 500, gone.count)]) }) {
                try await db.raw("""
                    UPDATE stock_alerts SET state = 'resolved', resolved_by = 'system', resolved_at = \(bind: Millis.from(time)),
                      resolution = 'the planning run no longer finds it' WHERE id IN (\(binds: chunk)) AND state <> 'resolved'
                    """).run()
            }
            return gone.count
        }
    }

    public func stockAlerts(state: AlertState?, kind: StockAlertKind?, warehouseId: String?, sku: String?, beforeId: String?, limit: Int) async throws -> [StockAlert] {
        try await client.read { db in
            let query = Self.newestFirst(from: "stock_alerts", where: [("state", state?.rawValue), ("kind", kind?.rawValue), ("warehouse_id", warehouseId), ("sku", sku)],
                                         before: beforeId, limit: limit)
            return try await db.raw(query).all().map(Self.stockAlert(from:))
        }
    }

    public func stockAlert(id: String) async throws -> StockAlert? {
        try await client.read { db in try await db.raw("SELECT * FROM stock_alerts WHERE id = \(bind: id)").first().map(Self.stockAlert(from:)) }
    }

    public func updateStockAlert(id: String, from: Set<AlertState>, to: AlertState, by userId: String, at time: Date, note: String?) async throws -> StockAlert? {
        let states = from.map(\.rawValue).sorted()
        return try await client.transaction { db in
            let row: (any SQLRow)? = switch to {
            case .acknowledged:
                try await db.raw("""
                    UPDATE stock_alerts SET state = 'acknowledged', acknowledged_by = \(bind: userId), acknowledged_at = \(bind: Millis.from(time))
                    WHERE id = \(bind: id) AND state IN (\(binds: states)) RETURNING *
                    """).first()
            case .resolved:
                try await db.raw("""
                    UPDATE stock_alerts SET state = 'resolved', resolved_by = \(bind: userId), resolved_at = \(bind: Millis.from(time)), resolution = \(bind: note)
                    WHERE id = \(bind: id) AND state IN (\(binds: states)) RETURNING *
                    """).first()
            case .open: nil
            }
            return try row.map(Self.stockAlert(from:))
        }
    }

    static func stockAlert(from row: any SQLRow) throws -> StockAlert {
        StockAlert(
            id: try row.decode(column: "id", as: String.self), warehouseId: try row.decode(column: "warehouse_id", as: String.self),
            sku: try row.decode(column: "sku", as: String.self),
            kind: StockAlertKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .lowStock,
            state: AlertState(rawValue: try row.decode(column: "state", as: String.self)) ?? .open,
            detail: try row.decode(column: "detail", as: String.self), advice: try row.decode(column: "advice", as: String.self),
            raisedAt: Millis.date(try row.decode(column: "raised_at", as: Int.self)),
            acknowledgedBy: try row.optional("acknowledged_by", as: String.self), acknowledgedAt: try row.optional("acknowledged_at", as: Int.self).map(Millis.date),
            resolvedBy: try row.optional("resolved_by", as: String.self), resolvedAt: try row.optional("resolved_at", as: Int.self).map(Millis.date),
            resolution: try row.optional("resolution", as: String.self))
    }
}
