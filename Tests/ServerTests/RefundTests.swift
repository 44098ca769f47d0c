import Foundation
import HTTPTypes
import Logistics
import Server
import Synchronization
import Testing
import TestSupport

/// A payment provider that refuses the first `failures` calls of each refund.
final class FlakyProvider: PaymentProvider {
    let failures: Int
    private let calls = Mutex<[String: Int]>([:])

    init(failures: Int) { self.failures = failures }

    func refund(_ refund: Refund) async throws -> String {
        let call = calls.withLock { calls in
            calls[refund.id, default: 0] += 1
            return calls[refund.id]!
        }
        guard call > failures else { throw ProviderRefused(call: call) }
        return "wx-refund-\(refund.id)"
    }

    func calls(_ id: String) -> Int { calls.withLock { $0[id] ?? 0 } }

    struct ProviderRefused: Error { let call: Int }
}

@Suite("Cancellation and refunds")
struct RefundTests {
    func paidOrder(_ app: Harness, token: String) async throws -> (id: String, total: Int) {
        let order = try await app.placeOrder(token: token, addressId: try await app.address(token: token), quantity: 2)
        let id = try #require(order["id"] as? String), total = try #require(order["totalCents"] as? Int)
        let body = #"{"orderId":"\#(id)","amountCents":\#(total),"providerRef":"wx-\#(id)"}"#
        #expect(try await app.call(.post, "/api/v1/payments/callback", body: body, headers: signedHeaders(body)).status == .ok)
        return (id, total)
    }

    func waitFor(_ app: Harness, _ path: String, token: String, _ condition: (Reply) -> Bool) async throws -> Reply {
        let deadline = ContinuousClock.now + .seconds(30)
        while true {
            let reply = try await app.call(.get, path, token: token)
            if condition(reply) || ContinuousClock.now > deadline { return reply }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    @Test("a customer cancels a paid order while it is picked: stock released, refund recorded with the step, paid, and told in the timeline",
          arguments: TestDatabase.available)
    func cancelWhilePicking(_ database: TestDatabase) async throws {
        let provider = FlakyProvider(failures: 1)
        try await withApp(database, setup: .live, configure: {
            $0.pushPollSeconds = 0.1
            $0.paymentProvider = provider
            $0.retryPolicy = RetryPolicy(baseDelay: 0.05, maximumDelay: 0.1, maximumAttempts: 5)
        }) { app in
            let (token, _) = try await app.customer()
            let warehouse = try await app.staff(.warehouse)
            let (id, total) = try await paidOrder(app, token: token)
            for status in ["allocated", "picking"] {
                #expect(try await app.call(.post, "/api/v1/admin/orders/\(id)/transitions", token: warehouse, body: #"{"to":"\#(status)"}"#).status == .ok)
            }
            #expect(try await app.fixtures.level("WB-7KW-BASIC").reserved == 2)
            let cancelled = try await app.call(.post, "/api/v1/orders/\(id)/cancel", token: token, body: #"{"reason":"买错了型号"}"#)
            #expect(cancelled["status"] as? String == "cancelled", "\(cancelled.text)")
            #expect(try await app.fixtures.level("WB-7KW-BASIC").reserved == 0, "the stock is free for others at once")

            let refunds = try await waitFor(app, "/api/v1/orders/\(id)/refunds", token: token) { $0.items.first?["status"] as? String == "succeeded" }
            let refund = try #require(refunds.items.first)
            #expect(refunds.items.count == 1 && refund["amountCents"] as? Int == total && refund["reason"] as? String == "买错了型号", "\(refunds.text)")
            #expect(refund["attempts"] as? Int == 2 && refund["providerReference"] as? String == "wx-refund-\(refund["id"] as? String ?? "")",
                    "the provider refused once; the worker tried again")
            let order = try await waitFor(app, "/api/v1/orders/\(id)", token: token) {
                ($0["timeline"] as? [[String: Any]] ?? []).contains { $0["tag"] as? String == "refunded" }
            }
            let told = try #require((order["timeline"] as? [[String: Any]] ?? []).first { $0["tag"] as? String == "refunded" })
            #expect((told["message"] as? String)?.hasPrefix("退款 ¥") == true && told["status"] as? String == "cancelled", "\(told)")
            #expect(try await app.fixtures.store.ledgerDiscrepancies().isEmpty)
            let admin = try await app.staff(.admin)
            #expect(try await app.call(.get, "/api/v1/admin/refunds?status=succeeded", token: admin).items.map { $0["orderId"] as? String } == [id])
            #expect(try await app.call(.get, "/api/v1/admin/refunds", token: token).status == .forbidden)
            let (stranger, _) = try await app.customer("stranger")
            #expect(try await app.call(.get, "/api/v1/orders/\(id)/refunds", token: stranger).status == .notFound)
        }
    }

    @Test("after shipping a customer's cancel is refused with what to do instead; an unpaid cancel owes nothing; a provider that keeps refusing leaves the refund failed for an admin",
          arguments: TestDatabase.available)
    func limits(_ database: TestDatabase) async throws {
        let provider = FlakyProvider(failures: 1000)
        try await withApp(database, setup: .live, configure: {
            $0.pushPollSeconds = 0.1
            $0.paymentProvider = provider
            $0.retryPolicy = RetryPolicy(baseDelay: 0.02, maximumDelay: 0.05, maximumAttempts: 3)
        }) { app in
            let (token, _) = try await app.customer()
            let warehouse = try await app.staff(.warehouse), admin = try await app.staff(.admin)
            let (shipped, _) = try await paidOrder(app, token: token)
            for status in ["allocated", "picking", "packed", "shipped"] {
                #expect(try await app.call(.post, "/api/v1/admin/orders/\(shipped)/transitions", token: warehouse, body: #"{"to":"\#(status)"}"#).status == .ok)
            }
            let refused = try await app.call(.post, "/api/v1/orders/\(shipped)/cancel", token: token)
            #expect(refused.status == .conflict && refused.errorCode == "cancellation_closed" && refused.text.contains("return"), "\(refused.text)")

            let unpaid = try #require(try await app.placeOrder(token: token, addressId: try await app.address(token: token))["id"] as? String)
            #expect(try await app.call(.post, "/api/v1/orders/\(unpaid)/cancel", token: token).status == .ok)
            #expect(try await app.call(.get, "/api/v1/orders/\(unpaid)/refunds", token: token).items.isEmpty)

            let (paid, _) = try await paidOrder(app, token: token)
            #expect(try await app.call(.post, "/api/v1/orders/\(paid)/cancel", token: token).status == .ok)
            let failed = try await waitFor(app, "/api/v1/admin/refunds?status=failed", token: admin) { !$0.items.isEmpty }
            let refund = try #require(failed.items.first)
            #expect(refund["orderId"] as? String == paid && refund["attempts"] as? Int == 3 && (refund["lastError"] as? String)?.contains("ProviderRefused") == true,
                    "\(failed.text)")
            #expect(provider.calls(refund["id"] as? String ?? "") == 3)
        }
    }
}
