import Foundation
import HTTPTypes
import Logistics
import Server
import Testing
import TestSupport

@Suite("Returns and exchanges")
struct ReturnTests {
    /// A paid order of `lines` (sku: quantity) walked to delivered by an admin at the clock's time.
    func delivered(_ app: Harness, token: String, admin: String, lines: [(String, Int)]) async throws -> (id: String, total: Int) {
        let address = try await app.address(token: token)
        let body = #"{"lines":[\#(lines.map { #"{"sku":"\#($0.0)","quantity":\#($0.1)}"# }.joined(separator: ","))],"addressId":"\#(address)"}"#
        let order = try await app.call(.post, "/api/v1/orders", token: token, body: body)
        let id = try #require(order["id"] as? String, "\(order.text)"), total = try #require(order["totalCents"] as? Int)
        let payment = #"{"orderId":"\#(id)","amountCents":\#(total),"providerRef":"wx-\#(id)"}"#
        #expect(try await app.call(.post, "/api/v1/payments/callback", body: payment, headers: signedHeaders(payment)).status == .ok)
        for step in ["allocated", "picking", "packed", "shipped", "outForDelivery", "delivered"] {
            let moved = try await app.call(.post, "/api/v1/admin/orders/\(id)/transitions", token: admin, body: #"{"to":"\#(step)"}"#)
            #expect(moved.status == .ok, "\(step): \(moved.text)")
        }
        return (id, total)
    }

    func ask(_ app: Harness, _ order: String, token: String, kind: String = "return", reason: String, sku: String = "CB-GBT-5M", quantity: Int = 1,
             unused: Bool = true) async throws -> Reply {
        try await app.call(.post, "/api/v1/orders/\(order)/returns", token: token,
                           body: #"{"kind":"\#(kind)","reason":"\#(reason)","lines":[{"sku":"\#(sku)","quantity":\#(quantity)}],"unused":\#(unused),"detail":"<b>坏了</b>"}"#)
    }

    @Test("a no-reason return in its week: approved by rule, received back to stock, refunded once even when the receipt is repeated",
          arguments: TestDatabase.available)
    func noReasonReturn(_ database: TestDatabase) async throws {
        let clock = ManualClock(Date())
        try await withApp(database, setup: .live, configure: { $0.clock = clock.now; $0.pushPollSeconds = 0.1 }) { app in
            let (token, _) = try await app.customer()
            let admin = try await app.staff(.admin), warehouse = try await app.staff(.warehouse)
            let (order, _) = try await delivered(app, token: token, admin: admin, lines: [("CB-GBT-5M", 3)])
            let onHand = try await app.fixtures.level("CB-GBT-5M").onHand

            clock.advance(minutes: 6.9 * 24 * 60)
            #expect(try await ask(app, order, token: token, reason: "noReason", unused: false).details["reason"] == "used")
            let asked = try await ask(app, order, token: token, reason: "noReason", quantity: 2)
            #expect(asked.status == .created && asked["status"] as? String == "approved" && asked["decidedBy"] as? String == "rule", "\(asked.text)")
            #expect(asked["detail"] as? String == "<b>坏了</b>", "text is stored as given")
            let id = try #require(asked["id"] as? String), refundCents = try #require(asked["refundCents"] as? Int)
            #expect(try await ask(app, order, token: token, reason: "noReason", quantity: 2).details["reason"] == "tooMany", "one left to return, not two")

            let received = try await app.call(.post, "/api/v1/admin/returns/\(id)/receive", token: warehouse, body: #"{"outcome":"restock"}"#)
            #expect(received["status"] as? String == "completed" && received["refundId"] as? String != nil, "\(received.text)")
            let again = try await app.call(.post, "/api/v1/admin/returns/\(id)/receive", token: warehouse, body: #"{"outcome":"restock"}"#)
            #expect(again.status == .ok && again["refundId"] as? String == received["refundId"] as? String, "a repeated receipt changes nothing")
            #expect(try await app.call(.post, "/api/v1/admin/returns/\(id)/receive", token: warehouse, body: #"{"outcome":"scrap"}"#).errorCode == "return_state")
            #expect(try await app.fixtures.level("CB-GBT-5M").onHand == onHand + 2, "back to stock once")
            #expect(try await app.fixtures.store.ledgerDiscrepancies().isEmpty)

            try await waitUntil("the refund is paid") {
                try await app.call(.get, "/api/v1/orders/\(order)/refunds", token: token).items.first?["status"] as? String == "succeeded"
            }
            let refunds = try await app.call(.get, "/api/v1/orders/\(order)/refunds", token: token).items
            #expect(refunds.count == 1 && refunds.first?["amountCents"] as? Int == refundCents)
            let timeline = try await app.call(.get, "/api/v1/orders/\(order)", token: token)["timeline"] as? [[String: Any]] ?? []
            let steps = timeline.filter { $0["tag"] as? String == "returnUpdated" }.compactMap { $0["message"] as? String }
            #expect(steps == ["退货申请已通过，我们将安排取件", "退回的商品已入库检验", "退货完成，退款已发起"], "\(steps)")
            #expect(timeline.contains { $0["tag"] as? String == "refunded" })
            #expect(try await app.call(.get, "/api/v1/returns/\(id)", token: token)["status"] as? String == "completed")
            let (stranger, _) = try await app.customer("stranger")
            #expect(try await app.call(.get, "/api/v1/returns/\(id)", token: stranger).status == .notFound)
            #expect(try await app.call(.get, "/api/v1/orders/\(order)/returns", token: stranger).status == .notFound)
            #expect(try await ask(app, order, token: stranger, reason: "noReason").status == .notFound)
        }
    }

    @Test("own-fleet returns get pickup stops in the next plan: collected ones are on their way back and received from there; a failed pickup is planned again",
          arguments: TestDatabase.available)
    func pickups(_ database: TestDatabase) async throws {
        try await withApp(database, setup: .live, configure: { $0.planPollSeconds = 0.05; $0.clock = morning.clock }) { app in
            let admin = try await app.staff(.admin), dispatcher = try await app.staff(.dispatcher), warehouse = try await app.staff(.warehouse)
            let (driverId, driver) = try await DriverTests().signInDriver(app, "liu")
            let van = #"{"plate":"粤B67890","warehouseId":"wh_nanshan","capacityGrams":800000,"capacityMillilitres":5000000,"driverId":"\#(driverId)"}"#
            #expect(try await app.call(.post, "/api/v1/admin/vehicles", token: dispatcher, body: van).status == .created)
            let (token, _) = try await app.customer()
            let (collected, _) = try await delivered(app, token: token, admin: admin, lines: [("CB-GBT-5M", 2)])
            let (missed, _) = try await delivered(app, token: token, admin: admin, lines: [("CB-GBT-5M", 1)])
            let first = try await ask(app, collected, token: token, reason: "noReason", quantity: 2)
            let second = try await ask(app, missed, token: token, reason: "noReason")
            #expect(first["pickup"] as? String == "ownFleet" && first["status"] as? String == "approved", "\(first.text)")
            let firstId = try #require(first["id"] as? String), secondId = try #require(second["id"] as? String)
            let packed = try await app.packedOrders(1, customer: token, admin: admin)

            let planId = try await app.readyPlan(dispatcher: dispatcher)
            let plan = try await app.call(.get, "/api/v1/admin/dispatch/plans/\(planId)", token: dispatcher)
            let stops = (plan["routes"] as? [[String: Any]] ?? []).flatMap { $0["stops"] as? [[String: Any]] ?? [] }
            let kinds = Dictionary(uniqueKeysWithValues: stops.compactMap { stop in (stop["orderId"] as? String).map { ($0, stop["kind"] as? String ?? "") } })
            #expect(kinds == [collected: "pickup", missed: "pickup", packed[0]: "delivery"], "\(plan.text)")
            let map = try await app.call(.get, "/api/v1/admin/dispatch/plans/\(planId)/map.svg", token: dispatcher)
            #expect(map.text.components(separatedBy: "fill=\"white\" stroke=").count - 1 == 2, "pickups are rings on the map")
            #expect(try await app.call(.post, "/api/v1/admin/dispatch/plans/\(planId)/publish", token: dispatcher)["status"] as? String == "published")

            let route = try await app.call(.get, "/api/v1/driver/routes/today", token: driver)
            let routeId = try #require(route["id"] as? String)
            let stopOf = Dictionary(uniqueKeysWithValues: (route["stops"] as? [[String: Any]] ?? []).compactMap { stop in
                (stop["orderId"] as? String).flatMap { order in (stop["id"] as? String).map { (order, $0) } } })
            #expect(try await app.call(.post, "/api/v1/driver/routes/\(routeId)/start", token: driver)["status"] as? String == "started")
            #expect(try await app.call(.get, "/api/v1/orders/\(packed[0])", token: token)["status"] as? String == "outForDelivery")
            let timeline = { (order: String) async throws -> [String] in
                (try await app.call(.get, "/api/v1/orders/\(order)", token: token)["timeline"] as? [[String: Any]] ?? [])
                    .filter { $0["tag"] as? String == "returnUpdated" }.compactMap { $0["message"] as? String }
            }
            #expect(try await app.call(.get, "/api/v1/orders/\(collected)", token: token)["status"] as? String == "delivered", "a pickup leaves the order delivered")
            let onTheWay = try await timeline(collected)
            #expect(onTheWay.last?.hasPrefix("取件员今天上门收取退回的商品，预计") == true, "\(onTheWay)")

            let pickupStop = try #require(stopOf[collected])
            #expect(try await app.call(.post, "/api/v1/driver/stops/\(pickupStop)/arrive", token: driver)["kind"] as? String == "pickup")
            let handed = try await app.call(.post, "/api/v1/driver/stops/\(pickupStop)/deliver", token: driver, body: #"{"recipientName":"张先生"}"#)
            #expect(handed["status"] as? String == "delivered", "\(handed.text)")
            #expect(try await app.call(.get, "/api/v1/returns/\(firstId)", token: token)["status"] as? String == "pickedUp")
            let collectedSteps = try await timeline(collected)
            #expect(collectedSteps.suffix(2) == ["取件员已到达，请准备好退回的商品", "退回的商品已取走，正在送回仓库"], "\(collectedSteps)")
            let failed = try await app.call(.post, "/api/v1/driver/stops/\(try #require(stopOf[missed]))/fail", token: driver, body: #"{"reason":"无人在家"}"#)
            #expect(failed["status"] as? String == "failed", "\(failed.text)")
            #expect(try await app.call(.get, "/api/v1/returns/\(secondId)", token: token)["status"] as? String == "approved", "a missed pickup stays to collect")
            #expect(try await timeline(missed).last == "本次上门取件未成功（无人在家），我们会再次安排")
            #expect(try await app.call(.get, "/api/v1/orders/\(missed)", token: token)["status"] as? String == "delivered")

            // A customer who sends the goods back by carrier records the waybill: on its way back, no pickup planned.
            let (sent, _) = try await delivered(app, token: token, admin: admin, lines: [("CB-GBT-5M", 1)])
            let sentId = try #require(try await ask(app, sent, token: token, reason: "noReason")["id"] as? String)
            let waybill = "/api/v1/returns/\(sentId)/waybill"
            #expect(try await app.call(.post, waybill, token: token, body: #"{"carrierCode":"sf","waybillNumber":"SF 123"}"#).status == .badRequest, "the document's pattern refuses it")
            let (stranger, _) = try await app.customer("stranger")
            #expect(try await app.call(.post, waybill, token: stranger, body: #"{"carrierCode":"sf","waybillNumber":"SF1234567"}"#).status == .notFound)
            #expect(try await app.call(.post, waybill, token: driver, body: #"{"carrierCode":"sf","waybillNumber":"SF1234567"}"#).status == .forbidden)
            let recorded = try await app.call(.post, waybill, token: token, body: #"{"carrierCode":"SF","waybillNumber":"SF1234567"}"#)
            #expect(recorded["status"] as? String == "pickedUp" && (recorded["returnWaybill"] as? [String: Any])?["carrierCode"] as? String == "sf", "\(recorded.text)")
            #expect(try await app.call(.post, waybill, token: token, body: #"{"carrierCode":"sf","waybillNumber":"SF1234567"}"#).status == .ok, "the same waybill again")
            #expect(try await app.call(.post, waybill, token: token, body: #"{"carrierCode":"sf","waybillNumber":"SF7654321"}"#).errorCode == "return_state")
            #expect(try await timeline(sent).last == "退回的商品已交快递寄回仓库，运单：sf SF1234567")

            // The warehouse receives what the van brought back; the missed one is on the next plan, the collected one is not.
            let onHand = try await app.fixtures.level("CB-GBT-5M").onHand
            let received = try await app.call(.post, "/api/v1/admin/returns/\(firstId)/receive", token: warehouse, body: #"{"outcome":"restock"}"#)
            #expect(received["status"] as? String == "completed", "\(received.text)")
            #expect(try await app.fixtures.level("CB-GBT-5M").onHand == onHand + 2)
            let again = try await app.readyPlan(dispatcher: dispatcher)
            let next = (try await app.call(.get, "/api/v1/admin/dispatch/plans/\(again)", token: dispatcher)["routes"] as? [[String: Any]] ?? [])
                .flatMap { $0["stops"] as? [[String: Any]] ?? [] }.map { "\($0["kind"] ?? ""):\($0["orderId"] ?? "")" }
            #expect(next == ["pickup:\(missed)"], "\(next)")
            #expect(try await app.fixtures.store.ledgerDiscrepancies().isEmpty)
        }
    }

    @Test("windows at their edges; a defect claim waits for an agent; an exchange ships the same goods again; an installed wall box gets a technician",
          arguments: TestDatabase.available)
    func rules(_ database: TestDatabase) async throws {
        let clock = ManualClock(Date())
        try await withApp(database, configure: { $0.clock = clock.now }) { app in
            try await app.fixtures.receive(20, of: "IN-STANDARD")
            let (token, _) = try await app.customer()
            let admin = try await app.staff(.admin), warehouse = try await app.staff(.warehouse), agent = try await app.staff(.agent)
            let notYet = try #require(try await app.placeOrder(token: token, addressId: try await app.address(token: token), sku: "CB-GBT-5M")["id"] as? String)
            #expect(try await ask(app, notYet, token: token, reason: "noReason").details["reason"] == "notDelivered")
            let (order, _) = try await delivered(app, token: token, admin: admin, lines: [("CB-GBT-5M", 4)])

            clock.advance(minutes: 7 * 24 * 60 + 1)
            let late = try await ask(app, order, token: token, reason: "noReason")
            #expect(late.status == .conflict && late.errorCode == "return_refused" && late.details["reason"] == "noReasonWindowClosed", "\(late.text)")
            let claim = try await ask(app, order, token: token, kind: "exchange", reason: "defective")
            #expect(claim["status"] as? String == "requested", "\(claim.text)")
            let claimId = try #require(claim["id"] as? String)
            // The claim's photos: the agent sees them; nobody else; refused uploads keep nothing.
            let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D] + Array("IHDR".utf8) + [UInt8](repeating: 9, count: 40)
            let photos = "/api/v1/returns/\(claimId)/photos"
            let shown = try await app.upload(photos, token: token, bytes: png, contentType: "image/jpeg")
            #expect(shown.status == .created && (shown["photos"] as? [[String: Any]])?.first?["format"] as? String == "png", "\(shown.text)")
            let photoId = try #require((shown["photos"] as? [[String: Any]])?.first?["id"] as? String)
            let (stranger, _) = try await app.customer("stranger")
            #expect(try await app.upload(photos, token: stranger, bytes: png, contentType: "image/png").status == .notFound)
            #expect(try await app.upload(photos, token: agent, bytes: png, contentType: "image/png").status == .forbidden)
            #expect(try await app.upload(photos, token: token, bytes: Array("no photo".utf8), contentType: "image/png").status == .unsupportedMediaType)
            #expect(try await app.upload(photos, token: token, bytes: png + [UInt8](repeating: 0, count: PhotoAttachment.maximumBytes),
                                         contentType: "image/png").status == .contentTooLarge)
            for _ in 1..<ReturnRequest.maximumPhotos { #expect(try await app.upload(photos, token: token, bytes: png, contentType: "image/png").status == .created) }
            #expect(try await app.upload(photos, token: token, bytes: png, contentType: "image/png").errorCode == "photo_limit")
            #expect((try await app.call(.get, "/api/v1/returns/\(claimId)", token: agent)["photos"] as? [[String: Any]])?.count == ReturnRequest.maximumPhotos)
            let fetched = try await app.call(.get, "\(photos)/\(photoId)", token: agent)
            #expect(fetched.status == .ok && fetched.headers[.contentType] == "image/png")
            #expect(try await app.call(.get, "\(photos)/\(photoId)", token: stranger).status == .notFound)
            #expect(try await app.call(.post, "/api/v1/admin/returns/\(claimId)/receive", token: warehouse, body: #"{"outcome":"scrap"}"#).errorCode == "return_state",
                    "not received before it is approved")
            #expect(try await app.call(.post, "/api/v1/admin/returns/\(claimId)/approve", token: warehouse).status == .forbidden)
            #expect(try await app.call(.get, "/api/v1/admin/returns?status=requested", token: agent).items.map { $0["id"] as? String } == [claimId])
            #expect(try await app.call(.post, "/api/v1/admin/returns/\(claimId)/approve", token: agent, body: #"{"note":"photo shows a cracked plug"}"#)["status"] as? String
                    == "approved")
            #expect(try await app.call(.post, "/api/v1/admin/returns/\(claimId)/reject", token: agent).errorCode == "return_state")
            let reserved = try await app.fixtures.level("CB-GBT-5M").reserved, onHand = try await app.fixtures.level("CB-GBT-5M").onHand
            let exchanged = try await app.call(.post, "/api/v1/admin/returns/\(claimId)/receive", token: warehouse, body: #"{"outcome":"scrap"}"#)
            #expect(exchanged["status"] as? String == "completed" && exchanged["refundId"] == nil, "\(exchanged.text)")
            let replacementId = try #require(exchanged["replacementOrderId"] as? String)
            let replacement = try await app.call(.get, "/api/v1/orders/\(replacementId)", token: token)
            #expect(replacement["status"] as? String == "paid" && replacement["totalCents"] as? Int == 0 && (replacement["lines"] as? [[String: Any]])?.first?["sku"] as? String == "CB-GBT-5M")
            let after = try await app.fixtures.level("CB-GBT-5M")
            #expect(after.reserved == reserved + 1 && after.onHand == onHand, "scrapped: nothing back to stock; the replacement reserved")
            #expect(try await app.call(.post, "/api/v1/admin/returns/\(claimId)/receive", token: warehouse, body: #"{"outcome":"scrap"}"#)["replacementOrderId"] as? String
                    == replacementId, "a repeated receipt places no second replacement")
            #expect(try await app.upload(photos, token: token, bytes: png, contentType: "image/png").errorCode == "return_state", "received: no more photos")

            let rejected = try #require(try await ask(app, order, token: token, reason: "damaged")["id"] as? String)
            #expect(try await app.call(.post, "/api/v1/admin/returns/\(rejected)/reject", token: agent)["status"] as? String == "rejected")
            clock.advance(minutes: 8 * 24 * 60 - 2)  // 14 days 23:59 after delivery
            #expect(try await ask(app, order, token: token, reason: "damaged")["status"] as? String == "requested", "a rejected claim frees its units")
            clock.advance(minutes: 2)
            let closed = try await ask(app, order, token: token, reason: "defective")
            #expect(closed.details["reason"] == "defectWindowClosed", "\(closed.text)")

            let (installed, _) = try await delivered(app, token: token, admin: admin, lines: [("WB-7KW-BASIC", 1), ("IN-STANDARD", 1)])
            let technician = try await ask(app, installed, token: token, reason: "defective", sku: "WB-7KW-BASIC")
            #expect(technician.details["reason"] == "installedNeedsTechnician", "\(technician.text)")
            let visit = try await app.call(.get, "/api/v1/conversations/\(technician.details["conversationId"] ?? "")", token: token)
            #expect(visit["category"] as? String == "installation" && visit["handedOver"] as? Bool == true)
        }
    }
}
