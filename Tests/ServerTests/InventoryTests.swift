import Forecasting
import Foundation
import HTTPTypes
import Logistics
import Server
import Testing
import TestSupport

@Suite("Inventory operations")
struct InventoryTests {
    static let nanshan = "wh_nanshan", longgang = "wh_longgang", baoan = "wh_baoan"

    /// Runs with the planner's worker polling fast.
    static func fast(_ configuration: inout AppConfiguration) { configuration.inventoryPollSeconds = 0.1 }

    /// Daily demand of `days` days up to yesterday: `weekly` units a week spread over the days, with a pattern.
    static func history(sku: String, warehouseId: String, days: Int, weekly: Double, today: PlanningDay, seed: UInt64 = 7) -> [DemandRecord] {
        let rng = SeededRandom(seed: seed)
        return (1...days).map { back in
            let day = PlanningDay(days: today.days - back)
            let units = max(0, Int((weekly / 7 + Double(Int(rng.next() % 5)) - 2).rounded()))
            return DemandRecord(warehouseId: warehouseId, sku: sku, day: day, servedUnits: units, servedLines: units > 0 ? 1 : 0)
        }
    }

    func planAndWait(_ app: Harness, token: String) async throws -> [String: Any] {
        let accepted = try await app.call(.post, "/api/v1/admin/inventory/planning-runs", token: token)
        #expect(accepted.status == .accepted, "\(accepted.text)")
        let id = try #require(accepted["id"] as? String)
        #expect(accepted.headers[.location] == "/api/v1/admin/inventory/planning-runs/\(id)")
        var run: [String: Any] = [:]
        try await waitUntil("the planning run \(id) is done") {
            run = try await app.call(.get, "/api/v1/admin/inventory/planning-runs/\(id)", token: token).json
            return run["status"] as? String == "done" || run["status"] as? String == "failed"
        }
        #expect(run["status"] as? String == "done", "\(run)")
        return run
    }

