import Foundation

/// The order's event stream and the carriers' waybills and scans.
public protocol TrackingStore: Sendable {
    /// The order's events recorded after `sequence`, in recording order.
    func events(orderId: String, afterSequence sequence: Int, limit: Int) async throws -> [TrackingEvent]
    /// The sequence number of one of the order's events, nil if it is not the order's.
    func eventSequence(orderId: String, eventId: String) async throws -> Int?
    /// The shipment (and its order) a carrier's waybill belongs to.
    func shipment(carrierCode: String, waybillNumber: String) async throws -> (shipmentId: String, orderId: String)?
    /// Throws `conflict(.waybillTaken)` when another shipment has this waybill.
    func assignWaybill(orderId: String, shipmentId: String, carrierCode: String, waybillNumber: String) async throws
    /// The newest time of the carrier events applied to an order so far.
    func latestCarrierEventTime(orderId: String) async throws -> Date?
    /// In one transaction: checks the order is still in `expectedStatus`, stores the carrier event unless its
    /// `dedupKey` was stored before (then returns nil), and walks `steps` with their ledger effects, each
    /// but the last recorded as a system event inferred from the scan. With `delivering`, the scan handed that
    /// shipment over: it is marked delivered, once the order's other parcels still owed are as many as the
    /// caller decided on (`othersOwed`; else `conflict(.concurrentUpdate)`).
    func recordCarrierEvent(_ event: TrackingEvent, dedupKey: String, expectedStatus: OrderStatus, steps: [OrderStatus],
                            delivering: (shipmentId: String, othersOwed: Int)?) async throws -> Order?
}

/// What the backlog ETA reads: where the warehouses are and how many orders each has queued.
public protocol BacklogStore: Sendable {
    func warehouses() async throws -> [Warehouse]
    /// Paid orders the warehouse has not packed yet, per warehouse: the queue a new order joins.
    func openOrderBacklog() async throws -> [String: Int]
}
