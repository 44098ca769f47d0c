import Foundation

/// What the domain needs from a database. Each method is atomic: it commits whole or changes nothing.
///
/// Business rules live in the services; the store enforces the invariants that must survive concurrency
/// (conditional updates, constraints), so two racing requests can never both win.
public protocol LogisticsStore: Sendable {
    // MARK: Catalogue and warehouses
    func products(skus: [String]?) async throws -> [Product]
    func upsertProduct(_ product: Product) async throws
    /// Units available to new orders, summed over warehouses, per SKU.
    func availableBySKU() async throws -> [String: Int]
    func warehouses() async throws -> [Warehouse]
    func insertWarehouse(_ warehouse: Warehouse) async throws

    // MARK: Users and sessions
    /// Throws `conflict(email_taken)` when the e-mail is already registered.
    func insertUser(_ user: User, passwordHash: String) async throws
    func credentials(email: String) async throws -> UserCredentials?
    func user(id: String) async throws -> User?
    func countUsers(emailSuffix: String) async throws -> Int
    func insertRefreshToken(hash: String, userId: String, expiresAt: Date) async throws
    /// Marks the token used and returns its user, or nil if unknown, used or expired (rotation).
    func consumeRefreshToken(hash: String, now: Date) async throws -> String?

    // MARK: Addresses
    func insertAddress(_ address: Address) async throws
    func addresses(customerId: String) async throws -> [Address]
    func address(id: String) async throws -> Address?

    // MARK: Stock ledger
    /// Appends movements and updates the levels they touch; fails whole if any level would go negative.
    func record(_ movements: [StockMovementRequest], at time: Date) async throws
    func stockLevels(skus: [String]?, warehouseId: String?) async throws -> [StockLevel]
    func movements(warehouseId: String?, sku: String?, afterId: Int64?, limit: Int) async throws -> [StockMovement]
    /// Levels whose stored figures differ from the sum of their movements; empty when the ledger is sound.
    func ledgerDiscrepancies() async throws -> [LedgerDiscrepancy]

    // MARK: Orders
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
    /// Moves the order only if it is still in `change.from`; throws `conflict(concurrent_update)` otherwise.
    func apply(_ change: OrderStatusChange) async throws -> Order
    /// Unpaid orders whose reservation lapsed before `now`.
    func expiredReservations(now: Date, limit: Int) async throws -> [String]

    /// Paid orders the warehouse has not packed yet, per warehouse: the queue a new order joins.
    func openOrderBacklog() async throws -> [String: Int]

    // MARK: Event stream
    /// The order's events recorded after `sequence`, in recording order.
    func events(orderId: String, afterSequence sequence: Int, limit: Int) async throws -> [TrackingEvent]
    /// The sequence number of one of the order's events, nil if it is not the order's.
    func eventSequence(orderId: String, eventId: String) async throws -> Int?

    // MARK: Carriers
    /// The shipment (and its order) a carrier's waybill belongs to.
    func shipment(carrierCode: String, waybillNumber: String) async throws -> (shipmentId: String, orderId: String)?
    /// Throws `conflict(waybill_taken)` when another shipment has this waybill.
    func assignWaybill(orderId: String, shipmentId: String, carrierCode: String, waybillNumber: String) async throws
    /// The newest time of the carrier events applied to an order so far.
    func latestCarrierEventTime(orderId: String) async throws -> Date?
    /// In one transaction: checks the order is still in `expectedStatus`, stores the carrier event unless its
    /// `dedupKey` was stored before (then returns nil), and walks `steps` with their ledger effects, each
    /// but the last recorded as a system event inferred from the scan.
    func recordCarrierEvent(_ event: TrackingEvent, dedupKey: String, expectedStatus: OrderStatus, steps: [OrderStatus]) async throws -> Order?
}

/// A ledger entry to append: its kind fixes the signs, the quantity is positive (adjustments signed).
extension LogisticsStore {
    public func displayOrder(id: String) async throws -> Order? { try await order(id: id) }
}

public struct StockMovementRequest: Sendable, Equatable {
    public var warehouseId: String
    public var sku: String
    public var kind: StockMovementKind
    public var quantity: Int
    public var orderId: String?
    public var note: String?

    public init(warehouseId: String, sku: String, kind: StockMovementKind, quantity: Int, orderId: String? = nil, note: String? = nil) {
        self.warehouseId = warehouseId
        self.sku = sku
        self.kind = kind
        self.quantity = quantity
        self.orderId = orderId
        self.note = note
    }
}

/// A stock level that does not match its ledger.
public struct LedgerDiscrepancy: Sendable, Equatable, Codable {
    public var warehouseId: String
    public var sku: String
    public var storedOnHand: Int
    public var ledgerOnHand: Int
    public var storedReserved: Int
    public var ledgerReserved: Int

    public init(warehouseId: String, sku: String, storedOnHand: Int, ledgerOnHand: Int, storedReserved: Int, ledgerReserved: Int) {
        self.warehouseId = warehouseId
        self.sku = sku
        self.storedOnHand = storedOnHand
        self.ledgerOnHand = ledgerOnHand
        self.storedReserved = storedReserved
        self.ledgerReserved = ledgerReserved
    }
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
    public var at: Date

    public init(orderId: String, from: OrderStatus, to: OrderStatus, event: TrackingEvent, stockEffect: StockEffect, paymentReference: String? = nil, at: Date) {
        self.orderId = orderId
        self.from = from
        self.to = to
        self.event = event
        self.stockEffect = stockEffect
        self.paymentReference = paymentReference
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
