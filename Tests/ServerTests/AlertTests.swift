import Foundation
import HTTPTypes
import Logistics
import Server
import Testing
import TestSupport

@Suite("Alerts")
struct AlertTests {
    @Test("a stuck order and a failed delivery are raised once, told to the customer, and worked on the board", arguments: TestDatabase.available)
    func board(_ database: TestDatabase) async throws {
        try await withApp(database, configure: {
            $0.alertScanSeconds = 0.1
            // Seconds, not hours, so the test sees an order get stuck.
            $0.alertRules = AlertRules(stuckHours: [.paid: 0.3 / 3600])
        }) { app in
            let admin = try await app.staff(.admin), agent = try await app.staff(.agent)
            let (token, _) = try await app.customer()
            let address = try await app.address(token: token)
            let stuck = try #require(try await app.placeOrder(token: token, addressId: address)["id"] as? String)
            let failed = try #require(try await app.placeOrder(token: token, addressId: address)["id"] as? String)
            for id in [stuck, failed] {
                #expect(try await app.call(.post, "/api/v1/admin/orders/\(id)/transitions", token: admin, body: #"{"to":"paid"}"#).status == .ok)
            }
            for step in ["allocated", "picking", "packed", "shipped", "outForDelivery", "deliveryFailed"] {
                let reply = try await app.call(.post, "/api/v1/admin/orders/\(failed)/transitions", token: admin, body: #"{"to":"\#(step)"}"#)
                #expect(reply.status == .ok, "\(step): \(reply.text)")
            }

            // (Under load the other order may also sit in `paid` long enough to be stuck; only the kinds asked for count.)
            var alerts: [[String: Any]] = []
            try await waitUntil("both alerts") {
                alerts = try await app.call(.get, "/api/v1/admin/alerts?limit=100", token: agent).items
                let keys = Set(alerts.map { "\($0["orderId"] as? String ?? "") \($0["kind"] as? String ?? "")" })
                return keys.isSuperset(of: ["\(stuck) stuck", "\(failed) deliveryFailed"])
            }
            #expect(alerts.allSatisfy { $0["state"] as? String == "open" })

            // The customer was told why, in their language.
            let zh = try await app.call(.get, "/api/v1/orders/\(failed)", token: token)
            let delayed = (zh["timeline"] as? [[String: Any]] ?? []).filter { $0["tag"] as? String == "delayed" && $0["note"] as? String == "deliveryFailed" }
            #expect(delayed.count == 1)
            #expect(delayed.first?["message"] as? String == "本次派送未成功，我们会尽快与您联系安排再次派送")
            let en = try await app.call(.get, "/api/v1/orders/\(stuck)", token: token, headers: [.acceptLanguage: "en"])
            #expect((en["timeline"] as? [[String: Any]] ?? []).last?["message"] as? String == "your order is taking longer than usual in the warehouse; we have asked them to prioritise it")

            // Filters, and refusals that change nothing.
            #expect(try await app.call(.get, "/api/v1/admin/alerts?kind=stuck", token: agent).items.map { $0["orderId"] as? String }.contains(stuck))
            #expect(try await app.call(.get, "/api/v1/admin/alerts?state=resolved", token: agent).items.isEmpty)
            #expect(try await app.call(.get, "/api/v1/admin/alerts?kind=slow", token: agent).status == .badRequest)
            #expect(try await app.call(.get, "/api/v1/admin/alerts", token: token).status == .forbidden)
            #expect(try await app.call(.post, "/api/v1/admin/alerts/alr_missing/acknowledge", token: agent).status == .notFound)

            let id = try #require(alerts.first { $0["kind"] as? String == "deliveryFailed" }?["id"] as? String)
            #expect(try await app.call(.post, "/api/v1/admin/alerts/\(id)/resolve", token: token, body: "{}").status == .forbidden)
            let acknowledged = try await app.call(.post, "/api/v1/admin/alerts/\(id)/acknowledge", token: agent)
            #expect(acknowledged.status == .ok, "\(acknowledged.text)")
            #expect(acknowledged["state"] as? String == "acknowledged")
            #expect(try await app.call(.post, "/api/v1/admin/alerts/\(id)/acknowledge", token: agent).status == .conflict)
            let resolved = try await app.call(.post, "/api/v1/admin/alerts/\(id)/resolve", token: agent, body: #"{"note":"called the customer, new slot tomorrow"}"#)
            #expect(resolved["state"] as? String == "resolved")
            #expect(resolved["resolution"] as? String == "called the customer, new slot tomorrow")

            // Scans keep running: the resolved problem is not raised again while the order stays put.
            try await Task.sleep(for: .milliseconds(500))
            #expect(try await app.call(.get, "/api/v1/admin/alerts?orderId=\(failed)&kind=deliveryFailed", token: agent).items.count == 1)
            let again = try await app.call(.get, "/api/v1/orders/\(failed)", token: token)
            #expect((again["timeline"] as? [[String: Any]] ?? []).filter { $0["tag"] as? String == "delayed" && $0["note"] as? String == "deliveryFailed" }.count == 1,
                    "the customer is told once")

            // Delivering the stuck order closes its alert by itself.
            for step in ["allocated", "picking", "packed", "shipped", "outForDelivery", "delivered"] {
                #expect(try await app.call(.post, "/api/v1/admin/orders/\(stuck)/transitions", token: admin, body: #"{"to":"\#(step)"}"#).status == .ok)
            }
            try await waitUntil("the stuck alert resolves") {
                try await app.call(.get, "/api/v1/admin/alerts?orderId=\(stuck)", token: agent).items.allSatisfy { $0["state"] as? String == "resolved" }
            }
        }
    }
}
