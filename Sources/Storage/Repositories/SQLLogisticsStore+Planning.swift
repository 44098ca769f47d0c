import Foundation
import Logistics
import SQLKit

/// JSON columns of the planning tables: one encoder and decoder, times in milliseconds.
enum PlanningJSON {
    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return try decoder.decode(type, from: Data(text.utf8))
    }
}

extension SQLLogisticsStore: PlanningStore {
    public func suppliers() async throws -> [Supplier] {
        try await suppliers(id: nil)
    }

    public func supplier(id: String) async throws -> Supplier? {
        try await suppliers(id: id).first
    }

    /// All suppliers, or the one with `id`.
    private func suppliers(id only: String?) async throws -> [Supplier] {
        let filter: SQLQueryString = only.map { " WHERE supplier_id = \(bind: $0)" } ?? ""
        let byId: SQLQueryString = only.map { " WHERE id = \(bind: $0)" } ?? ""
        return try await client.read { db in
            var items: [String: [SupplierItem]] = [:]
            for row in try await db.raw("SELECT * FROM supplier_items\(filter) ORDER BY sku").all() {
                items[try row.decode(column: "supplier_id", as: String.self), default: []].append(SupplierItem(
                    sku: try row.decode(column: "sku", as: String.self), unitCostCents: try row.decode(column: "unit_cost_cents", as: Int.self),
                    packSize: try row.decode(column: "pack_size", as: Int.self), minimumOrder: try row.decode(column: "minimum_order", as: Int.self)))
            }
            return try await db.raw("SELECT * FROM suppliers\(byId) ORDER BY id").all().map { row in
                let id = try row.decode(column: "id", as: String.self)
                return Supplier(id: id, name: try row.decode(column: "name", as: String.self),
                                leadTimeDays: try row.decode(column: "lead_time_days", as: Double.self),
                                leadTimeSpreadDays: try row.decode(column: "lead_time_spread_days", as: Double.self), items: items[id] ?? [])
            }
        }
    }

    public func saveSupplier(_ supplier: Supplier) async throws {
        try await client.transaction { db in
            try await db.raw("""
                INSERT INTO suppliers (id, name, lead_time_days, lead_time_spread_days, created_at)
                VALUES (\(bind: supplier.id), \(bind: supplier.name), \(bind: supplier.leadTimeDays), \(bind: supplier.leadTimeSpreadDays), \(bind: Millis.from(Date())))
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, lead_time_days = excluded.lead_time_days, lead_time_spread_days = excluded.lead_time_spread_days
                """).run()
            try await db.raw("DELETE FROM supplier_items WHERE supplier_id = \(bind: supplier.id)").run()
            for item in supplier.items {
                try await db.raw("""
                    INSERT INTO supplier_items (sku, supplier_id, unit_cost_cents, pack_size, minimum_order)
                    VALUES (\(bind: item.sku), \(bind: supplier.id), \(bind: item.unitCostCents), \(bind: item.packSize), \(bind: item.minimumOrder))
                    ON CONFLICT (sku) DO UPDATE SET supplier_id = excluded.supplier_id, unit_cost_cents = excluded.unit_cost_cents,
                      pack_size = excluded.pack_size, minimum_order = excluded.minimum_order
                    """).run()
            }
        }
    }

    public func promotions() async throws -> [PromotionEvent] {
        try await client.read { db in
            try await db.raw("SELECT * FROM promotion_events ORDER BY start_day, id").all().map { row in
                let skus = try row.decode(column: "skus", as: String.self)
                return PromotionEvent(
                    id: try row.decode(column: "id", as: String.self), name: try row.decode(column: "name", as: String.self),
                    kind: PromotionKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .other,
                    startDate: PlanningDay(days: try row.decode(column: "start_day", as: Int.self)), endDate: PlanningDay(days: try row.decode(column: "end_day", as: Int.self)),
                    uplift: try row.optional("uplift", as: Double.self), skus: skus.isEmpty ? [] : skus.split(separator: ",").map(String.init),
                    warehouseId: try row.optional("warehouse_id", as: String.self))
            }
        }
    }

    public func insertPromotion(_ event: PromotionEvent) async throws {
        try await client.transaction { db in
            try await db.raw("""
                INSERT INTO promotion_events (id, name, kind, start_day, end_day, uplift, skus, warehouse_id, created_at)
                VALUES (\(bind: event.id), \(bind: event.name), \(bind: event.kind.rawValue), \(bind: event.startDate.days), \(bind: event.endDate.days),
                  \(bind: event.uplift), \(bind: event.skus.joined(separator: ",")), \(bind: event.warehouseId), \(bind: Millis.from(Date())))
                """).run()
        }
    }

