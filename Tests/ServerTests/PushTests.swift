import Foundation
import HTTPTypes
import Logistics
import Server
import Testing
import TestSupport

@Suite("Live push over WebSocket")
struct PushTests {
    @Test("customers receive only their own orders, staff every order; since= replays exactly what was missed", arguments: TestDatabase.available)
    func ownOrdersOnly(_ database: TestDatabase) async throws {
        try await withApp(database, setup: .live, configure: { $0.pushPollSeconds = 0.2 }) { app in
            let port = try #require(app.client.port)
            let (alice, _) = try await app.customer("alice")
            let (bob, _) = try await app.customer("bob")
            let admin = try await app.staff(.admin)
            let aliceAddress = try await app.address(token: alice), bobAddress = try await app.address(token: bob)
            let aliceStream = try await StreamClient.open(port: port, token: alice)
            let bobStream = try await StreamClient.open(port: port, token: bob)
            let staffStream = try await StreamClient.open(port: port, token: admin)
            defer { [aliceStream, bobStream, staffStream].forEach { $0.close() } }
            let start = try #require(aliceStream.helloPosition)

            let aliceOrder = try #require(try await app.placeOrder(token: alice, addressId: aliceAddress)["id"] as? String)
            let bobOrder = try #require(try await app.placeOrder(token: bob, addressId: bobAddress)["id"] as? String)
            #expect(try await app.call(.post, "/api/v1/orders/\(aliceOrder)/cancel", token: alice, body: #"{"reason":"changed my mind"}"#).status == .ok)

            try await staffStream.waitFor { $0.filter { $0["type"] as? String == "tracking" }.count >= 3 }
            try await aliceStream.waitFor { $0.filter { $0["type"] as? String == "tracking" }.count >= 2 }
            try await bobStream.waitFor { $0.filter { $0["type"] as? String == "tracking" }.count >= 1 }
            try await Task.sleep(for: .milliseconds(300))  // anything else that would arrive, arrives
            #expect(aliceStream.tracking.map(\.orderId) == [aliceOrder, aliceOrder])
            #expect(aliceStream.tracking.map(\.eventStatus) == ["pendingPayment", "cancelled"])
            #expect(bobStream.tracking.map(\.orderId) == [bobOrder], "Bob never sees Alice's events")
            #expect(Set(staffStream.tracking.map(\.orderId)) == [aliceOrder, bobOrder])
            let positions = staffStream.tracking.map(\.position)
            #expect(positions == positions.sorted() && Set(positions).count == positions.count, "positions rise without repeats")
            #expect((aliceStream.tracking.first?["event"] as? [String: Any])?["message"] as? String == "Order placed, waiting for payment")

            // Reconnecting after the first event gets exactly the rest; from the start, all of it.
            let first = try #require(aliceStream.tracking.first).position
            let resumed = try await StreamClient.open(port: port, token: alice, since: first)
            let replayed = try await StreamClient.open(port: port, token: alice, since: start)
            defer { resumed.close(); replayed.close() }
            try await resumed.waitFor { $0.filter { $0["type"] as? String == "tracking" }.count >= 1 }
            try await replayed.waitFor { $0.filter { $0["type"] as? String == "tracking" }.count >= 2 }
            try await Task.sleep(for: .milliseconds(200))
            #expect(resumed.tracking.map(\.position) == Array(aliceStream.tracking.map(\.position).dropFirst()))
            #expect(replayed.tracking.map(\.position) == aliceStream.tracking.map(\.position))

            // A live event after the replay still arrives, once.
            #expect(try await app.call(.post, "/api/v1/admin/orders/\(bobOrder)/transitions", token: admin, body: #"{"to":"paid"}"#).status == .ok)
            try await staffStream.waitFor { $0.filter { $0["type"] as? String == "tracking" }.count >= 4 }
            #expect(staffStream.tracking.last?.eventStatus == "paid")
            try await Task.sleep(for: .milliseconds(200))
            #expect(replayed.tracking.count == 2, "Alice's replayed stream does not get Bob's payment")
        }
    }

    @Test("the stream refuses without a token or with a bad cursor, with the JSON error shape", arguments: TestDatabase.available.prefix(1))
    func refusals(_ database: TestDatabase) async throws {
        try await withApp(database) { app in
            #expect(try await app.call(.get, "/api/v1/stream").status == .unauthorized)
            let (token, _) = try await app.customer()
            let bad = try await app.call(.get, "/api/v1/stream?since=-4", token: token)
            #expect(bad.status == .badRequest)
            #expect(bad.errorCode == "invalid_query")
            let plain = try await app.call(.get, "/api/v1/stream", token: token)
            #expect(plain.status == .upgradeRequired)
            #expect(plain.errorCode == "upgrade_required")
        }
    }
}
