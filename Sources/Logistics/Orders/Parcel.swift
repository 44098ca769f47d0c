import Foundation

/// One shipment of an order as deliveries see it. An order that no single warehouse could fill travels as
/// one parcel per warehouse, each on its own warehouse's van (or with a carrier), and is delivered when its
/// last parcel is: until then a parcel delivered is a step of the timeline, not of the order.
public struct Parcel: Sendable, Equatable {
    public var warehouseId: String
    public var byCarrier: Bool
    public var delivered: Bool
    /// On a started route, its stop not yet done.
    public var onTheRoad: Bool
    /// Failed delivery attempts so far.
    public var failedAttempts: Int
    /// Whether its latest attempt failed (it waits for its warehouse's next plan).
    public var lastAttemptFailed: Bool

    public init(warehouseId: String, byCarrier: Bool = false, delivered: Bool = false, onTheRoad: Bool = false,
                failedAttempts: Int = 0, lastAttemptFailed: Bool = false) {
        self.warehouseId = warehouseId
        self.byCarrier = byCarrier
        self.delivered = delivered
        self.onTheRoad = onTheRoad
        self.failedAttempts = failedAttempts
        self.lastAttemptFailed = lastAttemptFailed
    }
}

extension [Parcel] {
    /// The steps an order out for delivery takes once the attempt at `warehouseId`'s parcel ended, given its
    /// parcels as they were before it: delivered once every parcel is; none while another parcel is on the
    /// road (its van decides next) or, after a delivery, still to come; otherwise a failed attempt makes the
    /// order's delivery failed (the parcels still owed go with their warehouses' next plans), and one
    /// that has failed `maxAttempts` times sends it back.
    /// An order with one parcel so takes the steps it always did.
    public func orderSteps(afterAttemptAt warehouseId: String, delivered: Bool, maxAttempts: Int) -> [OrderStatus] {
        let after = map { parcel -> Parcel in
            guard parcel.warehouseId == warehouseId, !parcel.byCarrier else { return parcel }
            var parcel = parcel
            parcel.onTheRoad = false
            if delivered {
                parcel.delivered = true
            } else {
                parcel.failedAttempts += 1
                parcel.lastAttemptFailed = true
            }
            return parcel
        }
        let owed = after.filter { !$0.delivered }
        if owed.isEmpty { return [.delivered] }
        if owed.contains(where: \.onTheRoad) { return [] }
        let failed = owed.filter(\.lastAttemptFailed)
        if failed.isEmpty { return [] }
        return failed.contains { $0.failedAttempts >= maxAttempts } ? [.deliveryFailed, .returned] : [.deliveryFailed]
    }
}

/// The timeline's line for one parcel of a split order whose attempt ended while the order stays out for
/// delivery. Tagged as a carrier tags a shipment (`delivered`, `attemptFailed`) on an event whose status is
/// the order's; the note is "<parcels still owed>|<recipient, or the driver's reason>".
public enum ParcelNotes {
    public static func event(delivered: Bool, owed: Int, detail: String, orderId: String, status: OrderStatus, actor: String,
                             at time: Date) -> TrackingEvent {
        let detail = String(detail.prefix(300))
        return TrackingEvent(id: Identifier.make("evt", at: time), orderId: orderId, status: status,
                             message: sentence(delivered: delivered, owed: owed, detail: detail, in: .en), actor: actor, source: .driver,
                             occurredAt: time, note: "\(owed)|\(detail)", tag: delivered ? .delivered : .attemptFailed)
    }

    /// The customer's sentence for a parcel's event, nil when `event` is not one.
    static func sentence(_ event: TrackingEvent, in language: TimelineLanguage) -> String? {
        guard event.status == .outForDelivery, event.tag == .delivered || event.tag == .attemptFailed,
              let parts = event.note?.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false), parts.count == 2,
              let owed = Int(parts[0]) else { return nil }
        return sentence(delivered: event.tag == .delivered, owed: owed, detail: String(parts[1]), in: language)
    }

    static func sentence(delivered: Bool, owed: Int, detail: String, in language: TimelineLanguage) -> String {
        switch (delivered, language) {
        case (true, .zhCN): "订单的一个包裹已签收（签收人：\(detail)），还有 \(owed) 个包裹在路上"
        case (true, .en): "A parcel of your order was delivered, received by \(detail); \(owed) more to come"
        case (false, .zhCN): "订单的一个包裹派送未成功（\(detail)），将再次派送，其余包裹仍在派送中"
        case (false, .en): "A parcel of your order could not be delivered (\(detail)); it is tried again, the rest is still on its way"
        }
    }
}
