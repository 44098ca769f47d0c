import Foundation
import HTTPTypes
import Logistics
import Server
import Testing
import TestSupport

@Suite("Installation appointments")
struct AppointmentTests {
    func order(_ app: Harness, token: String, install: Bool = true) async throws -> String {
        let address = try await app.address(token: token)
        let lines = install ? #"[{"sku":"WB-7KW-BASIC","quantity":1},{"sku":"IN-STANDARD","quantity":1}]"# : #"[{"sku":"CB-GBT-5M","quantity":1}]"#
        let placed = try await app.call(.post, "/api/v1/orders", token: token, body: #"{"lines":\#(lines),"addressId":"\#(address)"}"#)
        return try #require(placed["id"] as? String, "\(placed.text)")
    }

    /// A time as the API writes it.
    func api(_ date: Date) -> String { date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)) }

    func book(_ app: Harness, _ order: String, at start: Date, token: String) async throws -> Reply {
        try await app.call(.put, "/api/v1/orders/\(order)/installation", token: token, body: #"{"start":"\#(ISO8601DateFormatter().string(from: start))"}"#)
    }

    @Test("slots of the crews: picked, moved, full, too soon; the slot becomes the order's window; racing for the last seat, one wins",
          arguments: TestDatabase.available)
    func slots(_ database: TestDatabase) async throws {
        let today = PlanningDay(containing: Date())
        let clock = ManualClock(today.at(minute: 8 * 60))
        try await withApp(database, configure: { $0.clock = clock.now }) { app in
            try await app.fixtures.receive(50, of: "IN-STANDARD")
            let dispatcher = try await app.staff(.dispatcher)
            let crew = #"{"plate":"粤B0INST","warehouseId":"wh_nanshan","capacityGrams":800000,"capacityMillilitres":5000000,"skills":["install"]}"#
            #expect(try await app.call(.post, "/api/v1/admin/vehicles", token: dispatcher, body: crew).status == .created)
            let (alice, _) = try await app.customer("alice")
            let (bob, _) = try await app.customer("bob")
            let first = try await order(app, token: alice), second = try await order(app, token: bob)

            let offered = try await app.call(.get, "/api/v1/orders/\(first)/installation-slots", token: alice)
            #expect(offered.items.count == 4 * 14 - 1, "today's 09:00 is less than 2 hours away: \(offered.items.count)")
            #expect(offered.items.allSatisfy { $0["available"] as? Int == 1 }, "one crew, nothing booked")
            let two = today.at(minute: 14 * 60), four = today.at(minute: 16 * 60), eleven = today.at(minute: 11 * 60)

            let booked = try await book(app, first, at: two, token: alice)
            #expect(booked.status == .ok, "\(booked.text)")
            #expect((booked["deliveryWindow"] as? [String: Any])?["start"] as? String == api(two))
            let told = (booked["timeline"] as? [[String: Any]] ?? []).last
            #expect(told?["tag"] as? String == "appointment" && (told?["message"] as? String)?.hasSuffix("14:00–16:00") == true, "\(String(describing: told))")
            let full = try await book(app, second, at: two, token: bob)
            #expect(full.errorCode == "appointment_refused" && full.details["reason"] == "slotFull", "\(full.text)")
            #expect(try await book(app, second, at: four, token: bob).status == .ok)
            // Moving frees the old slot.
            #expect(try await book(app, first, at: eleven, token: alice).status == .ok)
            let now = try await app.call(.get, "/api/v1/orders/\(second)/installation-slots", token: bob).items
            let free = Dictionary(now.map { ($0["start"] as? String ?? "", $0["available"] as? Int ?? -1) }, uniquingKeysWith: { a, _ in a })
            #expect(free[api(two)] == 1 && free[api(eleven)] == 0 && free[api(four)] == 1, "bob's own slot counts as his: \(free)")

            #expect(try await book(app, first, at: today.at(minute: 9 * 60), token: alice).details["reason"] == "tooSoon")
            #expect(try await book(app, first, at: today.at(minute: 10 * 60 + 30), token: alice).details["reason"] == "notASlot")
            #expect(try await book(app, first, at: PlanningDay(days: today.days + 14).at(minute: 9 * 60), token: alice).details["reason"] == "tooFar")
            let cable = try await order(app, token: alice, install: false)
            #expect(try await app.call(.get, "/api/v1/orders/\(cable)/installation-slots", token: alice).details["reason"] == "noInstallation")
            #expect(try await book(app, first, at: two, token: bob).status == .notFound)
            #expect(try await book(app, first, at: two, token: try await app.staff(.warehouse)).status == .forbidden)

            // The last seat of a slot, asked for twice at once: one wins, the other hears it is full.
            let (carol, _) = try await app.customer("carol")
            let racers = [try await order(app, token: carol), try await order(app, token: carol)]
            let tomorrow = PlanningDay(days: today.days + 1).at(minute: 9 * 60)
            let results = try await withThrowingTaskGroup(of: Reply.self) { group in
                for racer in racers { group.addTask { try await book(app, racer, at: tomorrow, token: carol) } }
                var all: [Reply] = []
                for try await reply in group { all.append(reply) }
                return all
            }
            #expect(results.filter { $0.status == .ok }.count == 1 && results.filter { $0.details["reason"] == "slotFull" }.count == 1,
                    "\(results.map(\.text))")
        }
    }
}
