import Foundation
import HTTPTypes
import Logistics
import Testing
import TestSupport

@Suite("Carrier callbacks")
struct CarrierTests {
    /// Places and pays an order, packs it, and hands it to carrier `sf` under `waybill`.
    static func packedOrder(_ app: Harness, waybill: String) async throws -> (id: String, token: String) {
        let (token, _) = try await app.customer()
        let order = try await app.placeOrder(token: token, addressId: try await app.address(token: token), quantity: 2)
        let id = try #require(order["id"] as? String)
        let admin = try await app.staff(.admin)
        for status in ["paid", "allocated", "picking", "packed"] {
            #expect(try await app.call(.post, "/api/v1/admin/orders/\(id)/transitions", token: admin, body: #"{"to":"\#(status)"}"#).status == .ok)
        }
        let assigned = try await app.call(.post, "/api/v1/admin/orders/\(id)/waybill", token: admin, body: #"{"carrierCode":"SF","waybillNumber":"\#(waybill)"}"#)
        #expect(assigned.status == .ok, "\(assigned.text)")
        return (id, token)
    }

    static func iso(hoursFromNow hours: Double) -> String {
        Date(timeIntervalSinceNow: hours * 3600).formatted(.iso8601)
    }

    /// Kuaidi100's "yyyy-MM-dd HH:mm:ss" in China time (UTC+8).
    static func chinaTime(hoursFromNow hours: Double) -> String {
        let seconds = Int(Date().timeIntervalSince1970 + hours * 3600) + 8 * 3600
        let (y, m, d) = CivilDate.fromDays(seconds / 86_400)
        let rest = seconds % 86_400
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(y)-\(two(m))-\(two(d)) \(two(rest / 3600)):\(two(rest % 3600 / 60)):\(two(rest % 60))"
    }

    static func push(_ app: Harness, _ body: String, secret: String = carrierSecret) async throws -> Reply {
        try await app.call(.post, "/api/v1/carriers/sf/callback", body: body, headers: signedHeaders(body, secret: secret, prefix: "X-Carrier"))
    }

    @Test("scans move the order forward; a duplicate is stored once; a late scan joins the timeline without moving the status", arguments: TestDatabase.available)
    func scans(_ database: TestDatabase) async throws {
        try await withApp(database) { app in
            let (id, token) = try await Self.packedOrder(app, waybill: "SF100200300")
            let pickedUp = #"{"waybill":"SF100200300","status":"1","time":"\#(Self.chinaTime(hoursFromNow: 1))","place":"深圳市南山区","description":"【深圳市】顺丰速运 已收取快件"}"#
            let first = try await Self.push(app, pickedUp)
            #expect(first.status == .ok && first["status"] as? String == "shipped" && first["duplicate"] as? Bool == false, "\(first.text)")
            #expect(try await app.fixtures.level("WB-7KW-BASIC") == StockLevel(warehouseId: "wh_nanshan", sku: "WB-7KW-BASIC", onHand: 98, reserved: 0))
            let again = try await Self.push(app, pickedUp)
            #expect(again["duplicate"] as? Bool == true)

            // Delivered (+3.5 h) arrives before out-for-delivery (+2 h): the order goes to delivered at once,
            // and the late scan only fills in the timeline.
            let delivered = #"{"waybill":"SF100200300","status":"3","time":"\#(Self.iso(hoursFromNow: 3.5))","place":"深圳市福田区","description":"已签收，签收人：本人"}"#
            #expect(try await Self.push(app, delivered)["status"] as? String == "delivered")
            let late = #"{"waybill":"SF100200300","status":"5","time":"\#(Self.chinaTime(hoursFromNow: 2))","place":"深圳市福田区","description":"快递员正在派件"}"#
            let lateReply = try await Self.push(app, late)
            #expect(lateReply.status == .ok && lateReply["status"] as? String == "delivered" && lateReply["duplicate"] as? Bool == false)

            let view = try await app.call(.get, "/api/v1/orders/\(id)", token: token)
            #expect(view["status"] as? String == "delivered")
            let timeline = try #require(view["timeline"] as? [[String: Any]])
            let times = timeline.compactMap { $0["occurredAt"] as? String }
            #expect(times == times.sorted(), "timeline sorted by event time")
            let carrierEvents = timeline.filter { $0["source"] as? String == "carrier" }
            #expect(carrierEvents.count == 3, "picked up, delivered, late out-for-delivery; the duplicate stored once")
            #expect(carrierEvents.first?["place"] as? String == "深圳市南山区")
            #expect(timeline.first?["message"] as? String == "订单已提交，等待付款", "zh-CN by default")
            let english = try await app.call(.get, "/api/v1/orders/\(id)", token: token, headers: [.acceptLanguage: "en-GB,en;q=0.9"])
            #expect((english["timeline"] as? [[String: Any]])?.first?["message"] as? String == "Order placed, waiting for payment")
            #expect(try await app.fixtures.store.ledgerDiscrepancies().isEmpty)
        }
    }

    @Test("callbacks with a bad signature, an unknown waybill, status or time change nothing", arguments: TestDatabase.available)
    func refused(_ database: TestDatabase) async throws {
        try await withApp(database) { app in
            let (id, _) = try await Self.packedOrder(app, waybill: "SF777")
            let before = try await app.snapshot()
            let body = #"{"waybill":"SF777","status":"3","time":"2026-11-25T03:30:00Z","description":"已签收"}"#
            #expect(try await Self.push(app, body, secret: "forged").status == .unauthorized)
            #expect(try await app.call(.post, "/api/v1/carriers/sf/callback", body: body).status == .unauthorized)
            #expect(try await Self.push(app, #"{"waybill":"SF000","status":"3","time":"2026-11-25T03:30:00Z"}"#).status == .notFound)
            #expect(try await Self.push(app, #"{"waybill":"SF777","status":"42","time":"2026-11-25T03:30:00Z"}"#).errorCode == "invalid_field")
            #expect(try await Self.push(app, #"{"waybill":"SF777","status":"3","time":"yesterday"}"#).errorCode == "invalid_field")
            #expect(try await Self.push(app, #"{"waybill":"SF777","status":3}"#).status == .badRequest)
            #expect(try await app.snapshot() == before)
            #expect(try await app.fixtures.store.order(id: id)?.status == .packed)
        }
    }

    @Test("a waybill belongs to one shipment; drivers cannot assign one", arguments: TestDatabase.available)
    func waybillRules(_ database: TestDatabase) async throws {
        try await withApp(database) { app in
            let (first, _) = try await Self.packedOrder(app, waybill: "SF-DUP-1")
            let (second, _) = try await Self.packedOrder(app, waybill: "SF-OTHER")
            let admin = try await app.staff(.admin), driver = try await app.staff(.driver)
            let taken = try await app.call(.post, "/api/v1/admin/orders/\(second)/waybill", token: admin, body: #"{"carrierCode":"sf","waybillNumber":"SF-DUP-1"}"#)
            #expect(taken.errorCode == "waybill_taken")
            #expect(try await app.call(.post, "/api/v1/admin/orders/\(first)/waybill", token: driver, body: #"{"carrierCode":"sf","waybillNumber":"SF-9"}"#).status == .forbidden)
        }
    }
}
