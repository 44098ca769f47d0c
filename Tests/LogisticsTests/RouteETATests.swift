import Foundation
import Testing
@testable import Logistics

/// Route-based ETAs: orders on a published route get the stop's ETA and their place in the queue; others
/// keep the backlog estimate.
@Suite("Route ETA")
struct RouteETATests {
    struct Stops: RouteETAStore {
        var stops: [ActiveStop]
        func activeStops() async throws -> [ActiveStop] { stops }
    }

    struct Fallback: ETAEstimator {
        func estimates(for orders: [Order], now: Date) async throws -> [String: DeliveryEstimate] {
            Dictionary(uniqueKeysWithValues: orders.map { ($0.id, DeliveryEstimate(expectedAt: now, earliest: now, latest: now, basis: "backlog+travel", late: false)) })
        }
    }

    func order(_ id: String, promised: Date? = nil) -> Order {
        Order(id: id, number: id, customerId: "c", status: .outForDelivery, lines: [], shipments: [],
              address: AddressSnapshot(recipient: "r", phone: "1", region: "x", detail: "y", latitude: 22.5, longitude: 114),
              totalCents: 0, deliveryWindow: nil, promisedDate: promised, reservationExpiresAt: nil, paymentReference: nil,
              createdAt: Date(), updatedAt: Date(), timeline: [])
    }

    @Test("an order on a route gets its stop's ETA, a window that widens with the time to go, and the stops before it")
    func onRoute() async throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let store = Stops(stops: [
            ActiveStop(orderId: "b", routeId: "r1", sequence: 2, eta: now.addingTimeInterval(3_600), dueBy: now.addingTimeInterval(1_800)),
            ActiveStop(orderId: "a", routeId: "r1", sequence: 1, eta: now.addingTimeInterval(600), dueBy: nil),
            ActiveStop(orderId: "z", routeId: "r2", sequence: 5, eta: now.addingTimeInterval(60), dueBy: nil),
        ])
        let estimates = try await RouteETAEstimator(store: store, fallback: Fallback())
            .estimates(for: [order("a"), order("b"), order("z"), order("off")], now: now)
        let a = try #require(estimates["a"]), b = try #require(estimates["b"])
        #expect(a.basis == "route" && a.stopsBefore == 0 && a.expectedAt == now.addingTimeInterval(600) && !a.late)
        #expect(b.stopsBefore == 1 && b.late, "due before its ETA")
        #expect(b.latest.timeIntervalSince(b.expectedAt) > a.latest.timeIntervalSince(a.expectedAt))
        #expect(a.earliest >= now)
        #expect(estimates["z"]?.stopsBefore == 0)
        #expect(estimates["off"]?.basis == "backlog+travel" && estimates["off"]?.stopsBefore == nil)
    }
}
