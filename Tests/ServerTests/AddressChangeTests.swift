import Foundation
import HTTPTypes
import Logistics
import Server
import Testing
import TestSupport

@Suite("Self-service address changes")
struct AddressChangeTests {
    /// A second address 800 m from the tests' Futian default, and one across the city in Nanshan.
    func addresses(_ app: Harness, token: String) async throws -> (near: String, far: String) {
        let near = try await app.call(.post, "/api/v1/me/addresses", token: token,
                                      body: #"{"recipient":"Li Lei","phone":"13800000000","region":"Shenzhen Futian","detail":"Fuhua Rd 8","latitude":22.548,"longitude":114.058}"#)
        let far = try await app.call(.post, "/api/v1/me/addresses", token: token,
                                     body: #"{"recipient":"Li Lei","phone":"13800000000","region":"Shenzhen Nanshan","detail":"Keyuan Rd 2","latitude":22.533,"longitude":113.935}"#)
        return (try #require(near["id"] as? String), try #require(far["id"] as? String))
    }

    func change(_ app: Harness, _ order: String, to address: String, token: String) async throws -> Reply {
        try await app.call(.post, "/api/v1/orders/\(order)/address-change", token: token, body: #"{"addressId":"\#(address)"}"#)
    }

    func stop(of order: String, in plan: Reply) -> [String: Any]? {
        (plan["routes"] as? [[String: Any]] ?? []).flatMap { $0["stops"] as? [[String: Any]] ?? [] }.first { $0["orderId"] as? String == order }
    }

    @Test("by stage: free before packing; packed, within the district with the plan re-made; on the van, nearby with the route re-timed; else an agent; finished, refused",
          arguments: TestDatabase.available)
    func byStage(_ database: TestDatabase) async throws {
        try await withApp(database, configure: { $0.planPollSeconds = 0.05; $0.clock = morning.clock }) { app in
            let admin = try await app.staff(.admin), dispatcher = try await app.staff(.dispatcher)
            let (customer, _) = try await app.customer()
            let (near, far) = try await addresses(app, token: customer)

            // Before packing: anywhere, at once, told in the timeline.
            let early = try #require(try await app.placeOrder(token: customer, addressId: try await app.address(token: customer))["id"] as? String)
            let moved = try await change(app, early, to: far, token: customer)
            #expect(moved.status == .ok, "\(moved.text)")
            #expect((moved["address"] as? [String: Any])?["region"] as? String == "Shenzhen Nanshan")
            let told = (moved["timeline"] as? [[String: Any]] ?? []).last
            #expect(told?["tag"] as? String == "addressChanged" && told?["message"] as? String == "收货地址已改为：Shenzhen Nanshan Keyuan Rd 2", "\(String(describing: told))")

            // Packed and planned: within Futian the ready plan is re-made around the new door; to Nanshan an agent decides.
            let (_, driver) = try await app.vanWithDriver("zhao", plate: "粤B12121", dispatcher: dispatcher)
            let packed = try await app.packedOrders(3, customer: customer, admin: admin)
            let planId = try await app.readyPlan(dispatcher: dispatcher)
            let within = try await change(app, packed[0], to: near, token: customer)
            #expect(within.status == .ok, "\(within.text)")
            let replanned = try await app.call(.get, "/api/v1/admin/dispatch/plans/\(planId)", token: dispatcher)
            let location = stop(of: packed[0], in: replanned)?["location"] as? [String: Any]
            #expect(location?["latitude"] as? Double == 22.548, "the plan's stop moved to the new door: \(String(describing: location))")
            let across = try await change(app, packed[1], to: far, token: customer)
            #expect(across.status == .conflict && across.errorCode == "address_change_needs_agent" && across.details["reason"] == "otherArea", "\(across.text)")
            let conversationId = try #require(across.details["conversationId"])
            let conversation = try await app.call(.get, "/api/v1/conversations/\(conversationId)", token: customer)
            #expect(conversation["category"] as? String == "addressChange" && conversation["handedOver"] as? Bool == true
                    && (conversation["messages"] as? [[String: Any]])?.map { $0["author"] as? String } == ["customer", "bot"], "\(conversation.text)")
            let unchanged = try await app.call(.get, "/api/v1/orders/\(packed[1])", token: customer)
            #expect((unchanged["address"] as? [String: Any])?["region"] as? String == "Shenzhen Futian", "handed over: nothing changed yet")

            // Out for delivery: a door nearby is taken when no stop turns late, the route re-timed; across town, an agent.
            #expect(try await app.call(.post, "/api/v1/admin/dispatch/plans/\(planId)/publish", token: dispatcher)["status"] as? String == "published")
            let routeId = try #require(try await app.call(.get, "/api/v1/driver/routes/today", token: driver)["id"] as? String)
            #expect(try await app.call(.post, "/api/v1/driver/routes/\(routeId)/start", token: driver)["status"] as? String == "started")
            let etaBefore = stop(of: packed[2], in: try await app.call(.get, "/api/v1/admin/dispatch/plans/\(planId)", token: dispatcher))?["eta"] as? String
            let onTheVan = try await change(app, packed[2], to: near, token: customer)
            #expect(onTheVan.status == .ok, "\(onTheVan.text)")
            let retimed = try await app.call(.get, "/api/v1/admin/dispatch/plans/\(planId)", token: dispatcher)
            #expect((stop(of: packed[2], in: retimed)?["location"] as? [String: Any])?["latitude"] as? Double == 22.548)
            #expect(stop(of: packed[2], in: retimed)?["eta"] as? String != etaBefore, "the route was re-timed for the new door")
            let tooFar = try await change(app, packed[2], to: far, token: customer)
            #expect(tooFar.errorCode == "address_change_needs_agent" && tooFar.details["reason"] == "tooFarForTheVan", "\(tooFar.text)")
            // The agent who takes it on may change it (the van's driver is told through the re-timed route).
            let agent = try await app.staff(.agent)
            #expect(try await change(app, packed[2], to: far, token: agent).status == .ok)

            // Finished orders, other people's addresses and orders, staff: refused with the reason.
            let cancelled = try #require(try await app.placeOrder(token: customer, addressId: near)["id"] as? String)
            #expect(try await app.call(.post, "/api/v1/orders/\(cancelled)/cancel", token: customer).status == .ok)
            let closed = try await change(app, cancelled, to: far, token: customer)
            #expect(closed.errorCode == "address_change_closed" && closed.details["reason"] == "finished")
            let (stranger, _) = try await app.customer("stranger")
            let theirs = try await app.address(token: stranger)
            #expect(try await change(app, early, to: theirs, token: customer).status == .notFound)
            #expect(try await change(app, early, to: theirs, token: stranger).status == .notFound)
            #expect(try await change(app, early, to: near, token: try await app.staff(.warehouse)).status == .forbidden)
        }
    }
}
