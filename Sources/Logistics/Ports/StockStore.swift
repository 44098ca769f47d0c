import Foundation

/// The stock ledger and the levels it keeps.
public protocol StockStore: Sendable {
    /// Appends movements and updates the levels they touch; fails whole if any level would go negative.
    func record(_ movements: [StockMovementRequest], at time: Date) async throws
    func stockLevels(skus: [String]?, warehouseId: String?) async throws -> [StockLevel]
    func movements(warehouseId: String?, sku: String?, afterId: Int64?, limit: Int) async throws -> [StockMovement]
    /// Levels whose stored figures differ from the sum of their movements; empty when the ledger is sound.
    func ledgerDiscrepancies() async throws -> [LedgerDiscrepancy]
}

/// A ledger entry to append: its kind fixes the signs, the quantity is positive (adjustments signed).
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
