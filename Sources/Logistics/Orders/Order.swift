import Foundation

/// A customer's order: lines, the address as it was, the status and its history.
public struct Order: Codable, Equatable, Sendable {
    public var id: String
    public var number: String
    public var customerId: String
    public var status: OrderStatus
    public var lines: [OrderLine]
    public var shipments: [Shipment]
    public var address: AddressSnapshot
    public var totalCents: Int
    public var deliveryWindow: DeliveryWindow?
    public var promisedDate: Date?
    /// When an unpaid order's reservation lapses; nil once paid or closed.
    public var reservationExpiresAt: Date?
    public var paymentReference: String?
    public var createdAt: Date
    public var updatedAt: Date
    public var timeline: [TrackingEvent]

    public init(
        id: String, number: String, customerId: String, status: OrderStatus, lines: [OrderLine],
        shipments: [Shipment], address: AddressSnapshot, totalCents: Int, deliveryWindow: DeliveryWindow?,
        promisedDate: Date?, reservationExpiresAt: Date?, paymentReference: String?, createdAt: Date,
        updatedAt: Date, timeline: [TrackingEvent]
    ) {
        self.id = id
        self.number = number
        self.customerId = customerId
        self.status = status
        self.lines = lines
        self.shipments = shipments
        self.address = address
        self.totalCents = totalCents
        self.deliveryWindow = deliveryWindow
        self.promisedDate = promisedDate
        self.reservationExpiresAt = reservationExpiresAt
        self.paymentReference = paymentReference
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.timeline = timeline
    }
}

/// One SKU on an order, served by one warehouse.
public struct OrderLine: Codable, Equatable, Sendable {
    public var sku: String
    public var name: String
    public var quantity: Int
    public var unitPriceCents: Int
    public var warehouseId: String

    public init(sku: String, name: String, quantity: Int, unitPriceCents: Int, warehouseId: String) {
        self.sku = sku
        self.name = name
        self.quantity = quantity
        self.unitPriceCents = unitPriceCents
        self.warehouseId = warehouseId
    }
}

/// The part of an order that leaves one warehouse.
public struct Shipment: Codable, Equatable, Sendable {
    public var id: String
    public var warehouseId: String
    public var carrierCode: String?
    public var waybillNumber: String?
    /// When this parcel was handed over (an order split over warehouses is delivered with its last one).
    public var deliveredAt: Date?

    public init(id: String, warehouseId: String, carrierCode: String? = nil, waybillNumber: String? = nil, deliveredAt: Date? = nil) {
        self.id = id
        self.warehouseId = warehouseId
        self.carrierCode = carrierCode
        self.waybillNumber = waybillNumber
        self.deliveredAt = deliveredAt
    }
}

/// The time range in which the customer wants the delivery.
public struct DeliveryWindow: Codable, Equatable, Sendable {
    public var start: Date
    public var end: Date

    public init(start: Date, end: Date) {
        self.start = start
        self.end = end
    }
}

/// One step in an order's history, written in the same transaction as the change it records.
public struct TrackingEvent: Codable, Equatable, Sendable {
    public var id: String
    public var orderId: String
    public var status: OrderStatus
    /// The sentence shown to people: ours rendered in the reader's language, a carrier's as sent.
    public var message: String
    public var actor: String
    public var source: EventSource
    public var occurredAt: Date
    /// Where it happened, e.g. a sorting centre; nil for our own steps.
    public var place: String?
    /// Free text added to our sentence (a cancellation reason, a driver's remark).
    public var note: String?
    /// The carrier tag, for events from carriers.
    public var tag: TrackingTag?
    /// Position in the order's event stream (1, 2, ...): the order events were recorded in, which is
    /// what a reconnecting client resumes from; 0 until stored.
    public var sequence: Int

    public init(
        id: String, orderId: String, status: OrderStatus, message: String, actor: String, source: EventSource, occurredAt: Date,
        place: String? = nil, note: String? = nil, tag: TrackingTag? = nil, sequence: Int = 0
    ) {
        self.id = id
        self.orderId = orderId
        self.status = status
        self.message = message
        self.actor = actor
        self.source = source
        self.occurredAt = occurredAt
        self.place = place
        self.note = note
        self.tag = tag
        self.sequence = sequence
    }
}

/// Who caused a tracking event.
public enum EventSource: String, Codable, CaseIterable, Sendable {
    case system, customer, staff, driver, carrier, payment
}

extension Order {
    /// Staff see every order, a customer only their own (another's is reported as not found, never forbidden).
    public func isVisible(to user: User) -> Bool { user.role.seesAllOrders || customerId == user.id }
}