    public func deletePromotion(id: String) async throws -> Bool {
        try await client.transaction { db in
            try await db.raw("DELETE FROM promotion_events WHERE id = \(bind: id) RETURNING id").first() != nil
        }
    }

    public func inventorySettings() async throws -> InventorySettings {
        try await client.read { db in
            guard let row = try await db.raw("SELECT body FROM inventory_settings WHERE id = 1").first() else { return InventorySettings() }
            return try PlanningJSON.decode(InventorySettings.self, try row.decode(column: "body", as: String.self))
        }
    }

    public func saveInventorySettings(_ settings: InventorySettings) async throws {
        let body = try PlanningJSON.encode(settings)
        try await client.transaction { db in
            try await db.raw("INSERT INTO inventory_settings (id, body) VALUES (1, \(bind: body)) ON CONFLICT (id) DO UPDATE SET body = excluded.body").run()
        }
    }

    // MARK: Runs

    public func enqueueRun(_ run: PlanningRun) async throws -> PlanningRun {
        try await client.transaction { db in
            // `active_slot` is 'active' while a run is queued or running (NULL after) and unique: one run at a
            // time, and a request while one is on its way joins it instead of queueing another.
            try await db.raw("""
                INSERT INTO planning_runs (id, status, trigger, requested_by, created_at, active_slot)
                VALUES (\(bind: run.id), 'queued', \(bind: run.trigger.rawValue), \(bind: run.requestedBy), \(bind: Millis.from(run.createdAt)), 'active')
                ON CONFLICT (active_slot) DO NOTHING
                """).run()
            guard let row = try await db.raw("SELECT * FROM planning_runs WHERE active_slot = 'active'").first() else {
                throw LogisticsError.conflict(.concurrentUpdate, message: "the planning queue changed; try again")
            }
            return try Self.planningRun(from: row)
        }
    }

    public func claimRun(owner: String, at time: Date, staleBefore: Date) async throws -> PlanningRun? {
        try await client.transaction { db in
            let lock = client.kind == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
            guard let row = try await db.raw("""
                SELECT * FROM planning_runs WHERE active_slot = 'active' AND (claimed_by IS NULL OR claimed_at < \(bind: Millis.from(staleBefore)))\(unsafeRaw: lock)
                """).first() else { return nil }
            let id = try row.decode(column: "id", as: String.self)
            let previous = try row.optional("claimed_at", as: Int.self)
            // Conditional on what was read, so a racing claimer on SQLite (no row locks) changes nothing.
            guard try await db.raw("""
                UPDATE planning_runs SET status = 'running', claimed_by = \(bind: owner), claimed_at = \(bind: Millis.from(time)), started_at = \(bind: Millis.from(time))
                WHERE id = \(bind: id) AND active_slot = 'active' AND \(unsafeRaw: previous == nil ? "claimed_at IS NULL" : "claimed_at = \(previous!)")
                RETURNING id
                """).first() != nil else { return nil }
            var run = try Self.planningRun(from: row)
            run.status = .running
            run.startedAt = time
            return run
        }
    }

    public func run(id: String) async throws -> PlanningRun? {
        try await client.read { db in try await db.raw("SELECT * FROM planning_runs WHERE id = \(bind: id)").first().map(Self.planningRun(from:)) }
    }

