import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logistics
import NIOCore
import Server
import Synchronization
import Testing
import TestSupport

/// A merchant system's webhook endpoint: checks every signature, records what it accepted, and can be
/// switched off (503) to play a receiver that is down.
final class WebhookReceiver: Sendable {
    struct Received: Sendable {
        var type: String
        var eventId: String
        var orderId: String
        var position: Int64
        var deliveryId: String
        var alertId: String?
    }

    let secret = Mutex("")
    let down = Mutex(true)
    let accepted = Mutex<[Received]>([])
    let refused = Mutex(0)
    let badSignatures = Mutex(0)

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.post("/hook") { request, context -> HTTPResponse.Status in
            let body = Data(buffer: try await request.body.collect(upTo: 1 << 20))
            let timestamp = request.headers[HTTPField.Name(WebhookSignature.timestampHeader)!] ?? ""
            let signature = request.headers[HTTPField.Name(WebhookSignature.signatureHeader)!] ?? ""
            guard WebhookSignature.verify(body: body, timestamp: timestamp, signature: signature, secret: self.secret.withLock { $0 }) else {
                self.badSignatures.withLock { $0 += 1 }
                return .unauthorized
            }
            if self.down.withLock({ $0 }) {
                self.refused.withLock { $0 += 1 }
                return .serviceUnavailable
            }
            let json = try JSONSerialization.jsonObject(with: body) as? [String: Any] ?? [:]
            let event = json["event"] as? [String: Any] ?? [:]
            let alert = json["alert"] as? [String: Any]
            let type = json["type"] as? String ?? ""
            guard type == request.headers[HTTPField.Name("X-ChargeMall-Topic")!] else { return .badRequest }
            self.accepted.withLock {
                $0.append(Received(type: type, eventId: event["id"] as? String ?? "", orderId: json["orderId"] as? String ?? "",
                                   position: (json["position"] as? NSNumber)?.int64Value ?? -1, deliveryId: json["id"] as? String ?? "",
                                   alertId: alert?["id"] as? String))
            }
            return .ok
        }
        return router
    }

    /// Runs the receiver on a free port for the duration of `body`.
    func serve(_ body: @escaping @Sendable (Int) async throws -> Void) async throws {
        let app = Application(router: router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in try await body(try #require(client.port)) }
    }
}

/// Polls `condition` until it holds; a minute before giving up, because a loaded CI machine (both databases, the
/// solver and the fuzzer's build on two cores) is slow, and a condition that holds returns at once.
func waitUntil(within seconds: Double = 60, _ what: String, _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while try await !condition() {
        guard ContinuousClock.now < deadline else {
            Issue.record("timed out waiting for: \(what)")
            return
        }
        try await Task.sleep(for: .milliseconds(25))
    }
}

@Suite("Webhooks")
struct WebhookTests {
    static func fastRetries(_ configuration: inout AppConfiguration, attempts: Int = 1000) {
        configuration.pushPollSeconds = 0.05
        configuration.retryPolicy = RetryPolicy(baseDelay: 0.02, maximumDelay: 0.2, maximumAttempts: attempts)
    }

    @Test("a receiver that is down for a while gets every event once it is back, each once, in order per order, signed", arguments: TestDatabase.available)
    func downThenBack(_ database: TestDatabase) async throws {
        let receiver = WebhookReceiver()
        try await receiver.serve { hookPort in
            // Delivery is at least once: an attempt that times out is sent again even if the receiver got it. On a
            // loaded CI machine this in-process receiver can take seconds to answer, so the attempt timeout is long
            // here; "each once" is then what the queue itself guarantees.
            try await withApp(database, configure: { Self.fastRetries(&$0); $0.webhookTimeoutSeconds = 60 }) { app in
                let admin = try await app.staff(.admin)
                let created = try await app.call(.post, "/api/v1/admin/webhooks", token: admin, body: #"{"name":"ERP","url":"http://127.0.0.1:\#(hookPort)/hook"}"#)
                #expect(created.status == .created, "\(created.text)")
                receiver.secret.withLock { $0 = created["secret"] as? String ?? "" }
                #expect((created["secret"] as? String)?.hasPrefix("whsec_") == true)
                let listed = try await app.call(.get, "/api/v1/admin/webhooks", token: admin)
                #expect(listed.items.count == 1 && listed.items[0]["secret"] == nil, "the secret is shown only once")

                let (token, _) = try await app.customer()
                let address = try await app.address(token: token)
                var orders: [String] = []
                for _ in 0..<3 { orders.append(try #require(try await app.placeOrder(token: token, addressId: address)["id"] as? String)) }
                for id in orders { #expect(try await app.call(.post, "/api/v1/admin/orders/\(id)/transitions", token: admin, body: #"{"to":"paid"}"#).status == .ok) }
                #expect(try await app.call(.post, "/api/v1/orders/\(orders[0])/cancel", token: admin, body: "{}").status == .ok)
                let expected = 7

                // While it is down, attempts pile up and back off; nothing is accepted.
                try await waitUntil(within: 60, "every event queued and tried more than once") {
                    let pending = try await app.call(.get, "/api/v1/admin/deliveries?status=pending&limit=100", token: admin).items
                    return pending.filter { $0["channel"] as? String == "webhook" }.count == expected && receiver.refused.withLock { $0 } >= 12
                }
                #expect(receiver.accepted.withLock { $0.isEmpty })

                receiver.down.withLock { $0 = false }
                try await waitUntil(within: 60, "every event delivered") { Set(receiver.accepted.withLock { $0 }.map(\.eventId)).count >= expected }
                try await Task.sleep(for: .milliseconds(300))
                let accepted = receiver.accepted.withLock { $0 }
                #expect(accepted.count == expected, "each event once")
                #expect(Set(accepted.map(\.eventId)).count == expected)
                for id in orders {
                    let positions = accepted.filter { $0.orderId == id }.map(\.position)
                    #expect(positions == positions.sorted(), "events of one order arrive in order")
                    let timeline = try #require(try await app.fixtures.store.order(id: id)).timeline.map(\.id)
                    #expect(Set(accepted.filter { $0.orderId == id }.map(\.eventId)) == Set(timeline))
                }
                #expect(receiver.badSignatures.withLock { $0 } == 0)
                // The worker records a batch's successes once the whole batch is done.
                var delivered = try await app.call(.get, "/api/v1/admin/deliveries?status=delivered&limit=100", token: admin)
                try await waitUntil("every delivery recorded") {
                    delivered = try await app.call(.get, "/api/v1/admin/deliveries?status=delivered&limit=100", token: admin)
                    return delivered.items.filter { $0["channel"] as? String == "webhook" }.count >= expected
                        && delivered.items.filter { $0["channel"] as? String == "customerMessage" }.count >= expected
                }
                #expect(delivered.items.filter { $0["channel"] as? String == "webhook" }.count == expected)
                #expect(delivered.items.filter { $0["channel"] as? String == "customerMessage" }.count == expected, "the customer was told of each step too")
            }
        }
    }

    @Test("after the last attempt a delivery is dead, listed for admins, and can be sent again", arguments: TestDatabase.available)
    func deadLetters(_ database: TestDatabase) async throws {
        let receiver = WebhookReceiver()
        try await receiver.serve { hookPort in
            try await withApp(database, configure: { Self.fastRetries(&$0, attempts: 3) }) { app in
                let admin = try await app.staff(.admin)
                let created = try await app.call(.post, "/api/v1/admin/webhooks", token: admin, body: #"{"name":"ERP","url":"http://127.0.0.1:\#(hookPort)/hook"}"#)
                receiver.secret.withLock { $0 = created["secret"] as? String ?? "" }
                let (token, _) = try await app.customer()
                _ = try await app.placeOrder(token: token, addressId: try await app.address(token: token))

                var dead: [[String: Any]] = []
                try await waitUntil("a dead letter") {
                    dead = try await app.call(.get, "/api/v1/admin/deliveries?status=dead", token: admin).items
                    return !dead.isEmpty
                }
                let letter = try #require(dead.first)
                #expect(letter["attempts"] as? Int == 3)
                #expect(letter["lastError"] as? String == "HTTP 503")
                #expect(receiver.refused.withLock { $0 } == 3)
                let id = try #require(letter["id"] as? Int)

                let agent = try await app.staff(.agent)
                #expect(try await app.call(.get, "/api/v1/admin/deliveries?status=dead", token: agent).status == .forbidden)
                #expect(try await app.call(.get, "/api/v1/admin/deliveries?status=lost", token: admin).status == .badRequest)
                #expect(try await app.call(.post, "/api/v1/admin/deliveries/999999/retry", token: admin).status == .notFound)

                receiver.down.withLock { $0 = false }
                let retried = try await app.call(.post, "/api/v1/admin/deliveries/\(id)/retry", token: admin)
                #expect(retried.status == .ok, "\(retried.text)")
                try await waitUntil("the retried delivery arrives") { receiver.accepted.withLock { $0.count } == 1 }
                #expect(try await app.call(.post, "/api/v1/admin/deliveries/\(id)/retry", token: admin).status == .conflict, "only dead ones are sent again")

                // Bad subscriptions are refused by the document's schema, naming the field, and change nothing.
                for (body, field) in [(#"{"name":"x","url":"ftp://example.com/h"}"#, "url"), (#"{"name":"","url":"http://example.com/h"}"#, "name"),
                                      (#"{"name":"x","url":"not a url"}"#, "url")] {
                    let refused = try await app.call(.post, "/api/v1/admin/webhooks", token: admin, body: body)
                    #expect(refused.status == .badRequest && refused.text.contains(#""field":"\#(field)""#), "\(body): \(refused.text)")
                }
                #expect(try await app.call(.post, "/api/v1/admin/webhooks", token: agent, body: #"{"name":"x","url":"http://example.com/h"}"#).status == .forbidden)
                let hookId = try #require(created["id"] as? String)
                #expect(try await app.call(.delete, "/api/v1/admin/webhooks/\(hookId)", token: admin).status == .noContent)
                #expect(try await app.call(.delete, "/api/v1/admin/webhooks/whk_missing", token: admin).status == .notFound)
                #expect(try await app.call(.get, "/api/v1/admin/webhooks", token: admin).items.first?["active"] as? Bool == false)
            }
        }
    }

    @Test("a raised stock alert reaches the subscribers that take stock alerts, signed, once; the others get only tracking events",
          arguments: TestDatabase.available)
    func stockAlerts(_ database: TestDatabase) async throws {
        let stock = WebhookReceiver(), orders = WebhookReceiver()
        stock.down.withLock { $0 = false }
        orders.down.withLock { $0 = false }
        try await stock.serve { stockPort in
            try await orders.serve { ordersPort in
                try await withApp(database, configure: { Self.fastRetries(&$0) }) { app in
                    let admin = try await app.staff(.admin)
                    let a = try await app.call(.post, "/api/v1/admin/webhooks", token: admin,
                                               body: #"{"name":"Purchasing","url":"http://127.0.0.1:\#(stockPort)/hook","topics":["stock.alert"]}"#)
                    #expect(a.status == .created && a["topics"] as? [String] == ["stock.alert"], "\(a.text)")
                    stock.secret.withLock { $0 = a["secret"] as? String ?? "" }
                    let b = try await app.call(.post, "/api/v1/admin/webhooks", token: admin,
                                               body: #"{"name":"CRM","url":"http://127.0.0.1:\#(ordersPort)/hook","topics":["order.tracking"]}"#)
                    orders.secret.withLock { $0 = b["secret"] as? String ?? "" }
                    let none = try await app.call(.post, "/api/v1/admin/webhooks", token: admin, body: #"{"name":"X","url":"http://127.0.0.1:9/h","topics":[]}"#)
                    #expect(none.status == .unprocessableContent || none.status == .badRequest, "an empty topic list is refused: \(none.text)")

                    // A surge: a steady two a day for 100 days, then 32 sold today.
                    let today = PlanningDay(containing: Date())
                    try await app.fixtures.store.importDemand(InventoryTests.history(sku: "CB-GBT-5M", warehouseId: InventoryTests.nanshan, days: 100,
                                                                                      weekly: 14, today: today))
                    let (token, _) = try await app.customer()
                    let address = try await app.address(token: token)
                    for _ in 0..<8 { #expect(try await app.placeOrder(token: token, addressId: address, sku: "CB-GBT-5M", quantity: 4).status == .created) }
                    let raised = try await StockSignalService(store: app.fixtures.store).scanSurges()
                    let alert = try #require(raised.first)
                    #expect(try await StockSignalService(store: app.fixtures.store).scanSurges().isEmpty, "raised once")

                    try await waitUntil("the stock alert delivered") { stock.accepted.withLock { $0.count } >= 1 }
                    try await waitUntil("the orders' events delivered") { orders.accepted.withLock { $0.count } >= 8 }
                    try await Task.sleep(for: .milliseconds(300))
                    let toPurchasing = stock.accepted.withLock { $0 }
                    #expect(toPurchasing.count == 1 && toPurchasing.first?.type == "stock.alert" && toPurchasing.first?.alertId == alert.id)
                    #expect(orders.accepted.withLock { $0 }.allSatisfy { $0.type == "order.tracking" }, "a tracking-only subscriber gets no stock alert")
                    #expect(stock.badSignatures.withLock { $0 } == 0 && orders.badSignatures.withLock { $0 } == 0)

                    // The worker records a batch's successes after the whole batch: wait for that too.
                    var listed = try await app.call(.get, "/api/v1/admin/deliveries?topic=stock.alert", token: admin)
                    try await waitUntil("the stock alert's delivery recorded") {
                        listed = try await app.call(.get, "/api/v1/admin/deliveries?topic=stock.alert", token: admin)
                        return listed.items.first?["status"] as? String == "delivered"
                    }
                    #expect(listed.items.count == 1)
                    #expect(listed.items.first?["eventId"] as? String == alert.id && listed.items.first?["orderId"] == nil
                            && listed.items.first?["status"] as? String == "delivered", "\(listed.text)")
                    #expect(try await app.call(.get, "/api/v1/admin/deliveries?topic=parcel", token: admin).status == .badRequest)
                }
            }
        }
    }
}
