import Foundation
import Testing
import TestSupport

@Suite("Audit log")
struct AuditTests {
    @Test("every change by staff is logged with who, what and the body (secrets blanked); reads, customers' changes and refusals are not; admins read it by actor and target",
          arguments: TestDatabase.available)
    func staffChangesAreLogged(_ database: TestDatabase) async throws {
        try await withApp(database) { app in
            let admin = try await app.staff(.admin), keeper = try await app.staff(.warehouse)
            #expect(try await app.call(.post, "/api/v1/admin/stock/receipts", token: keeper,
                                       body: #"{"warehouseId":"wh_nanshan","sku":"WB-7KW-BASIC","quantity":5}"#).status == .created)
            // Refused (no such SKU) and read-only calls change nothing: nothing to log.
            #expect(try await app.call(.post, "/api/v1/admin/stock/receipts", token: keeper,
                                       body: #"{"warehouseId":"wh_nanshan","sku":"NO-SUCH-SKU","quantity":5}"#).status.code >= 400)
            #expect(try await app.call(.get, "/api/v1/admin/stock", token: keeper).status == .ok)
            let added = try await app.call(.post, "/api/v1/admin/users", token: admin,
                                           body: #"{"email":"new.agent@mall.test","password":"first password","name":"Agent","phone":"13800001111","role":"agent"}"#)
            #expect(added.status == .created)
            let (customer, _) = try await app.customer()
            let order = try #require(try await app.placeOrder(token: customer, addressId: try await app.address(token: customer))["id"] as? String)
            #expect(try await app.call(.post, "/api/v1/admin/orders/\(order)/transitions", token: admin, body: #"{"to":"paid"}"#).status == .ok)

            let log = try await app.call(.get, "/api/v1/admin/audit", token: admin)
            #expect(log.status == .ok, "\(log.text)")
            let items = try #require(log["items"] as? [[String: Any]])
            // Newest first: the order step, the new agent, the receipt; nothing by the customer.
            #expect(items.map { $0["route"] as? String } == ["/api/v1/admin/orders/{id}/transitions", "/api/v1/admin/users", "/api/v1/admin/stock/receipts"])
            #expect(items.map { $0["actorRole"] as? String } == ["admin", "admin", "warehouse"])
            #expect(items[0]["path"] as? String == "/api/v1/admin/orders/\(order)/transitions")
            #expect((items[0]["detail"] as? String)?.contains(#""to":"paid""#) == true)
            let newStaff = try #require(items[1]["detail"] as? String)
            #expect(newStaff.contains("new.agent@mall.test") && newStaff.contains("[redacted]") && !newStaff.contains("first password"))
            #expect(items[2]["status"] as? Int == 201 && (items[2]["action"] as? String)?.isEmpty == false)

            let keeperId = try #require(items[2]["actorId"] as? String)
            let byKeeper = try await app.call(.get, "/api/v1/admin/audit?actor=\(keeperId)", token: admin)
            #expect((byKeeper["items"] as? [[String: Any]])?.count == 1)
            let byOrder = try await app.call(.get, "/api/v1/admin/audit?target=\(order)", token: admin)
            #expect((byOrder["items"] as? [[String: Any]])?.map { $0["method"] as? String } == ["POST"])
            #expect((try await app.call(.get, "/api/v1/admin/audit?target=%25", token: admin)["items"] as? [[String: Any]])?.isEmpty == true)
            let first = try await app.call(.get, "/api/v1/admin/audit?limit=2", token: admin)
            let cursor = try #require(first["nextCursor"] as? String)
            let rest = try await app.call(.get, "/api/v1/admin/audit?limit=2&cursor=\(cursor)", token: admin)
            #expect((rest["items"] as? [[String: Any]])?.count == 1 && rest["nextCursor"] is NSNull)

            #expect(try await app.call(.get, "/api/v1/admin/audit", token: keeper).status == .forbidden)
            #expect(try await app.call(.get, "/api/v1/admin/audit").status == .unauthorized)
        }
    }
}
