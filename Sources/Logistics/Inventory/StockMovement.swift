import Foundation

/// One row of the append-only stock ledger. Stock levels are the running sum of these rows.
public struct StockMovement: Codable, Equatable, Sendable {
    public var id: Int64
    public var warehouseId: String
    public var sku: String
    public var kind: StockMovementKind
    /// Change to units physically in the warehouse.
    public var onHandDelta: Int
    /// Change to units promised to orders.
    public var reservedDelta: Int
    public var orderId: String?
    public var note: String?
    public var createdAt: Date

    public init(
        id: Int64, warehouseId: String, sku: String, kind: StockMovementKind, onHandDelta: Int, reservedDelta: Int,
        orderId: String?, note: String?, createdAt: Date
    ) {
        self.id = id
        self.warehouseId = warehouseId
        self.sku = sku
        self.kind = kind
        self.onHandDelta = onHandDelta
        self.reservedDelta = reservedDelta
        self.orderId = orderId
        self.note = note
        self.createdAt = createdAt
    }
}

/// Why stock moved. Each kind fixes the sign of its deltas, so a quantity is always positive.
public enum StockMovementKind: String, Codable, CaseIterable, Sendable {
    case receipt, reservation, release, shipment, `return`, adjustment, transferOut, transferIn

    /// (onHand, reserved) deltas for `quantity` units (adjustments carry their own sign).
    public func deltas(quantity: Int) -> (onHand: Int, reserved: Int) {
        switch self {
        case .receipt, .return, .transferIn: (quantity, 0)
        case .reservation: (0, quantity)
        case .release: (0, -quantity)
        case .shipment: (-quantity, -quantity)
        case .adjustment: (quantity, 0)
        case .transferOut: (-quantity, 0)
        }
    }
}

/// Stock of one SKU in one warehouse. `available` is what new orders may reserve.
public struct StockLevel: Codable, Equatable, Sendable {
    public var warehouseId: String
    public var sku: String
    public var onHand: Int
    public var reserved: Int
    public var reorderPoint: Int
    public var reorderQuantity: Int

    public init(warehouseId: String, sku: String, onHand: Int, reserved: Int, reorderPoint: Int = 0, reorderQuantity: Int = 0) {
        self.warehouseId = warehouseId
        self.sku = sku
        self.onHand = onHand
        self.reserved = reserved
        self.reorderPoint = reorderPoint
        self.reorderQuantity = reorderQuantity
    }

    public var available: Int { onHand - reserved }
}
