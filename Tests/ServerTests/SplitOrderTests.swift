import Foundation
import Testing
import TestSupport

@Suite("Split orders")
struct SplitOrderTests {
    /// A customer's packed order of a cable (stocked at Nanshan only) and `adapters` adapters (stocked here at
    /// Bao'an only), so no warehouse fills it alone, to an address in Xixiang between the two warehouses, so
    /// that each van's trip is worth making today (a far one for an order not yet due would wait for a
    /// fuller day). Returns the order as placed and the customer's token.
    func packedSplitOrder(_ app: Harness, admin: String, adapters: Int = 1) async throws -> (order: Reply, customer: String) {
        try await app.fixtures.receive(10, of: "AD-T2-GBT", in: "wh_baoan")
        let (customer, _) = try await app.customer()
        let address = try await app.call(.post, "/api/v1/me/addresses", token: customer,
                                         body: #"{"recipient":"Han Meimei","phone":"13800000000","region":"Shenzhen Bao'an","detail":"Xixiang Ave 1","latitude":22.63,"longitude":113.89}"#)
        let addressId = try #require(address["id"] as? String, "address: \(address.text)")
        let placed = try await app.call(.post, "/api/v1/orders", token: customer,
                                        body: #"{"lines":[{"sku":"CB-GBT-5M","quantity":1},{"sku":"AD-T2-GBT","quantity":\#(adapters)}],"addressId":"\#(addressId)"}"#)
        let orderId = try #require(placed["id"] as? String, "\(placed.text)")
        #expect(Set((placed["shipments"] as? [[String: Any]] ?? []).compactMap { $0["warehouseId"] as? String }) == ["wh_nanshan", "wh_baoan"])
        for step in ["paid", "allocated", "picking", "packed"] {
            let reply = try await app.call(.post, "/api/v1/admin/orders/\(orderId)/transitions", token: admin, body: #"{"to":"\#(step)"}"#)
            #expect(reply.status == .ok, "\(step): \(reply.text)")
        }
        return (placed, customer)
    }

    /// Today's plan of `warehouseId`, published, and its driver's route started: the order's stop on it.
    func startedStop(_ app: Harness, of orderId: String, warehouseId: String, dispatcher: String, driver: String) async throws -> String {
        let plan = try await app.readyPlan(dispatcher: dispatcher, warehouseId: warehouseId)
        #expect(try await app.call(.post, "/api/v1/admin/dispatch/plans/\(plan)/publish", token: dispatcher)["status"] as? String == "published")
        let route = try await app.call(.get, "/api/v1/driver/routes/today", token: driver)
        let shown = try await app.call(.get, "/api/v1/admin/dispatch/plans/\(plan)", token: dispatcher)
        let routeId = try #require(route["id"] as? String, "no route for the driver: \(shown.text)")
        let stop = try #require((route["stops"] as? [[String: Any]])?.first { $0["orderId"] as? String == orderId }?["id"] as? String, "\(route.text)")
        #expect(try await app.call(.post, "/api/v1/driver/routes/\(routeId)/start", token: driver)["status"] as? String == "started")
        return stop
    }

    @Test("an order split over two warehouses rides two vans and is delivered with its last parcel; a failed parcel goes out again alone; sent back, only what was not delivered is restocked",
          arguments: TestDatabase.available)
    func twoVans(_ database: TestDatabase) async throws {
        try await withApp(database, configure: { $0.planPollSeconds = 0.05; $0.clock = morning.clock }) { app in
            let admin = try await app.staff(.admin), dispatcher = try await app.staff(.dispatcher)
            let (_, nanshanDriver) = try await app.vanWithDriver("ns", plate: "粤B10001", dispatcher: dispatcher)
            let (_, baoanDriver) = try await app.vanWithDriver("ba", plate: "粤B10002", dispatcher: dispatcher, warehouseId: "wh_baoan")
            let (placed, customer) = try await packedSplitOrder(app, admin: admin)
            let orderId = try #require(placed["id"] as? String)
            // Each warehouse plans its own parcel; both vans leave.
            let nanshanStop = try await startedStop(app, of: orderId, warehouseId: "wh_nanshan", dispatcher: dispatcher, driver: nanshanDriver)
            let baoanStop = try await startedStop(app, of: orderId, warehouseId: "wh_baoan", dispatcher: dispatcher, driver: baoanDriver)

            // Nanshan's parcel arrives first: a line of the timeline; the order is still out for delivery.
            let first = try await app.call(.post, "/api/v1/driver/stops/\(nanshanStop)/deliver", token: nanshanDriver, body: #"{"recipientName":"李雷"}"#)
            #expect(first.status == .ok && first["status"] as? String == "delivered", "\(first.text)")
            var order = try await app.call(.get, "/api/v1/orders/\(orderId)", token: customer)
            #expect(order["status"] as? String == "outForDelivery")
            #expect((order["timeline"] as? [[String: Any]] ?? []).contains { ($0["message"] as? String ?? "").hasPrefix("订单的一个包裹已签收") }, "\(order.text)")
            let delivered = Dictionary(uniqueKeysWithValues: (order["shipments"] as? [[String: Any]] ?? []).map { ($0["warehouseId"] as? String ?? "", $0["deliveredAt"] != nil) })
            #expect(delivered == ["wh_nanshan": true, "wh_baoan": false])

            // Bao'an's attempt fails: with nothing else on the road, the order's delivery failed.
            let failed = try await app.call(.post, "/api/v1/driver/stops/\(baoanStop)/fail", token: baoanDriver, body: #"{"reason":"nobody home"}"#)
            #expect(failed.status == .ok, "\(failed.text)")
            #expect(try await app.call(.get, "/api/v1/orders/\(orderId)", token: customer)["status"] as? String == "deliveryFailed")

            // Bao'an's next plan takes its parcel again.
            let again = try await app.readyPlan(dispatcher: dispatcher, warehouseId: "wh_baoan")
            let planned = (try await app.call(.get, "/api/v1/admin/dispatch/plans/\(again)", token: dispatcher)["routes"] as? [[String: Any]] ?? [])
                .flatMap { ($0["stops"] as? [[String: Any]] ?? []).compactMap { $0["orderId"] as? String } }
            #expect(planned == [orderId])

            // Sent back instead: the cable stays with the customer, the adapter returns to Bao'an's stock.
            let cable = try await app.fixtures.level("CB-GBT-5M", in: "wh_nanshan"), adapter = try await app.fixtures.level("AD-T2-GBT", in: "wh_baoan")
            let back = try await app.call(.post, "/api/v1/admin/orders/\(orderId)/transitions", token: admin, body: #"{"to":"returned"}"#)
            #expect(back.status == .ok, "\(back.text)")
            #expect(try await app.fixtures.level("CB-GBT-5M", in: "wh_nanshan").onHand == cable.onHand)
            #expect(try await app.fixtures.level("AD-T2-GBT", in: "wh_baoan").onHand == adapter.onHand + 1)
            order = try await app.call(.get, "/api/v1/orders/\(orderId)", token: customer)
            #expect(order["status"] as? String == "returned")
        }
    }

    @Test("both parcels delivered: the order is delivered once, by the second van, whichever finishes first", arguments: TestDatabase.available)
    func bothDelivered(_ database: TestDatabase) async throws {
        try await withApp(database, configure: { $0.planPollSeconds = 0.05; $0.clock = morning.clock }) { app in
            let admin = try await app.staff(.admin), dispatcher = try await app.staff(.dispatcher)
            let (_, nanshanDriver) = try await app.vanWithDriver("ns", plate: "粤B10003", dispatcher: dispatcher)
            let (_, baoanDriver) = try await app.vanWithDriver("ba", plate: "粤B10004", dispatcher: dispatcher, warehouseId: "wh_baoan")
            let (placed, customer) = try await packedSplitOrder(app, admin: admin, adapters: 2)
            let orderId = try #require(placed["id"] as? String)
            let baoanStop = try await startedStop(app, of: orderId, warehouseId: "wh_baoan", dispatcher: dispatcher, driver: baoanDriver)
            let nanshanStop = try await startedStop(app, of: orderId, warehouseId: "wh_nanshan", dispatcher: dispatcher, driver: nanshanDriver)
            // Both vans at the door at once: one hand-over waits for the other's and the order ends delivered.
            async let a = app.call(.post, "/api/v1/driver/stops/\(baoanStop)/deliver", token: baoanDriver, body: #"{"recipientName":"韩梅梅"}"#)
            async let b = app.call(.post, "/api/v1/driver/stops/\(nanshanStop)/deliver", token: nanshanDriver, body: #"{"recipientName":"韩梅梅"}"#)
            let (first, second) = try await (a, b)
            #expect(first.status == .ok && second.status == .ok, "\(first.text) \(second.text)")
            let order = try await app.call(.get, "/api/v1/orders/\(orderId)", token: customer)
            #expect(order["status"] as? String == "delivered", "\(order.text)")
            let timeline = order["timeline"] as? [[String: Any]] ?? []
            #expect(timeline.filter { $0["status"] as? String == "delivered" }.count == 1)
            #expect(timeline.filter { ($0["message"] as? String ?? "").hasPrefix("订单的一个包裹已签收") }.count == 1)
        }
    }

    @Test("a split order's parcel with a carrier: its delivered scan leaves the order out for delivery; the van's parcel, planned although the order is out, completes it",
          arguments: TestDatabase.available)
    func carrierParcel(_ database: TestDatabase) async throws {
        try await withApp(database, configure: { $0.planPollSeconds = 0.05; $0.clock = morning.clock }) { app in
            let admin = try await app.staff(.admin), dispatcher = try await app.staff(.dispatcher)
            let (_, driver) = try await app.vanWithDriver("ns", plate: "粤B10005", dispatcher: dispatcher)
            let (placed, customer) = try await packedSplitOrder(app, admin: admin)
            let orderId = try #require(placed["id"] as? String)
            let baoan = try #require((placed["shipments"] as? [[String: Any]])?.first { $0["warehouseId"] as? String == "wh_baoan" }?["id"] as? String)
            let assigned = try await app.call(.post, "/api/v1/admin/orders/\(orderId)/waybill", token: admin,
                                              body: #"{"shipmentId":"\#(baoan)","carrierCode":"SF","waybillNumber":"SF700800900"}"#)
            #expect(assigned.status == .ok, "\(assigned.text)")
            let scan = #"{"waybill":"SF700800900","status":"3","time":"\#(morning.now().formatted(.iso8601))","place":"深圳市宝安区","description":"已签收，签收人：本人"}"#
            let scanned = try await CarrierTests.push(app, scan)
            #expect(scanned.status == .ok && scanned["status"] as? String == "outForDelivery", "\(scanned.text)")

            let stop = try await startedStop(app, of: orderId, warehouseId: "wh_nanshan", dispatcher: dispatcher, driver: driver)
            #expect(try await app.call(.post, "/api/v1/driver/stops/\(stop)/deliver", token: driver, body: #"{"recipientName":"韩梅梅"}"#).status == .ok)
            let order = try await app.call(.get, "/api/v1/orders/\(orderId)", token: customer)
            #expect(order["status"] as? String == "delivered", "\(order.text)")
            #expect((order["shipments"] as? [[String: Any]] ?? []).allSatisfy { $0["deliveredAt"] != nil })
        }
    }
}
