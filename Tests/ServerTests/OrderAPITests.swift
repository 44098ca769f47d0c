import Foundation
import HTTPTypes
import Logistics
import Testing
import TestSupport

@Suite("Orders API")
struct OrderAPITests {
    @Test("the same Idempotency-Key twice gives one order and the same response; another body with it is refused", arguments: TestDatabase.available)
    func idempotency(_ database: TestDatabase) async throws {
        try await withApp(database) { app in
            let (token, _) = try await app.customer()
            let address = try await app.address(token: token)
            let first = try await app.placeOrder(token: token, addressId: address, quantity: 2, key: "order-key-1")
            let second = try await app.placeOrder(token: token, addressId: address, quantity: 2, key: "order-key-1")
            #expect(first.status == .created && second.status == .created)
            #expect(first.text == second.text)
            #expect(second.headers[.init("Idempotent-Replayed")!] == "true")
            #expect(try await app.fixtures.store.orders(customerId: nil, status: nil, before: nil, limit: 10).count == 1)
            #expect(try await app.fixtures.level("WB-7KW-BASIC").reserved == 2)
            let different = try await app.placeOrder(token: token, addressId: address, quantity: 3, key: "order-key-1")
            #expect(different.errorCode == "idempotency_key_reused")
        }
    }

    @Test("another customer's order or address is a 404; a driver cannot change stock", arguments: TestDatabase.available)
    func access(_ database: TestDatabase) async throws {
        try await withApp(database) { app in
            let (alice, _) = try await app.customer("alice")
            let (bob, _) = try await app.customer("bob")
            let aliceAddress = try await app.address(token: alice)
            let order = try await app.placeOrder(token: alice, addressId: aliceAddress)
            let orderId = try #require(order["id"] as? String)

            #expect(try await app.call(.get, "/api/v1/orders/\(orderId)", token: bob).status == .notFound)
            #expect(try await app.call(.post, "/api/v1/orders/\(orderId)/cancel", token: bob).status == .notFound)
            #expect(try await app.call(.get, "/api/v1/orders", token: bob).items.isEmpty)
            #expect(try await app.call(.get, "/api/v1/me/addresses", token: bob).items.isEmpty)
            #expect(try await app.placeOrder(token: bob, addressId: aliceAddress).status == .notFound)
            #expect(try await app.call(.get, "/api/v1/orders/\(orderId)", token: alice).status == .ok)

            let before = try await app.snapshot()
            let driver = try await app.staff(.driver)
            let receipt = try await app.call(.post, "/api/v1/admin/stock/receipts", token: driver, body: #"{"warehouseId":"wh_nanshan","sku":"WB-7KW-BASIC","quantity":5}"#)
            #expect(receipt.status == .forbidden)
            #expect(try await app.call(.post, "/api/v1/admin/products", token: driver, body: #"{"sku":"X-1","name":"x","category":"cable","weightGrams":1,"volumeMillilitres":1,"needsInstallation":false,"priceCents":1}"#).status == .forbidden)
            #expect(try await app.call(.get, "/api/v1/admin/orders", token: bob).status == .forbidden)
            #expect(try await app.snapshot() == before)

            let warehouse = try await app.staff(.warehouse)
            let booked = try await app.call(.post, "/api/v1/admin/stock/receipts", token: warehouse, body: #"{"warehouseId":"wh_nanshan","sku":"WB-7KW-BASIC","quantity":5}"#)
            #expect(booked.status == .created && booked["onHand"] as? Int == 105)
        }
    }

    struct BadInput: Sendable, CustomTestStringConvertible {
        var name: String
        var body: String
        var expected: Int
        var code: String
        var testDescription: String { name }
    }

    static let badInputs: [BadInput] = [
        .init(name: "malformed JSON", body: #"{"lines": [{"sku": "WB-7KW-BASIC", "quantity": 1}"#, expected: 400, code: "invalid_json"),
        .init(name: "not JSON at all", body: "lines=1&addressId=2", expected: 400, code: "invalid_json"),
        .init(name: "wrong types", body: #"{"lines":"many","addressId":1}"#, expected: 400, code: "invalid_field"),
        .init(name: "quantity as a string", body: #"{"lines":[{"sku":"WB-7KW-BASIC","quantity":"1"}],"addressId":"ADDRESS"}"#, expected: 400, code: "invalid_field"),
        .init(name: "fractional quantity", body: #"{"lines":[{"sku":"WB-7KW-BASIC","quantity":1.5}],"addressId":"ADDRESS"}"#, expected: 400, code: "invalid_field"),
        .init(name: "missing field", body: #"{"lines":[{"sku":"WB-7KW-BASIC","quantity":1}]}"#, expected: 400, code: "missing_field"),
        .init(name: "negative quantity", body: #"{"lines":[{"sku":"WB-7KW-BASIC","quantity":-3}],"addressId":"ADDRESS"}"#, expected: 400, code: "invalid_field"),
        .init(name: "zero quantity", body: #"{"lines":[{"sku":"WB-7KW-BASIC","quantity":0}],"addressId":"ADDRESS"}"#, expected: 400, code: "invalid_field"),
        .init(name: "huge quantity", body: #"{"lines":[{"sku":"WB-7KW-BASIC","quantity":9223372036854775807}],"addressId":"ADDRESS"}"#, expected: 400, code: "invalid_field"),
        .init(name: "no lines", body: #"{"lines":[],"addressId":"ADDRESS"}"#, expected: 400, code: "invalid_field"),
        .init(name: "unknown SKU", body: #"{"lines":[{"sku":"NO-SUCH-SKU","quantity":1}],"addressId":"ADDRESS"}"#, expected: 404, code: "unknown_sku"),
        .init(name: "SQL in the SKU", body: #"{"lines":[{"sku":"WB-7KW-BASIC'; DROP TABLE orders; --","quantity":1}],"addressId":"ADDRESS"}"#, expected: 400, code: "invalid_field"),
        .init(name: "SQL in the address id", body: #"{"lines":[{"sku":"WB-7KW-BASIC","quantity":1}],"addressId":"' OR '1'='1"}"#, expected: 404, code: "not_found"),
        .init(name: "more than the stock", body: #"{"lines":[{"sku":"WB-7KW-BASIC","quantity":101}],"addressId":"ADDRESS"}"#, expected: 409, code: "insufficient_stock"),
        .init(name: "2 MB body", body: #"{"lines":[],"addressId":""# + String(repeating: "x", count: 2 << 20) + #""}"#, expected: 413, code: "payload_too_large"),
    ]

    @Test("bad input gets a 4xx with the error shape and changes nothing", arguments: TestDatabase.available, badInputs)
    func badInput(_ database: TestDatabase, _ input: BadInput) async throws {
        try await withApp(database) { app in
            let (token, _) = try await app.customer()
            let address = try await app.address(token: token)
            let before = try await app.snapshot()
            let reply = try await app.call(.post, "/api/v1/orders", token: token, body: input.body.replacingOccurrences(of: "ADDRESS", with: address))
            #expect(Int(reply.status.code) == input.expected, "\(reply.text.prefix(300))")
            #expect(reply.errorCode == input.code, "\(reply.text.prefix(300))")
            let error = try #require(reply["error"] as? [String: Any])
            #expect(error["message"] is String && error["details"] is [String: Any])
            #expect(try await app.snapshot() == before)
            #expect(try await app.fixtures.store.warehouses().count == 3, "tables still there")
        }
    }

    @Test("staff steps follow roles and the machine; shipping takes the units out of the ledger", arguments: TestDatabase.available)
    func transitions(_ database: TestDatabase) async throws {
        try await withApp(database) { app in
            let (token, _) = try await app.customer()
            let order = try await app.placeOrder(token: token, addressId: try await app.address(token: token), quantity: 4)
            let id = try #require(order["id"] as? String)
            let admin = try await app.staff(.admin), warehouse = try await app.staff(.warehouse), driver = try await app.staff(.driver)
            func step(_ token: String, _ to: String) async throws -> Reply {
                try await app.call(.post, "/api/v1/admin/orders/\(id)/transitions", token: token, body: #"{"to":"\#(to)"}"#)
            }
            #expect(try await step(admin, "shipped").errorCode == "forbidden_transition")
            #expect(try await step(warehouse, "paid").errorCode == "transition_not_permitted")
            #expect(try await step(admin, "teleported").errorCode == "invalid_field")
            #expect(try await step(admin, "paid").status == .ok)
            for status in ["allocated", "picking", "packed", "shipped"] { #expect(try await step(warehouse, status).status == .ok) }
            #expect(try await app.fixtures.level("WB-7KW-BASIC") == StockLevel(warehouseId: "wh_nanshan", sku: "WB-7KW-BASIC", onHand: 96, reserved: 0))
            #expect(try await step(warehouse, "delivered").errorCode == "transition_not_permitted")
            #expect(try await step(driver, "outForDelivery").status == .ok)
            let delivered = try await step(driver, "delivered")
            #expect(delivered["status"] as? String == "delivered")
            #expect((delivered["timeline"] as? [[String: Any]])?.count == 8)
            #expect(delivered["eta"] == nil, "a delivered order has no ETA")
            #expect(try await app.call(.post, "/api/v1/orders/\(id)/cancel", token: token).errorCode == "cancellation_closed")
        }
    }

    @Test("cancelling releases the reservation; a second cancel is refused", arguments: TestDatabase.available)
    func cancel(_ database: TestDatabase) async throws {
        try await withApp(database) { app in
            let (token, _) = try await app.customer()
            let order = try await app.placeOrder(token: token, addressId: try await app.address(token: token), quantity: 7)
            let id = try #require(order["id"] as? String)
            #expect(order["status"] as? String == "pendingPayment")
            // The 201 body is the order as placed (identical on an idempotent retry); the live ETA is on GET.
            let eta = try #require(try await app.call(.get, "/api/v1/orders/\(id)", token: token)["eta"] as? [String: Any])
            let earliest = try #require(eta["earliest"] as? String), expected = try #require(eta["expectedAt"] as? String), latest = try #require(eta["latest"] as? String)
            #expect(earliest <= expected && expected <= latest)
            #expect(eta["basis"] as? String == "backlog+travel" && eta["late"] as? Bool == false)
            #expect(try await app.fixtures.level("WB-7KW-BASIC").reserved == 7)
            let cancelled = try await app.call(.post, "/api/v1/orders/\(id)/cancel", token: token, body: #"{"reason":"found it cheaper"}"#)
            #expect(cancelled["status"] as? String == "cancelled")
            #expect(try await app.fixtures.level("WB-7KW-BASIC").reserved == 0)
            #expect(try await app.call(.post, "/api/v1/orders/\(id)/cancel", token: token).errorCode == "cancellation_closed")
            #expect(try await app.fixtures.store.ledgerDiscrepancies().isEmpty)
        }
    }

    @Test("lists are paginated with a cursor, newest first, without gaps or repeats", arguments: TestDatabase.available)
    func pagination(_ database: TestDatabase) async throws {
        try await withApp(database) { app in
            let (token, _) = try await app.customer()
            let address = try await app.address(token: token)
            var placed: [String] = []
            for _ in 0..<5 { placed.append(try #require(try await app.placeOrder(token: token, addressId: address)["id"] as? String)) }
            var seen: [String] = []
            var cursor: String?
            repeat {
                let page = try await app.call(.get, "/api/v1/orders?limit=2" + (cursor.map { "&cursor=\($0)" } ?? ""), token: token)
                seen += page.items.compactMap { $0["id"] as? String }
                cursor = page["nextCursor"] as? String
            } while cursor != nil
            #expect(seen == placed.reversed())
            #expect(try await app.call(.get, "/api/v1/orders?limit=0", token: token).errorCode == "invalid_query")
            #expect(try await app.call(.get, "/api/v1/orders?status=lost", token: token).errorCode == "invalid_query")
            let products = try await app.call(.get, "/api/v1/products")
            let basic = products.items.first { $0["sku"] as? String == "WB-7KW-BASIC" }
            #expect(basic?["available"] as? Int == 95)
        }
    }
}