    @Test("forecasts and suggestions computed from a seeded ledger are the engine's own for the same series", arguments: TestDatabase.available)
    func matchesEngine(_ database: TestDatabase) async throws {
        try await withApp(database, configure: Self.fast) { app in
            let admin = try await app.staff(.admin)
            let today = PlanningDay(containing: Date())
            // 90 weeks: below the two years a yearly index needs, so the series is the engine's input as is.
            let records = Self.history(sku: "WB-7KW-BASIC", warehouseId: Self.nanshan, days: 90 * 7, weekly: 60, today: today)
            try await app.fixtures.store.importDemand(records)
            let supplier = try await app.call(.put, "/api/v1/admin/suppliers/sup_wb", token: admin, body: """
                {"name":"Wall boxes Ltd","leadTimeDays":10,"leadTimeSpreadDays":2,"items":[{"sku":"WB-7KW-BASIC","unitCostCents":110000,"packSize":5,"minimumOrder":10}]}
                """)
            #expect(supplier.status == .ok, "\(supplier.text)")
            let run = try await planAndWait(app, token: admin)
            let figures = try #require(run["figures"] as? [String: Any])
            #expect(figures["series"] as? Int == 2, "the two stocked SKUs at Nanshan: \(figures)")

            let reply = try await app.call(.get, "/api/v1/admin/inventory/forecasts?sku=WB-7KW-BASIC&warehouseId=wh_nanshan", token: admin)
            #expect(reply.status == .ok, "\(reply.text)")
            // The engine on the same weekly series: weeks end yesterday; no events; class A (the only SKU that sold).
            var weekly = [Double](repeating: 0, count: 90)
            for record in records { weekly[89 - (today.days - 1 - record.day.days) / 7] += Double(record.demandUnits) }
            let settings = PolicySettings(kind: .orderUpTo, target: .fillRate(0.98), leadTimePeriods: 1, reviewPeriods: 1, minimumOrderQuantity: 10,
                                          packSize: 5, leadTimeSpreadPeriods: 2.0 / 7)
            let engine = WeeklyDemandPlanner(planner: ReplenishmentPlanner(settings: settings, errorOrigins: ReplenishmentPlanning.errorOrigins))
                .plan(history: weekly.map { .init(demand: $0, weekOfYear: 1) }, future: (0..<8).map { _ in .init(weekOfYear: 1) })
            #expect(reply["model"] as? String == engine.model)
            let history = try #require(reply["history"] as? [[String: Any]])
            #expect(history.map { $0["value"] as? Double } == weekly.map { $0 })
            let forecast = try #require(reply["forecast"] as? [[String: Any]])
            #expect(forecast.count == 8)
            let i95 = try #require(engine.forecast.interval(0.95))
            for (h, point) in forecast.enumerated() {
                #expect(abs((point["mean"] as? Double ?? -1) - engine.forecast.mean[h]) < 1e-9)
                #expect(abs((point["hi95"] as? Double ?? -1) - i95.upper[h]) < 1e-9)
                #expect(point["date"] as? String == PlanningDay(days: today.days + 7 * h).description)
            }
            let policy = try #require(reply["policy"] as? [String: Any])
            #expect(abs((policy["reorderPoint"] as? Double ?? -1) - engine.levels.reorderPoint) < 1e-9)
            #expect(policy["abcClass"] as? String == "A")

            // 100 on hand at Nanshan, nothing on order: the engine's order quantity for that position.
            let expected = Int(engine.levels.orderQuantity(position: 100, settings: settings).rounded())
            #expect(expected > 0, "the history was chosen to need an order")
            let suggestions = try await app.call(.get, "/api/v1/admin/inventory/suggestions?warehouseId=wh_nanshan&kind=purchase", token: admin).items
            let suggestion = try #require(suggestions.first { $0["sku"] as? String == "WB-7KW-BASIC" })
            #expect(suggestion["quantity"] as? Int == expected)
            #expect(suggestion["supplierId"] as? String == "sup_wb" && suggestion["state"] as? String == "open")
            #expect(suggestion["inventoryPosition"] as? Int == 100)
            #expect((suggestion["quantity"] as? Int ?? 0) % 5 == 0, "whole packs")
            #expect(suggestion["stockoutDate"] is String && (suggestion["reason"] as? String ?? "").contains("reorder point"))

            // The suggestion becomes a draft purchase order; ordering it again is refused, nothing changed.
            let id = try #require(suggestion["id"] as? String)
            let drafted = try await app.call(.post, "/api/v1/admin/purchase-orders", token: admin, body: #"{"suggestionIds":["\#(id)"]}"#)
            #expect(drafted.status == .created, "\(drafted.text)")
            let order = try #require(drafted.items.first)
            #expect(order["status"] as? String == "draft" && order["supplierId"] as? String == "sup_wb")
            #expect((order["lines"] as? [[String: Any]])?.first?["quantity"] as? Int == expected)
            let again = try await app.call(.post, "/api/v1/admin/purchase-orders", token: admin, body: #"{"suggestionIds":["\#(id)"]}"#)
            #expect(again.status == .conflict && again.errorCode == "suggestion_state")
            // What is on order counts in the next run's position: no new suggestion for it.
            _ = try await planAndWait(app, token: admin)
            let open = try await app.call(.get, "/api/v1/admin/inventory/suggestions?warehouseId=wh_nanshan&kind=purchase&state=open", token: admin).items
            #expect(!open.contains { $0["sku"] as? String == "WB-7KW-BASIC" }, "\(open)")
        }
    }

    @Test("a purchase order's life cycle moves stock exactly as its receipts say; bad receipts change nothing", arguments: TestDatabase.available)
    func purchaseOrderLifeCycle(_ database: TestDatabase) async throws {
        try await withApp(database) { app in
            let keeper = try await app.staff(.warehouse)
            // A SKU listed twice takes its last entry.
            let supplier = try await app.call(.put, "/api/v1/admin/suppliers/sup_cb", token: keeper, body: """
                {"name":"Cables Ltd","leadTimeDays":7,"items":[{"sku":"CB-GBT-5M","unitCostCents":1},{"sku":"CB-GBT-5M","unitCostCents":48000}]}
                """)
            #expect(supplier.status == .ok && (supplier["items"] as? [[String: Any]])?.map { $0["unitCostCents"] as? Int } == [48000], "\(supplier.text)")
            let drafted = try await app.call(.post, "/api/v1/admin/purchase-orders", token: keeper,
                                             body: #"{"supplierId":"sup_cb","lines":[{"sku":"CB-GBT-5M","warehouseId":"wh_nanshan","quantity":40}]}"#)
            #expect(drafted.status == .created, "\(drafted.text)")
            let id = try #require(drafted.items.first?["id"] as? String)
            let path = "/api/v1/admin/purchase-orders/\(id)"
            func receipt(_ quantity: Any, sku: String = "CB-GBT-5M", key: String?) async throws -> Reply {
                var headers = HTTPFields()
                if let key { headers[.init("Idempotency-Key")!] = key }
                return try await app.call(.post, "\(path)/receipts", token: keeper, body: #"{"lines":[{"sku":"\#(sku)","warehouseId":"wh_nanshan","quantity":\#(quantity)}]}"#, headers: headers)
            }
            let before = try await app.snapshot()
            #expect(try await receipt(5, key: "early").errorCode == "purchase_order_state", "a draft takes no receipts")
            #expect(try await app.call(.post, "\(path)/close", token: keeper).status == .conflict)
            #expect(try await app.snapshot() == before)

            #expect(try await app.call(.post, "\(path)/approve", token: keeper)["status"] as? String == "approved")
            #expect(try await app.call(.post, "\(path)/approve", token: keeper).errorCode == "purchase_order_state")
            let first = try await receipt(15, key: "k1")
            #expect(first.status == .created && first["status"] as? String == "partiallyReceived", "\(first.text)")
            #expect(try await app.fixtures.level("CB-GBT-5M").onHand == 115)
            let replay = try await receipt(15, key: "k1")
            #expect(replay.status == .ok && replay["status"] as? String == "partiallyReceived")
            #expect(try await receipt(16, key: "k1").errorCode == "idempotency_key_reused")
            let afterFirst = try await app.snapshot()
            // 40 ordered, 5 % tolerance: at most 42 in all, 27 more.
            let over = try await receipt(28, key: "k2")
            #expect(over.status == .conflict && over.errorCode == "over_receipt", "\(over.text)")
            #expect(try await receipt(3, sku: "WB-7KW-BASIC", key: "k3").status == .unprocessableContent, "no such line")
            #expect(try await receipt(-3, key: "k4").status == .badRequest)
            #expect(try await receipt(1.5, key: "k5").status == .badRequest)
            #expect(try await receipt(0, key: "k6").status == .badRequest)
            #expect(try await app.snapshot() == afterFirst, "refused receipts change nothing")
            let last = try await receipt(27, key: "k7")
            #expect(last["status"] as? String == "received", "\(last.text)")
            let line = try #require((last["lines"] as? [[String: Any]])?.first)
            #expect(line["received"] as? Int == 42 && line["quantity"] as? Int == 40)
            #expect(try await app.fixtures.level("CB-GBT-5M").onHand == 142)
            #expect(try await app.call(.post, "\(path)/close", token: keeper)["status"] as? String == "closed")
            #expect(try await app.call(.post, "\(path)/cancel", token: keeper).errorCode == "purchase_order_state")
            #expect(try await app.call(.get, "\(path)/receipts", token: keeper).items.count == 2)
            let movements = try await app.fixtures.store.movements(warehouseId: Self.nanshan, sku: "CB-GBT-5M", afterId: nil, limit: 100).filter { $0.note?.contains(id) == true }
            #expect(movements.map(\.onHandDelta) == [15, 27] && movements.allSatisfy { $0.kind == .receipt })
            #expect(try await app.fixtures.store.ledgerDiscrepancies().isEmpty)
        }
    }

    @Test("an order refused for lack of stock is a lost sale in the demand history; a placed one is served demand", arguments: TestDatabase.available)
    func lostSales(_ database: TestDatabase) async throws {
        try await withApp(database) { app in
            let (token, _) = try await app.customer()
            let address = try await app.address(token: token)
            #expect(try await app.placeOrder(token: token, addressId: address, sku: "PC-3KW-10A", quantity: 2).status == .conflict)
            #expect(try await app.placeOrder(token: token, addressId: address, sku: "WB-7KW-BASIC", quantity: 3).status == .created)
            let today = PlanningDay(containing: Date())
            let demand = try await app.fixtures.store.demand(from: today, to: today, warehouseId: nil, skus: nil)
            // Futian is nearest to Nanshan: the refused order is lost there.
            #expect(demand.contains { $0.sku == "PC-3KW-10A" && $0.warehouseId == Self.nanshan && $0.lostUnits == 2 && $0.lostLines == 1 && $0.servedUnits == 0 })
            #expect(demand.contains { $0.sku == "WB-7KW-BASIC" && $0.warehouseId == Self.nanshan && $0.servedUnits == 3 && $0.servedLines == 1 && $0.lostUnits == 0 })
        }
    }

    @Test("a surge in live orders raises one alert, however often the scan runs", arguments: TestDatabase.available)
    func surge(_ database: TestDatabase) async throws {
        try await withApp(database) { app in
            let today = PlanningDay(containing: Date())
            try await app.fixtures.store.importDemand(Self.history(sku: "CB-GBT-5M", warehouseId: Self.nanshan, days: 100, weekly: 14, today: today))
            let signals = StockSignalService(store: app.fixtures.store)
            #expect(try await signals.scanSurges().isEmpty, "no sale today, no surge")
            let (token, _) = try await app.customer()
            let address = try await app.address(token: token)
            for _ in 0..<8 { #expect(try await app.placeOrder(token: token, addressId: address, sku: "CB-GBT-5M", quantity: 4).status == .created) }
            let raised = try await signals.scanSurges()
            #expect(raised.count == 1 && raised.first?.sku == "CB-GBT-5M" && raised.first?.kind == .surge)
            #expect(raised.first?.detail.contains("32 sold today") == true, "\(raised.first?.detail ?? "")")
            #expect(try await signals.scanSurges().isEmpty)
            let admin = try await app.staff(.warehouse)
            let board = try await app.call(.get, "/api/v1/admin/inventory/alerts?kind=surge", token: admin)
            #expect(board.items.count == 1 && board.items.first?["advice"] as? String != nil)
            let id = try #require(board.items.first?["id"] as? String)
            #expect(try await app.call(.post, "/api/v1/admin/inventory/alerts/\(id)/acknowledge", token: admin)["state"] as? String == "acknowledged")
            #expect(try await app.call(.post, "/api/v1/admin/inventory/alerts/\(id)/acknowledge", token: admin).errorCode == "alert_state")
        }
    }

    @Test("transfers move stock out, in transit, then in; a source without the stock is refused", arguments: TestDatabase.available)
    func transfers(_ database: TestDatabase) async throws {
        try await withApp(database, configure: Self.fast) { app in
            let keeper = try await app.staff(.warehouse)
            let before = try await app.snapshot()
            let empty = try await app.call(.post, "/api/v1/admin/transfers", token: keeper,
                                           body: #"{"fromWarehouseId":"wh_baoan","toWarehouseId":"wh_longgang","lines":[{"sku":"CB-GBT-5M","quantity":5}]}"#)
            #expect(empty.status == .conflict && empty.errorCode == "insufficient_stock", "\(empty.text)")
            #expect(try await app.call(.post, "/api/v1/admin/transfers", token: keeper,
                                       body: #"{"fromWarehouseId":"wh_nanshan","toWarehouseId":"wh_nanshan","lines":[{"sku":"CB-GBT-5M","quantity":5}]}"#).status == .unprocessableContent)
            #expect(try await app.snapshot() == before)

            // Longgang sells cables and has none; Nanshan has 100 and sells none: the run suggests a transfer.
            let today = PlanningDay(containing: Date())
            try await app.fixtures.store.importDemand(Self.history(sku: "CB-GBT-5M", warehouseId: Self.longgang, days: 200, weekly: 10, today: today))
            _ = try await planAndWait(app, token: keeper)
            let suggested = try await app.call(.get, "/api/v1/admin/inventory/suggestions?kind=transfer", token: keeper).items
            let suggestion = try #require(suggested.first { $0["sku"] as? String == "CB-GBT-5M" }, "\(suggested)")
            #expect(suggestion["fromWarehouseId"] as? String == Self.nanshan && suggestion["warehouseId"] as? String == Self.longgang)
            let quantity = try #require(suggestion["quantity"] as? Int)
            let made = try await app.call(.post, "/api/v1/admin/transfers", token: keeper, body: #"{"suggestionIds":["\#(suggestion["id"] as! String)"]}"#)
            #expect(made.status == .created, "\(made.text)")
            let transfer = try #require(made.items.first)
            let path = "/api/v1/admin/transfers/\(transfer["id"] as! String)"
            #expect(transfer["status"] as? String == "requested")
            #expect(try await app.call(.post, "\(path)/receive", token: keeper).errorCode == "transfer_state")
            #expect(try await app.call(.post, "\(path)/ship", token: keeper)["status"] as? String == "inTransit")
            #expect(try await app.fixtures.level("CB-GBT-5M").onHand == 100 - quantity)
            #expect(try await app.fixtures.level("CB-GBT-5M", in: Self.longgang).onHand == 0)
            #expect(try await app.call(.post, "\(path)/ship", token: keeper).errorCode == "transfer_state")
            #expect(try await app.call(.post, "\(path)/receive", token: keeper)["status"] as? String == "received")
            #expect(try await app.fixtures.level("CB-GBT-5M", in: Self.longgang).onHand == quantity)
            #expect(try await app.fixtures.store.ledgerDiscrepancies().isEmpty)
            let after = try await app.call(.get, "/api/v1/admin/inventory/suggestions?kind=transfer", token: keeper).items
            #expect(after.first { $0["id"] as? String == suggestion["id"] as? String }?["state"] as? String == "ordered")
        }
    }

    @Test("concurrent receipts and orders keep the ledger consistent", arguments: TestDatabase.available)
    func concurrentReceiptsAndOrders(_ database: TestDatabase) async throws {
        try await withApp(database) { app in
            let keeper = try await app.staff(.warehouse)
            _ = try await app.call(.put, "/api/v1/admin/suppliers/sup_cb", token: keeper, body: #"{"name":"Cables","leadTimeDays":7,"items":[{"sku":"CB-GBT-5M","unitCostCents":48000}]}"#)
            let drafted = try await app.call(.post, "/api/v1/admin/purchase-orders", token: keeper,
                                             body: #"{"supplierId":"sup_cb","lines":[{"sku":"CB-GBT-5M","warehouseId":"wh_nanshan","quantity":100}]}"#)
            let id = try #require(drafted.items.first?["id"] as? String)
            _ = try await app.call(.post, "/api/v1/admin/purchase-orders/\(id)/approve", token: keeper)
            let (token, _) = try await app.customer()
            let address = try await app.address(token: token)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 0..<12 {
                    group.addTask {
                        var headers = HTTPFields()
                        headers[.init("Idempotency-Key")!] = "r\(n)"
                        let reply = try await app.call(.post, "/api/v1/admin/purchase-orders/\(id)/receipts", token: keeper,
                                                       body: #"{"lines":[{"sku":"CB-GBT-5M","warehouseId":"wh_nanshan","quantity":2}]}"#, headers: headers)
                        #expect(reply.status == .created, "\(reply.text)")
                    }
                    group.addTask {
                        let placed = try await app.placeOrder(token: token, addressId: address, sku: "CB-GBT-5M", quantity: 3)
                        #expect(placed.status == .created)
                    }
                }
                try await group.waitForAll()
            }
            let level = try await app.fixtures.level("CB-GBT-5M")
            #expect(level.onHand == 124 && level.reserved == 36)
            let order = try await app.call(.get, "/api/v1/admin/purchase-orders/\(id)", token: keeper)
            #expect((order["lines"] as? [[String: Any]])?.first?["received"] as? Int == 24)
            #expect(try await app.call(.get, "/api/v1/admin/purchase-orders/\(id)/receipts", token: keeper).items.count == 12)
            #expect(try await app.fixtures.store.ledgerDiscrepancies().isEmpty)
        }
    }

    @Test("KPIs: turnover, fill rate, lost sales and stock-out days from the demand and stock history", arguments: TestDatabase.available)
    func kpis(_ database: TestDatabase) async throws {
        try await withApp(database) { app in
            let keeper = try await app.staff(.admin)
            _ = try await app.call(.put, "/api/v1/admin/suppliers/sup_cb", token: keeper, body: #"{"name":"Cables","leadTimeDays":7,"items":[{"sku":"CB-GBT-5M","unitCostCents":600}]}"#)
            let to = PlanningDay(days: PlanningDay(containing: Date()).days - 1)
            let from = PlanningDay(days: to.days - 9)
            try await app.fixtures.store.importDemand((from.days...to.days).map { day in
                DemandRecord(warehouseId: Self.nanshan, sku: "CB-GBT-5M", day: PlanningDay(days: day), servedUnits: 2, lostUnits: day == to.days ? 1 : 0,
                             servedLines: 1, lostLines: day == to.days ? 1 : 0)
            })
            try await app.fixtures.store.saveStockSnapshots((from.days...to.days).map { StockSnapshot(warehouseId: Self.nanshan, sku: "CB-GBT-5M", day: PlanningDay(days: $0), onHand: 100) })
            let reply = try await app.call(.get, "/api/v1/admin/inventory/kpis?from=\(from)&to=\(to)&groupBy=sku", token: keeper)
            #expect(reply.status == .ok, "\(reply.text)")
            let item = try #require(reply.items.first { $0["key"] as? String == "CB-GBT-5M" })
            #expect(item["cogsCents"] as? Int == 20 * 600)
            #expect(item["averageInventoryValueCents"] as? Int == 100 * 600)
            #expect(abs((item["turnover"] as? Double ?? 0) - 0.2) < 1e-12)
            #expect(abs((item["fillRate"] as? Double ?? 0) - 10.0 / 11) < 1e-12)
            #expect(item["lostSales"] as? Int == 1 && item["stockoutDays"] as? Int == 1)
            #expect(abs((item["daysOfCover"] as? Double ?? 0) - 50) < 1e-9, "60000 cents of stock at 1200 cents a day")
            let empty = try await app.call(.get, "/api/v1/admin/inventory/kpis?from=\(to)&to=\(from)", token: keeper)
            #expect(empty.status == .ok && empty.items.isEmpty && (empty["total"] as? [String: Any])?["cogsCents"] as? Int == 0, "an empty period")
            #expect(try await app.call(.get, "/api/v1/admin/inventory/kpis?groupBy=planet", token: keeper).status == .badRequest)
            let weekly = try await app.call(.get, "/api/v1/admin/inventory/kpis?from=\(from)&to=\(to)&groupBy=week", token: keeper)
            #expect(weekly.items.reduce(0) { $0 + ($1["cogsCents"] as? Int ?? 0) } == 20 * 600)
        }
    }

    @Test("inventory planning is for warehouse staff and admins only", arguments: TestDatabase.available)
    func access(_ database: TestDatabase) async throws {
        try await withApp(database) { app in
            let (customer, _) = try await app.customer()
            let dispatcher = try await app.staff(.dispatcher)
            for token in [customer, dispatcher] {
                #expect(try await app.call(.post, "/api/v1/admin/inventory/planning-runs", token: token).status == .forbidden)
                #expect(try await app.call(.get, "/api/v1/admin/inventory/suggestions", token: token).status == .forbidden)
                #expect(try await app.call(.get, "/api/v1/admin/purchase-orders", token: token).status == .forbidden)
            }
            #expect(try await app.call(.get, "/api/v1/admin/inventory/kpis").status == .unauthorized)
            let keeper = try await app.staff(.warehouse)
            #expect(try await app.call(.put, "/api/v1/admin/inventory/settings", token: keeper, body: """
                {"serviceTargets":{"A":0.99,"B":0.95,"C":0.9},"reviewDays":7,"receiptTolerance":0.05,"slowCoverDays":120,"deadAfterDays":180,"nightlyAt":"02:00"}
                """).status == .forbidden, "service targets are the admin's")
            // An admin sets them; keys beyond A, B and C are ignored (schemathesis sent one holding an array).
            let admin = try await app.staff(.admin)
            let set = try await app.call(.put, "/api/v1/admin/inventory/settings", token: admin, body: """
                {"serviceTargets":{"A":0.99,"B":0.95,"C":0.9,"D":[]},"reviewDays":14,"receiptTolerance":0.02,"slowCoverDays":90,"deadAfterDays":120,"nightlyAt":"03:30"}
                """)
            #expect(set.status == .ok, "\(set.text)")
            let read = try await app.call(.get, "/api/v1/admin/inventory/settings", token: keeper)
            #expect((read["serviceTargets"] as? [String: Double]) == ["A": 0.99, "B": 0.95, "C": 0.9] && read["reviewDays"] as? Int == 14)
        }
    }
}