    public func completeRun(_ run: PlanningRun, forecasts: [SKUForecast], suggestions: [ReplenishmentSuggestion]) async throws {
        let figures = try run.figures.map(PlanningJSON.encode)
        let encodedForecasts = try forecasts.map { ($0, try PlanningJSON.encode($0)) }
        let encodedSuggestions = try suggestions.map { ($0, try PlanningJSON.encode($0)) }
        try await client.transaction { db in
            try await db.raw("""
                UPDATE replenishment_suggestions SET state = 'superseded' WHERE state = 'open' AND run_id <> \(bind: run.id)
                """).run()
            for chunk in stride(from: 0, to: encodedForecasts.count, by: 200).map({ encodedForecasts[$0..<min($0 + 200, encodedForecasts.count)] }) {
                var query = SQLQueryString("INSERT INTO sku_forecasts (warehouse_id, sku, run_id, body, created_at) VALUES ")
                for (i, (forecast, body)) in chunk.enumerated() {
                    if i > 0 { query.appendInterpolation(unsafeRaw: ", ") }
                    query.appendInterpolation(unsafeRaw: "(")
                    query.appendInterpolation(binds: [forecast.warehouseId, forecast.sku, run.id, body] as [any Encodable & Sendable])
                    query.appendInterpolation(unsafeRaw: ", \(Millis.from(forecast.createdAt)))")
                }
                query.appendInterpolation(unsafeRaw: " ON CONFLICT (warehouse_id, sku) DO UPDATE SET run_id = excluded.run_id, body = excluded.body, created_at = excluded.created_at")
                try await db.raw(query).run()
            }
            for (s, body) in encodedSuggestions {
                try await db.raw("""
                    INSERT INTO replenishment_suggestions (id, run_id, kind, sku, warehouse_id, from_warehouse_id, supplier_id, quantity, state, body, created_at)
                    VALUES (\(bind: s.id), \(bind: run.id), \(bind: s.kind.rawValue), \(bind: s.sku), \(bind: s.warehouseId), \(bind: s.fromWarehouseId),
                      \(bind: s.supplierId), \(bind: s.quantity), 'open', \(bind: body), \(bind: Millis.from(s.createdAt)))
                    """).run()
            }
            try await db.raw("""
                UPDATE planning_runs SET status = 'done', active_slot = NULL, finished_at = \(bind: run.finishedAt.map(Millis.from)), figures = \(bind: figures)
                WHERE id = \(bind: run.id)
                """).run()
        }
    }

    public func failRun(id: String, error: String, at time: Date) async throws {
        try await client.transaction { db in
            try await db.raw("""
                UPDATE planning_runs SET status = 'failed', active_slot = NULL, finished_at = \(bind: Millis.from(time)), error = \(bind: error) WHERE id = \(bind: id)
                """).run()
        }
    }

    static func planningRun(from row: any SQLRow) throws -> PlanningRun {
        PlanningRun(
            id: try row.decode(column: "id", as: String.self),
            status: PlanningRunStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .failed,
            trigger: PlanningRunTrigger(rawValue: try row.decode(column: "trigger", as: String.self)) ?? .request,
            requestedBy: try row.optional("requested_by", as: String.self), createdAt: Millis.date(try row.decode(column: "created_at", as: Int.self)),
            startedAt: try row.optional("started_at", as: Int.self).map(Millis.date), finishedAt: try row.optional("finished_at", as: Int.self).map(Millis.date),
            figures: try row.optional("figures", as: String.self).map { try PlanningJSON.decode(PlanningFigures.self, $0) },
            error: try row.optional("error", as: String.self))
    }

    // MARK: Results

    public func forecast(sku: String, warehouseId: String) async throws -> SKUForecast? {
        try await client.read { db in
            try await db.raw("SELECT body FROM sku_forecasts WHERE sku = \(bind: sku) AND warehouse_id = \(bind: warehouseId)").first().map { row in
                try PlanningJSON.decode(SKUForecast.self, try row.decode(column: "body", as: String.self))
            }
        }
    }

    public func suggestions(warehouseId: String?, kind: SuggestionKind?, state: SuggestionState?, beforeId: String?, limit: Int) async throws -> [ReplenishmentSuggestion] {
        try await client.read { db in
            let query = Self.newestFirst(from: "replenishment_suggestions",
                                         where: [("warehouse_id", warehouseId), ("kind", kind?.rawValue), ("state", state?.rawValue)], before: beforeId, limit: limit)
            return try await db.raw(query).all().map(Self.suggestion(from:))
        }
    }

    public func suggestions(ids: [String]) async throws -> [ReplenishmentSuggestion] {
        guard !ids.isEmpty else { return [] }
        return try await client.read { db in
            try await db.raw("SELECT * FROM replenishment_suggestions WHERE id IN (\(binds: ids)) ORDER BY id").all().map(Self.suggestion(from:))
        }
    }

    public func dismissSuggestion(id: String) async throws -> ReplenishmentSuggestion? {
        try await client.transaction { db in
            try await db.raw("UPDATE replenishment_suggestions SET state = 'dismissed' WHERE id = \(bind: id) AND state = 'open' RETURNING *").first()
                .map(Self.suggestion(from:))
        }
    }

    /// The stored body, with the columns that change after it was written (state, what it became).
    static func suggestion(from row: any SQLRow) throws -> ReplenishmentSuggestion {
        var s = try PlanningJSON.decode(ReplenishmentSuggestion.self, try row.decode(column: "body", as: String.self))
        s.state = SuggestionState(rawValue: try row.decode(column: "state", as: String.self)) ?? .open
        s.purchaseOrderId = try row.optional("purchase_order_id", as: String.self)
        s.transferId = try row.optional("transfer_id", as: String.self)
        return s
    }
}
