import Crypto
import Foundation
import HTTPTypes
import Testing
import TestSupport

func signedHeaders(_ body: String, secret: String = paymentSecret, at time: Date = Date(), prefix: String = "X-Payment") -> HTTPFields {
    let timestamp = String(Int(time.timeIntervalSince1970))
    let mac = HMAC<SHA256>.authenticationCode(for: Data((timestamp + "." + body).utf8), using: SymmetricKey(data: Data(secret.utf8)))
    var headers = HTTPFields()
    headers[.init("\(prefix)-Timestamp")!] = timestamp
    headers[.init("\(prefix)-Signature")!] = mac.map { String(format: "%02x", $0) }.joined()
    return headers
}

@Suite("Payment callback")
struct PaymentTests {
    @Test("only a fresh, correctly signed callback pays; repeating it is harmless; a wrong amount is refused", arguments: TestDatabase.available)
    func callback(_ database: TestDatabase) async throws {
        try await withApp(database) { app in
            let (token, _) = try await app.customer()
            let address = try await app.address(token: token)
            let order = try await app.placeOrder(token: token, addressId: address, quantity: 2)
            let id = try #require(order["id"] as? String), total = try #require(order["totalCents"] as? Int)
            let body = #"{"orderId":"\#(id)","amountCents":\#(total),"providerRef":"wx-4200001"}"#

            #expect(try await app.call(.post, "/api/v1/payments/callback", body: body).status == .unauthorized)
            #expect(try await app.call(.post, "/api/v1/payments/callback", body: body, headers: signedHeaders(body, secret: "guess")).status == .unauthorized)
            #expect(try await app.call(.post, "/api/v1/payments/callback", body: body, headers: signedHeaders(body, at: Date(timeIntervalSinceNow: -3600))).status == .unauthorized)
            let tampered = body.replacingOccurrences(of: "\(total)", with: "1")
            #expect(try await app.call(.post, "/api/v1/payments/callback", body: tampered, headers: signedHeaders(body)).status == .unauthorized)
            #expect(try await app.fixtures.store.order(id: id)?.status == .pendingPayment)

            let paid = try await app.call(.post, "/api/v1/payments/callback", body: body, headers: signedHeaders(body))
            #expect(paid.status == .ok && paid["status"] as? String == "paid")
            let again = try await app.call(.post, "/api/v1/payments/callback", body: body, headers: signedHeaders(body))
            #expect(again.status == .ok && again["status"] as? String == "paid")
            #expect(try await app.fixtures.store.order(id: id)?.timeline.count == 2)

            let other = try await app.placeOrder(token: token, addressId: address)
            let otherId = try #require(other["id"] as? String)
            let short = #"{"orderId":"\#(otherId)","amountCents":1,"providerRef":"wx-2"}"#
            #expect(try await app.call(.post, "/api/v1/payments/callback", body: short, headers: signedHeaders(short)).errorCode == "amount_mismatch")
            let unknown = #"{"orderId":"ord_nope","amountCents":1,"providerRef":"wx-3"}"#
            #expect(try await app.call(.post, "/api/v1/payments/callback", body: unknown, headers: signedHeaders(unknown)).status == .notFound)
        }
    }
}
