import Foundation
import Logistics
import SQLKit

extension SQLLogisticsStore {
    public func record(_ movements: [StockMovementRequest], at time: Date) async throws {
        do {
            try await client.transaction { db in
                var postings = StockPostings()
                for movement in movements {
                    postings.add(warehouseId: movement.warehouseId, sku: movement.sku, kind: movement.kind, quantity: movement.quantity,
                                 orderId: movement.orderId, note: movement.note, at: time)
                }
                try await Self.post(db, postings)
            }
        } catch let error where StorageErrors.isCheckViolation(error) {
            throw LogisticsError.conflict(.stockWouldGoNegative, message: "this movement would take stock below zero or below what is reserved")
        }
    }

    static func insertMovement(
        _ db: any SQLDatabase, warehouseId: String, sku: String, kind: StockMovementKind, onHandDelta: Int, reservedDelta: Int,
        orderId: String?, note: String?, at time: Date
    ) async throws {
        try await db.raw("""
            INSERT INTO stock_movements (warehouse_id, sku, kind, on_hand_delta, reserved_delta, order_id, note, created_at)
            VALUES (\(bind: warehouseId), \(bind: sku), \(bind: kind.rawValue), \(bind: onHandDelta), \(bind: reservedDelta), \(bind: orderId), \(bind: note), \(bind: Millis.from(time)))
            """).run()
    }

    public func stockLevels(skus: [String]?, warehouseId: String?) async throws -> [StockLevel] {
        try await client.read { db in
            var query = SQLQueryString("SELECT * FROM stock_levels WHERE 1 = 1")
            if let skus {
                if skus.isEmpty { return [] }
                query.appendInterpolation(unsafeRaw: " AND sku IN (")
                query.appendInterpolation(binds: skus)
                query.appendInterpolation(unsafeRaw: ")")
            }
            if let warehouseId {
                query.appendInterpolation(unsafeRaw: " AND warehouse_id = ")
                query.appendInterpolation(bind: warehouseId)
            }
            query.appendInterpolation(unsafeRaw: " ORDER BY sku, warehouse_id")
            return try await db.raw(query).all().map { row in
                StockLevel(
                    warehouseId: try row.decode(column: "warehouse_id", as: String.self), sku: try row.decode(column: "sku", as: String.self),
                    onHand: try row.decode(column: "on_hand", as: Int.self), reserved: try row.decode(column: "reserved", as: Int.self),
                    reorderPoint: try row.decode(column: "reorder_point", as: Int.self), reorderQuantity: try row.decode(column: "reorder_quantity", as: Int.self))
            }
        }
    }

    public func movements(warehouseId: String?, sku: String?, afterId: Int64?, limit: Int) async throws -> [StockMovement] {
        try await client.read { db in
            var query = SQLQueryString("SELECT * FROM stock_movements WHERE id > ")
            query.appendInterpolation(bind: Int(afterId ?? 0))
            if let warehouseId {
                query.appendInterpolation(unsafeRaw: " AND warehouse_id = ")
                query.appendInterpolation(bind: warehouseId)
            }
            if let sku {
                query.appendInterpolation(unsafeRaw: " AND sku = ")
                query.appendInterpolation(bind: sku)
            }
            query.appendInterpolation(unsafeRaw: " ORDER BY id LIMIT ")
            query.appendInterpolation(literal: max(1, min(limit, 10_000)))
            return try await db.raw(query).all().map { row in
                StockMovement(
                    id: Int64(try row.decode(column: "id", as: Int.self)), warehouseId: try row.decode(column: "warehouse_id", as: String.self),
                    sku: try row.decode(column: "sku", as: String.self),
                    kind: StockMovementKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .adjustment,
                    onHandDelta: try row.decode(column: "on_hand_delta", as: Int.self), reservedDelta: try row.decode(column: "reserved_delta", as: Int.self),
                    orderId: try row.optional("order_id", as: String.self), note: try row.optional("note", as: String.self),
                    createdAt: Millis.date(try row.decode(column: "created_at", as: Int.self)))
            }
        }
    }

    public func ledgerDiscrepancies() async throws -> [LedgerDiscrepancy] {
        try await client.read { db in
            try await db.raw("""
                SELECT l.warehouse_id, l.sku, l.on_hand, l.reserved,
                  CAST(COALESCE(m.on_hand, 0) AS BIGINT) AS ledger_on_hand, CAST(COALESCE(m.reserved, 0) AS BIGINT) AS ledger_reserved
                FROM stock_levels l LEFT JOIN (
                  SELECT warehouse_id, sku, SUM(on_hand_delta) AS on_hand, SUM(reserved_delta) AS reserved FROM stock_movements GROUP BY warehouse_id, sku
                ) m ON m.warehouse_id = l.warehouse_id AND m.sku = l.sku
                WHERE l.on_hand <> COALESCE(m.on_hand, 0) OR l.reserved <> COALESCE(m.reserved, 0)
                """).all().map { row in
                LedgerDiscrepancy(
                    warehouseId: try row.decode(column: "warehouse_id", as: String.self), sku: try row.decode(column: "sku", as: String.self),
                    storedOnHand: try row.decode(column: "on_hand", as: Int.self), ledgerOnHand: try row.decode(column: "ledger_on_hand", as: Int.self),
                    storedReserved: try row.decode(column: "reserved", as: Int.self), ledgerReserved: try row.decode(column: "ledger_reserved", as: Int.self))
            }
        }
    }
}
