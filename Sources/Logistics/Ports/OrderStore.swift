import Foundation

/// Orders and their status steps. A step writes the order, its tracking event and its ledger movements in
/// one transaction, so placing and moving orders stays whole on this port although it touches stock.
public protocol OrderStore: Sendable {
    /// Reserves every pick with a conditional update and inserts the order; throws `insufficientStock`
    /// if another order took the stock first (nothing is kept then).
    func placeOrder(_ placement: OrderPlacement) async throws -> Order
    func order(id: String) async throws -> Order?
    /// The order for showing to people: may come from a cache that every committed change clears, so it
    /// is as fresh as `order(id:)` except for a moment after another instance's change. Never use it to
    /// decide a change.
    func displayOrder(id: String) async throws -> Order?
    func order(customerId: String, idempotencyKey: String) async throws -> (order: Order, requestHash: String)?
    /// Newest first; `before` is the id of the last order of the previous page.
    func orders(customerId: String?, status: OrderStatus?, before: String?, limit: Int) async throws -> [Order]
    /// Moves the order only if it is still in `change.from`; throws `conflict(.concurrentUpdate)` otherwise.
    func apply(_ change: OrderStatusChange) async throws -> Order
    /// Unpaid orders whose reservation lapsed before `now`.
    func expiredReservations(now: Date, limit: Int) async throws -> [String]
}

extension OrderStore {
    public func displayOrder(id: String) async throws -> Order? { try await order(id: id) }
}

/// Everything needed to write a new order in one transaction.
public struct OrderPlacement: Sendable {
    public var order: Order
    public var picks: [Allocation.Pick]
    public var idempotencyKey: String?
    public var requestHash: String

    public init(order: Order, picks: [Allocation.Pick], idempotencyKey: String?, requestHash: String) {
        self.order = order
        self.picks = picks
        self.idempotencyKey = idempotencyKey
        self.requestHash = requestHash
    }
}

/// A status step with its ledger effect and timeline event, applied atomically.
public struct OrderStatusChange: Sendable {
    public var orderId: String
    public var from: OrderStatus
    public var to: OrderStatus
    public var event: TrackingEvent
    public var stockEffect: StockEffect
    public var paymentReference: String?
    /// Money the step owes back (a paid order cancelled), recorded with it.
    public var refund: Refund?
    public var at: Date

    public init(orderId: String, from: OrderStatus, to: OrderStatus, event: TrackingEvent, stockEffect: StockEffect, paymentReference: String? = nil,
                refund: Refund? = nil, at: Date) {
        self.orderId = orderId
        self.from = from
        self.to = to
        self.event = event
        self.stockEffect = stockEffect
        self.paymentReference = paymentReference
        self.refund = refund
        self.at = at
    }
}

/// What a status step does to the order's stock, line by line.
public enum StockEffect: Sendable, Equatable {
    case none
    /// Cancelled before shipping: reserved units become available again.
    case release
    /// Left the warehouse: units leave on-hand and reserved together.
    case ship
    /// Came back after shipping: units return to on-hand.
    case restock

    public static func of(from: OrderStatus, to: OrderStatus) -> StockEffect {
        switch to {
        case .cancelled: from.hasShipped ? .none : .release
        case .shipped: .ship
        case .returned: .restock
        default: .none
        }
    }

    public var movementKind: StockMovementKind? {
        switch self {
        case .none: nil
        case .release: .release
        case .ship: .shipment
        case .restock: .return
        }
    }
}

/// A customer's new delivery address for an order.
public protocol AddressChangeStore: Sendable {
    /// Writes the new address on the order and on its stops not yet visited, and `event`, in one transaction,
    /// if the order is still in `expected`; throws `conflict(.concurrentUpdate)` otherwise.
    func changeAddress(orderId: String, expected: OrderStatus, to address: AddressSnapshot, event: TrackingEvent) async throws -> Order
    /// The ready (not yet published) dispatch plan that holds the order, if any.
    func readyPlanId(containing orderId: String) async throws -> String?
}

/// Installation appointments: the order's delivery window is the crew's slot.
public protocol AppointmentStore: Sendable {
    /// Orders with a booked slot that starts in [from, to), by slot start, at one warehouse (finished orders left out).
    func bookedSlots(warehouseId: String, from: Date, to: Date) async throws -> [Date: Int]
    /// Books `window` for the order if it is still in `expected` and fewer than `crews` unfinished orders of the
    /// warehouse hold that slot (checked under a lock of the warehouse, so two bookings of the last seat cannot
    /// both win), with `event`; its stops not yet visited take the window too. False when the slot is full.
    func bookSlot(orderId: String, expected: OrderStatus, warehouseId: String, window: DeliveryWindow, crews: Int, event: TrackingEvent) async throws -> Bool
}
