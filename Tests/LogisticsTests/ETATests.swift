import Foundation
import Testing
@testable import Logistics

/// The estimator's pure parts; it reads nothing from the store for these.
@Suite("Backlog ETA")
struct ETATests {
    let estimator = BacklogETAEstimator(store: FixedBacklog())
    let nanshan = DemoCatalog.warehouses.first { $0.id == "wh_nanshan" }!
    let futian = GeoPoint(latitude: 22.541, longitude: 114.055)

    /// 2026-11-25 at `hour`:00 China time.
    func china(_ hour: Double) -> Date {
        Date(timeIntervalSince1970: Double(CivilDate.toDays(year: 2026, month: 11, day: 25)) * 86_400 + (hour - 8) * 3600)
    }

    @Test("vans are slower in the rush hour than at noon, and fastest at night")
    func speedsByHour() {
        let rush = estimator.travelSeconds(from: nanshan.location, to: futian, departingAt: china(8))
        let noon = estimator.travelSeconds(from: nanshan.location, to: futian, departingAt: china(12))
        let night = estimator.travelSeconds(from: nanshan.location, to: futian, departingAt: china(23))
        #expect(rush > noon && noon > night)
        // ~11.6 km straight, x1.35 road, at 25 km/h, plus 15 min at the door: about 53 minutes.
        #expect(abs(noon / 60 - 52.6) < 2)
    }

    @Test("warehouse work stops at night: 2 hours of picking at 21:00 end at 09:00 next day")
    func workingHours() {
        #expect(estimator.afterWork(hours: 2, from: china(21)) == china(24 + 9))
        #expect(estimator.afterWork(hours: 1, from: china(3)) == china(9))
        #expect(estimator.afterWork(hours: 0.5, from: china(10)) == china(10.5))
    }

    @Test("a longer queue means a later arrival; a parcel on the road arrives sooner than one in the queue")
    func queue() {
        let order = Order(id: "o", number: "n", customerId: "c", status: .paid, lines: [], shipments: [Shipment(id: "s", warehouseId: "wh_nanshan")],
                          address: AddressSnapshot(recipient: "r", phone: "1", region: "Futian", detail: "d", latitude: futian.latitude, longitude: futian.longitude),
                          totalCents: 0, deliveryWindow: nil, promisedDate: nil, reservationExpiresAt: nil, paymentReference: nil, createdAt: china(10), updatedAt: china(10), timeline: [])
        let short = estimator.arrival(of: order, from: nanshan, queue: 0, now: china(10))
        let long = estimator.arrival(of: order, from: nanshan, queue: 90, now: china(10))
        #expect(long.timeIntervalSince(short) > 2.5 * 3600)
        var shipped = order
        shipped.status = .shipped
        #expect(estimator.arrival(of: shipped, from: nanshan, queue: 90, now: china(10)) < short)
    }

    @Test("estimates read each warehouse's queue from the store")
    func estimatesUseTheQueue() async throws {
        let order = Order(id: "o", number: "n", customerId: "c", status: .paid, lines: [], shipments: [Shipment(id: "s", warehouseId: "wh_nanshan")],
                          address: AddressSnapshot(recipient: "r", phone: "1", region: "Futian", detail: "d", latitude: futian.latitude, longitude: futian.longitude),
                          totalCents: 0, deliveryWindow: nil, promisedDate: nil, reservationExpiresAt: nil, paymentReference: nil, createdAt: china(10), updatedAt: china(10), timeline: [])
        let idle = try await BacklogETAEstimator(store: FixedBacklog()).estimates(for: [order], now: china(10))["o"]
        let busy = try await BacklogETAEstimator(store: FixedBacklog(queue: ["wh_nanshan": 90])).estimates(for: [order], now: china(10))["o"]
        let (quiet, queued) = (try #require(idle), try #require(busy))
        #expect(queued.expectedAt.timeIntervalSince(quiet.expectedAt) > 2.5 * 3600)
        #expect(quiet.earliest <= quiet.expectedAt && quiet.expectedAt <= quiet.latest)
    }
}

/// The two things the estimator reads, fixed: the demo warehouses and a queue per warehouse.
struct FixedBacklog: BacklogStore {
    var queue: [String: Int] = [:]
    func warehouses() async throws -> [Warehouse] { DemoCatalog.warehouses }
    func openOrderBacklog() async throws -> [String: Int] { queue }
}
