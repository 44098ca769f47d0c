import Foundation

/// A parcel scan reported by a third-party carrier (Kuaidi100-style push).
public struct CarrierUpdate: Sendable, Equatable {
    public var carrierCode: String
    public var waybillNumber: String
    /// The carrier's status: a Kuaidi100 `state` code or one of our tag names.
    public var status: String
    public var occurredAt: Date
    public var place: String?
    public var description: String

    public init(carrierCode: String, waybillNumber: String, status: String, occurredAt: Date, place: String?, description: String) {
        self.carrierCode = carrierCode
        self.waybillNumber = waybillNumber
        self.status = status
        self.occurredAt = occurredAt
        self.place = place
        self.description = description
    }

    /// Identical reports have identical keys, so a redelivered callback is stored once (FNV-1a, 64 bit).
    var dedupKey: String {
        let text = [carrierCode, waybillNumber, status, String(Int((occurredAt.timeIntervalSince1970 * 1000).rounded())), place ?? "", description].joined(separator: "\u{1F}")
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}

/// An order's event stream, carrier waybills and the events carriers push: idempotent, and safe when events
/// arrive out of order.
public struct TrackingService: Sendable {
    let store: any TrackingStore & OrderStore
    let clock: @Sendable () -> Date

    public init(store: any TrackingStore & OrderStore, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.clock = clock
    }

    /// The order's events after `sequence`, oldest first: what a stream replays, then follows.
    public func events(orderId: String, afterSequence sequence: Int, limit: Int) async throws -> [TrackingEvent] {
        try await store.events(orderId: orderId, afterSequence: sequence, limit: limit)
    }

    /// Where a stream resumes after `eventId`: that event's sequence, or 0 (the whole timeline) when the
    /// order never had it, since EventSource gives up for good on an error and clients drop ids they have seen.
    public func resumeSequence(orderId: String, after eventId: String) async throws -> Int {
        try await store.eventSequence(orderId: orderId, eventId: eventId) ?? 0
    }

    /// Hands a shipment to a carrier under a waybill number. Without `shipmentId`, the order's only shipment.
    public func assignWaybill(orderId: String, shipmentId: String?, carrierCode: String, waybillNumber: String, by user: User) async throws -> Order {
        guard [.admin, .warehouse, .dispatcher].contains(user.role) else { throw LogisticsError.forbidden("only admin, warehouse or dispatcher staff may hand parcels to carriers") }
        try Self.checkCode(carrierCode, field: "carrierCode")
        try Self.checkCode(waybillNumber, field: "waybillNumber")
        guard let order = try await store.order(id: orderId) else { throw LogisticsError.notFound("order \(orderId)") }
        let shipment: Shipment
        if let shipmentId {
            guard let match = order.shipments.first(where: { $0.id == shipmentId }) else { throw LogisticsError.notFound("shipment \(shipmentId)") }
            shipment = match
        } else {
            guard order.shipments.count == 1 else {
                throw LogisticsError.validation(field: "shipmentId", message: "the order has \(order.shipments.count) shipments; name one")
            }
            shipment = order.shipments[0]
        }
        try await store.assignWaybill(orderId: orderId, shipmentId: shipment.id, carrierCode: carrierCode, waybillNumber: waybillNumber)
        return try await store.order(id: orderId)!
    }

    /// Stores a carrier event and moves the order forward if the event is the newest so far.
    /// - Returns: the order after the event and whether the event had been received before.
    public func ingest(_ update: CarrierUpdate) async throws -> (order: Order, duplicate: Bool) {
        try Self.checkCode(update.carrierCode, field: "carrierCode")
        try Self.checkCode(update.waybillNumber, field: "waybill")
        guard let tag = TrackingTag(carrierStatus: update.status) else {
            throw LogisticsError.validation(field: "status", message: "unknown carrier status \(update.status)")
        }
        guard update.description.count <= 500, (update.place?.count ?? 0) <= 200 else {
            throw LogisticsError.validation(field: "description", message: "description at most 500, place at most 200 characters")
        }
        guard let (shipmentId, orderId) = try await store.shipment(carrierCode: update.carrierCode, waybillNumber: update.waybillNumber) else {
            throw LogisticsError.notFound("waybill \(update.carrierCode) \(update.waybillNumber)")
        }
        for _ in 0..<5 {
            guard let order = try await store.order(id: orderId) else { throw LogisticsError.notFound("order \(orderId)") }
            let latest = try await store.latestCarrierEventTime(orderId: orderId)
            // An event older than one already applied is history: it joins the timeline, the status stays.
            let isNewest = latest.map { update.occurredAt >= $0 } ?? true
            // A parcel of an order split over warehouses: the order is delivered with its last parcel.
            let othersOwed = order.shipments.filter { $0.id != shipmentId && $0.deliveredAt == nil }.count
            let delivering = isNewest && tag.orderTarget == .delivered ? (shipmentId: shipmentId, othersOwed: othersOwed) : nil
            let target = delivering != nil && othersOwed > 0 ? .outForDelivery : tag.orderTarget
            let steps = isNewest ? target.map { StatusPath.forward(from: order.status, to: $0) } ?? [] : []
            let event = TrackingEvent(
                id: Identifier.make("evt", at: clock()), orderId: orderId, status: steps.last ?? order.status,
                message: update.description.isEmpty ? tag.rawValue : update.description, actor: update.carrierCode, source: .carrier,
                occurredAt: update.occurredAt, place: update.place, tag: tag)
            do {
                guard let updated = try await store.recordCarrierEvent(event, dedupKey: update.dedupKey, expectedStatus: order.status, steps: steps,
                                                                       delivering: delivering) else {
                    return (try await store.order(id: orderId) ?? order, true)
                }
                return (updated, false)
            } catch LogisticsError.conflict(.concurrentUpdate, _) {
                continue  // the order moved meanwhile; decide again on fresh state
            }
        }
        throw LogisticsError.conflict(.concurrentUpdate, message: "the order keeps changing; retry the callback")
    }

    static func checkCode(_ value: String, field: String) throws(LogisticsError) {
        guard (1...64).contains(value.count), value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw .validation(field: field, message: "1 to 64 letters, digits, '-' or '_'")
        }
    }
}
