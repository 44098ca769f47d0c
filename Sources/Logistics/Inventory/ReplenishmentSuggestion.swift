import Foundation

/// What a planning run proposes for a SKU at a warehouse: buy from its supplier, or move from a warehouse
/// with more than it needs. Staff turn purchase suggestions into purchase orders and transfer suggestions
/// into transfers; the next run supersedes what is still open.
public struct ReplenishmentSuggestion: Codable, Equatable, Sendable {
    public var id: String
    public var runId: String
    public var kind: SuggestionKind
    public var sku: String
    public var warehouseId: String
    /// For a transfer: where the stock comes from.
    public var fromWarehouseId: String?
    public var supplierId: String?
    public var quantity: Int
    /// Why, in numbers.
    public var reason: String
    /// The day stock is projected to run out without this suggestion (nil: not within the forecast).
    public var stockoutDate: PlanningDay?
    public var daysOfCover: Double?
    /// On hand − reserved + on order.
    public var inventoryPosition: Int
    public var reorderPoint: Double
    public var orderUpTo: Double
    public var abcClass: ABCClass
    public var state: SuggestionState
    public var purchaseOrderId: String?
    public var transferId: String?
    public var createdAt: Date

    public init(id: String, runId: String, kind: SuggestionKind, sku: String, warehouseId: String, fromWarehouseId: String? = nil, supplierId: String?,
                quantity: Int, reason: String, stockoutDate: PlanningDay?, daysOfCover: Double?, inventoryPosition: Int, reorderPoint: Double,
                orderUpTo: Double, abcClass: ABCClass, state: SuggestionState = .open, purchaseOrderId: String? = nil, transferId: String? = nil,
                createdAt: Date) {
        self.id = id
        self.runId = runId
        self.kind = kind
        self.sku = sku
        self.warehouseId = warehouseId
        self.fromWarehouseId = fromWarehouseId
        self.supplierId = supplierId
        self.quantity = quantity
        self.reason = reason
        self.stockoutDate = stockoutDate
        self.daysOfCover = daysOfCover
        self.inventoryPosition = inventoryPosition
        self.reorderPoint = reorderPoint
        self.orderUpTo = orderUpTo
        self.abcClass = abcClass
        self.state = state
        self.purchaseOrderId = purchaseOrderId
        self.transferId = transferId
        self.createdAt = createdAt
    }
}

public enum SuggestionKind: String, Codable, CaseIterable, Sendable {
    case purchase, transfer
}

public enum SuggestionState: String, Codable, CaseIterable, Sendable {
    /// Waiting for staff.
    case open
    /// Turned into a purchase order or a transfer.
    case ordered
    case dismissed
    /// A later run made a new one.
    case superseded
}
