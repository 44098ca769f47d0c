import Foundation
import HTTPTypes
import Logistics
import Server
import Testing
import TestSupport

@Suite("Where is my order (API)")
struct ExplanationTests {
    @Test("a customer asks about their own order in either language; a failed attempt is named as the cause; others get a 404",
          arguments: TestDatabase.available)
    func explanation(_ database: TestDatabase) async throws {
        try await withApp(database) { app in
            let (token, _) = try await app.customer()
            let id = try #require(try await app.placeOrder(token: token, addressId: try await app.address(token: token))["id"] as? String)
            let waiting = try await app.call(.get, "/api/v1/orders/\(id)/explanation", token: token)
            #expect(waiting.status == .ok, "\(waiting.text)")
            #expect(waiting["status"] as? String == "pendingPayment" && waiting["language"] as? String == "zh-CN" && waiting["delayReason"] == nil)
            #expect((waiting["text"] as? String)?.hasPrefix("订单待付款") == true, "\(waiting.text)")
            let english = try await app.call(.get, "/api/v1/orders/\(id)/explanation", token: token, headers: [.acceptLanguage: "en-GB,en;q=0.9"])
            #expect((english["text"] as? String)?.hasPrefix("Your order is waiting for payment") == true && english["language"] as? String == "en")

            let admin = try await app.staff(.admin)
            for step in ["paid", "allocated", "picking", "packed", "shipped", "outForDelivery", "deliveryFailed"] {
                #expect(try await app.call(.post, "/api/v1/admin/orders/\(id)/transitions", token: admin, body: #"{"to":"\#(step)"}"#).status == .ok, "\(step)")
            }
            let failed = try await app.call(.get, "/api/v1/orders/\(id)/explanation", token: token)
            #expect(failed["delayReason"] as? String == "failedAttempt" && (failed["text"] as? String)?.contains("本次派送未成功") == true, "\(failed.text)")
            #expect(try await app.call(.get, "/api/v1/orders/\(id)/explanation", token: try await app.staff(.agent))["status"] as? String == "deliveryFailed")

            let (stranger, _) = try await app.customer("stranger")
            #expect(try await app.call(.get, "/api/v1/orders/\(id)/explanation", token: stranger).status == .notFound)
            #expect(try await app.call(.get, "/api/v1/orders/ord_nothing/explanation", token: token).status == .notFound)
        }
    }
}
