import Foundation
import Logistics
import SQLKit

extension SQLLogisticsStore {
    public func recordDemand(_ records: [DemandRecord]) async throws {
        guard !records.isEmpty else { return }
        try await client.transaction { db in
            for record in records.sorted(by: { ($0.warehouseId, $0.sku, $0.day.days) < ($1.warehouseId, $1.sku, $1.day.days) }) {
                try await Self.addDemand(db, record)
            }
        }
    }

    /// Adds a record's figures to its day's row (one statement: concurrent orders of one SKU never lose a count).
    static func addDemand(_ db: any SQLDatabase, _ r: DemandRecord) async throws {
        try await db.raw("""
            INSERT INTO demand_days (warehouse_id, sku, day, served_units, lost_units, served_lines, lost_lines)
            VALUES (\(bind: r.warehouseId), \(bind: r.sku), \(bind: r.day.days), \(bind: r.servedUnits), \(bind: r.lostUnits), \(bind: r.servedLines), \(bind: r.lostLines))
            ON CONFLICT (warehouse_id, sku, day) DO UPDATE SET served_units = demand_days.served_units + excluded.served_units,
              lost_units = demand_days.lost_units + excluded.lost_units, served_lines = demand_days.served_lines + excluded.served_lines,
              lost_lines = demand_days.lost_lines + excluded.lost_lines
            """).run()
    }

    public func demand(from: PlanningDay, to: PlanningDay, warehouseId: String?, skus: [String]?) async throws -> [DemandRecord] {
        if let skus, skus.isEmpty { return [] }
        return try await client.read { db in
            var query = SQLQueryString("SELECT * FROM demand_days WHERE day >= \(bind: from.days) AND day <= \(bind: to.days)")
            if let warehouseId { query.appendInterpolation(unsafeRaw: " AND warehouse_id = "); query.appendInterpolation(bind: warehouseId) }
            if let skus {
                query.appendInterpolation(unsafeRaw: " AND sku IN (")
                query.appendInterpolation(binds: skus)
                query.appendInterpolation(unsafeRaw: ")")
            }
            query.appendInterpolation(unsafeRaw: " ORDER BY warehouse_id, sku, day")
            return try await db.raw(query).all().map { row in
                DemandRecord(warehouseId: try row.decode(column: "warehouse_id", as: String.self), sku: try row.decode(column: "sku", as: String.self),
                             day: PlanningDay(days: try row.decode(column: "day", as: Int.self)),
                             servedUnits: try row.decode(column: "served_units", as: Int.self), lostUnits: try row.decode(column: "lost_units", as: Int.self),
                             servedLines: try row.decode(column: "served_lines", as: Int.self), lostLines: try row.decode(column: "lost_lines", as: Int.self))
            }
        }
    }

    public func demandTotals(from: PlanningDay, to: PlanningDay) async throws -> [StockKey: Int] {
        try await client.read { db in
            var totals: [StockKey: Int] = [:]
            for row in try await db.raw("""
                SELECT warehouse_id, sku, CAST(SUM(served_units + lost_units) AS BIGINT) AS units FROM demand_days
                WHERE day >= \(bind: from.days) AND day <= \(bind: to.days) GROUP BY warehouse_id, sku
                """).all() {
                totals[StockKey(warehouseId: try row.decode(column: "warehouse_id", as: String.self), sku: try row.decode(column: "sku", as: String.self))] =
                    try row.decode(column: "units", as: Int.self)
            }
            return totals
        }
    }

    public func demandPairs(on day: PlanningDay) async throws -> [StockKey] {
        try await client.read { db in
            try await db.raw("SELECT warehouse_id, sku FROM demand_days WHERE day = \(bind: day.days) ORDER BY warehouse_id, sku").all().map { row in
                StockKey(warehouseId: try row.decode(column: "warehouse_id", as: String.self), sku: try row.decode(column: "sku", as: String.self))
            }
        }
    }

    public func snapshotStock(day: PlanningDay) async throws {
        try await client.transaction { db in
            try await db.raw("DELETE FROM stock_days WHERE day = \(bind: day.days)").run()
            try await db.raw("""
                INSERT INTO stock_days (warehouse_id, sku, day, on_hand) SELECT warehouse_id, sku, \(bind: day.days), on_hand FROM stock_levels
                """).run()
        }
    }

    public func saveStockSnapshots(_ snapshots: [StockSnapshot]) async throws {
        try await upsertDays(into: "stock_days", columns: ["on_hand"], snapshots.map { ($0.warehouseId, $0.sku, $0.day.days, [$0.onHand]) })
    }

    public func importDemand(_ records: [DemandRecord]) async throws {
        try await upsertDays(into: "demand_days", columns: ["served_units", "lost_units", "served_lines", "lost_lines"],
                             records.map { ($0.warehouseId, $0.sku, $0.day.days, [$0.servedUnits, $0.lostUnits, $0.servedLines, $0.lostLines]) })
    }

    /// Bulk rows keyed by (warehouse, SKU, day), 500 to a statement, each replacing the day it names.
    private func upsertDays(into table: String, columns: [String], _ rows: [(warehouseId: String, sku: String, day: Int, values: [Int])]) async throws {
        let names = (["warehouse_id", "sku", "day"] + columns).joined(separator: ", ")
        let updates = columns.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        for start in stride(from: 0, to: rows.count, by: 500) {
            let chunk = rows[start..<min(start + 500, rows.count)]
            try await client.transaction { db in
                var query = SQLQueryString("INSERT INTO \(unsafeRaw: table) (\(unsafeRaw: names)) VALUES ")
                for (i, row) in chunk.enumerated() {
                    if i > 0 { query.appendInterpolation(unsafeRaw: ", ") }
                    query.appendInterpolation(unsafeRaw: "(")
                    query.appendInterpolation(binds: [row.warehouseId, row.sku] as [any Encodable & Sendable])
                    query.appendInterpolation(unsafeRaw: ", \(([row.day] + row.values).map(String.init).joined(separator: ", ")))")
                }
                query.appendInterpolation(unsafeRaw: " ON CONFLICT (warehouse_id, sku, day) DO UPDATE SET \(updates)")
                try await db.raw(query).run()
            }
        }
    }

    public func stockSnapshots(from: PlanningDay, to: PlanningDay, warehouseId: String?, sku: String?) async throws -> [StockSnapshot] {
        try await client.read { db in
            var query = SQLQueryString("SELECT * FROM stock_days WHERE day >= \(bind: from.days) AND day <= \(bind: to.days)")
            if let warehouseId { query.appendInterpolation(unsafeRaw: " AND warehouse_id = "); query.appendInterpolation(bind: warehouseId) }
            if let sku { query.appendInterpolation(unsafeRaw: " AND sku = "); query.appendInterpolation(bind: sku) }
            query.appendInterpolation(unsafeRaw: " ORDER BY warehouse_id, sku, day")
            return try await db.raw(query).all().map { row in
                StockSnapshot(warehouseId: try row.decode(column: "warehouse_id", as: String.self), sku: try row.decode(column: "sku", as: String.self),
                              day: PlanningDay(days: try row.decode(column: "day", as: Int.self)), onHand: try row.decode(column: "on_hand", as: Int.self))
            }
        }
    }
}
