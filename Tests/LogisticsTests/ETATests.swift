import Foundation
import Testing
@testable import Logistics

/// The estimator's pure parts; it reads nothing from the store for these.
@Suite("Backlog ETA")
struct ETATests {
    struct NoStore: Error {}
    let estimator = BacklogETAEstimator(store: UnusedStore())
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
}

/// The estimator's pure parts never touch the store; every call here is a test bug.
struct UnusedStore: LogisticsStore {
    func products(skus: [String]?) async throws -> [Product] { throw ETATests.NoStore() }
    func upsertProduct(_ product: Product) async throws { throw ETATests.NoStore() }
    func availableBySKU() async throws -> [String: Int] { throw ETATests.NoStore() }
    func warehouses() async throws -> [Warehouse] { throw ETATests.NoStore() }
    func insertWarehouse(_ warehouse: Warehouse) async throws { throw ETATests.NoStore() }
    func insertUser(_ user: User, passwordHash: String) async throws { throw ETATests.NoStore() }
    func credentials(email: String) async throws -> UserCredentials? { throw ETATests.NoStore() }
    func user(id: String) async throws -> User? { throw ETATests.NoStore() }
    func countUsers(emailSuffix: String) async throws -> Int { throw ETATests.NoStore() }
    func insertRefreshToken(hash: String, userId: String, expiresAt: Date) async throws { throw ETATests.NoStore() }
    func consumeRefreshToken(hash: String, now: Date) async throws -> String? { throw ETATests.NoStore() }
    func insertAddress(_ address: Address) async throws { throw ETATests.NoStore() }
    func addresses(customerId: String) async throws -> [Address] { throw ETATests.NoStore() }
    func address(id: String) async throws -> Address? { throw ETATests.NoStore() }
    func record(_ movements: [StockMovementRequest], at time: Date) async throws { throw ETATests.NoStore() }
    func stockLevels(skus: [String]?, warehouseId: String?) async throws -> [StockLevel] { throw ETATests.NoStore() }
    func movements(warehouseId: String?, sku: String?, afterId: Int64?, limit: Int) async throws -> [StockMovement] { throw ETATests.NoStore() }
    func ledgerDiscrepancies() async throws -> [LedgerDiscrepancy] { throw ETATests.NoStore() }
    func placeOrder(_ placement: OrderPlacement) async throws -> Order { throw ETATests.NoStore() }
    func order(id: String) async throws -> Order? { throw ETATests.NoStore() }
    func order(customerId: String, idempotencyKey: String) async throws -> (order: Order, requestHash: String)? { throw ETATests.NoStore() }
    func orders(customerId: String?, status: OrderStatus?, before: String?, limit: Int) async throws -> [Order] { throw ETATests.NoStore() }
    func apply(_ change: OrderStatusChange) async throws -> Order { throw ETATests.NoStore() }
    func expiredReservations(now: Date, limit: Int) async throws -> [String] { throw ETATests.NoStore() }
    func openOrderBacklog() async throws -> [String: Int] { throw ETATests.NoStore() }
    func events(orderId: String, afterSequence sequence: Int, limit: Int) async throws -> [TrackingEvent] { throw ETATests.NoStore() }
    func eventSequence(orderId: String, eventId: String) async throws -> Int? { throw ETATests.NoStore() }
    func shipment(carrierCode: String, waybillNumber: String) async throws -> (shipmentId: String, orderId: String)? { throw ETATests.NoStore() }
    func assignWaybill(orderId: String, shipmentId: String, carrierCode: String, waybillNumber: String) async throws { throw ETATests.NoStore() }
    func latestCarrierEventTime(orderId: String) async throws -> Date? { throw ETATests.NoStore() }
    func recordCarrierEvent(_ event: TrackingEvent, dedupKey: String, expectedStatus: OrderStatus, steps: [OrderStatus]) async throws -> Order? { throw ETATests.NoStore() }
}
