import Foundation
import Logistics
import Testing
import TestSupport

@Suite("Reservation expiry service")
struct ReservationExpiryTests {
    @Test("the running service cancels an unpaid order after its reservation lapses and frees the stock", arguments: TestDatabase.available)
    func expiresInBackground(_ database: TestDatabase) async throws {
        try await withApp(database, configure: { $0.reservationSeconds = 0.3; $0.expirySweepSeconds = 0.05 }) { app in
            let (token, _) = try await app.customer()
            let order = try await app.placeOrder(token: token, addressId: try await app.address(token: token), quantity: 5)
            let id = try #require(order["id"] as? String)
            #expect(try await app.fixtures.level("WB-7KW-BASIC").reserved == 5)
            var status = order["status"] as? String
            // A minute at most: on a loaded CI machine the sweep's turn can come late; a lapse that is swept returns at once.
            try await waitUntil("the lapsed order is cancelled") {
                status = try await app.call(.get, "/api/v1/orders/\(id)", token: token)["status"] as? String
                return status == "cancelled"
            }
            #expect(status == "cancelled")
            #expect(try await app.fixtures.level("WB-7KW-BASIC").reserved == 0)
            let timeline = try await app.fixtures.store.order(id: id)?.timeline ?? []
            #expect(timeline.last?.source == .system)
            #expect(timeline.last?.message.contains("reservation released") == true)
        }
    }
}
