/// The order status machine of DESIGN.md.
///
/// ```
/// pendingPayment -> paid -> allocated -> picking -> packed -> shipped -> outForDelivery -> delivered
///       \-> cancelled (before shipped)          deliveryFailed -> outForDelivery (retry) | returned
/// ```
public enum OrderStatus: String, Codable, CaseIterable, Sendable {
    case pendingPayment, paid, allocated, picking, packed, shipped, outForDelivery, delivered
    case cancelled, deliveryFailed, returned

    /// The statuses this one may move to in one step.
    public var successors: Set<OrderStatus> {
        switch self {
        case .pendingPayment: [.paid, .cancelled]
        case .paid: [.allocated, .cancelled]
        case .allocated: [.picking, .cancelled]
        case .picking: [.packed, .cancelled]
        case .packed: [.shipped, .cancelled]
        case .shipped: [.outForDelivery]
        case .outForDelivery: [.delivered, .deliveryFailed]
        case .deliveryFailed: [.outForDelivery, .returned]
        case .delivered, .cancelled, .returned: []
        }
    }

    public func canMove(to next: OrderStatus) -> Bool { successors.contains(next) }

    /// Throws `forbiddenTransition` unless the machine allows `self -> next`.
    public func checkedMove(to next: OrderStatus) throws(LogisticsError) -> OrderStatus {
        guard canMove(to: next) else { throw .forbiddenTransition(from: self, to: next) }
        return next
    }

    public var isTerminal: Bool { successors.isEmpty }

    /// Goods have left the warehouse: stock was already shipped out of the ledger.
    public var hasShipped: Bool {
        switch self {
        case .shipped, .outForDelivery, .delivered, .deliveryFailed, .returned: true
        default: false
        }
    }

    /// Which staff roles may make the step to `self` through the transitions endpoint.
    /// `paid` normally comes from the payment callback; an admin may record an offline payment.
    public var rolesAllowedToEnter: Set<Role> {
        switch self {
        case .pendingPayment: []
        case .paid: [.admin]
        case .allocated, .picking, .packed, .shipped: [.admin, .warehouse]
        case .outForDelivery, .delivered, .deliveryFailed: [.admin, .dispatcher, .driver]
        case .returned: [.admin, .warehouse, .dispatcher]
        case .cancelled: [.admin, .agent, .warehouse]
        }
    }

    /// A short English sentence for the timeline.
    public var sentence: String {
        switch self {
        case .pendingPayment: "Order placed, waiting for payment"
        case .paid: "Payment received"
        case .allocated: "Stock allocated in the warehouse"
        case .picking: "Warehouse is picking the items"
        case .packed: "Parcel packed"
        case .shipped: "Parcel left the warehouse"
        case .outForDelivery: "Out for delivery"
        case .delivered: "Delivered"
        case .cancelled: "Order cancelled"
        case .deliveryFailed: "Delivery attempt failed"
        case .returned: "Returned to the warehouse"
        }
    }
}
