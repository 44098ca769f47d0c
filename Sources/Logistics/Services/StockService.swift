import Foundation

/// Goods in and corrections to the ledger, by warehouse staff.
public struct StockService: Sendable {
    let store: any StockStore & CatalogStore
    let clock: @Sendable () -> Date

    /// The largest quantity one receipt or adjustment may move.
    public static let maximumMovement = 1_000_000

    public init(store: any StockStore & CatalogStore, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.clock = clock
    }

    /// Books a delivery from a supplier into a warehouse.
    public func receive(warehouseId: String, sku: String, quantity: Int, note: String?, by user: User) async throws -> StockLevel {
        try await book(.receipt, warehouseId: warehouseId, sku: sku, quantity: quantity, note: note, by: user)
    }

    /// A stock-take correction; negative takes units away (never below what is reserved).
    public func adjust(warehouseId: String, sku: String, quantity: Int, note: String?, by user: User) async throws -> StockLevel {
        try await book(.adjustment, warehouseId: warehouseId, sku: sku, quantity: quantity, note: note, by: user)
    }

    public func levels(sku: String?, warehouseId: String?, by user: User) async throws -> [StockLevel] {
        guard user.role.isStaff else { throw LogisticsError.forbidden("staff only") }
        return try await store.stockLevels(skus: sku.map { [$0] }, warehouseId: warehouseId)
    }

    /// The ledger itself, oldest first, after movement `afterId`.
    public func movements(warehouseId: String?, sku: String?, afterId: Int64?, limit: Int, by user: User) async throws -> [StockMovement] {
        guard user.role.isStaff else { throw LogisticsError.forbidden("staff only") }
        return try await store.movements(warehouseId: warehouseId, sku: sku, afterId: afterId, limit: limit)
    }

    /// Levels that disagree with the sum of their movements; empty when the ledger is sound.
    public func ledgerDiscrepancies(by user: User) async throws -> [LedgerDiscrepancy] {
        guard user.role.isStaff else { throw LogisticsError.forbidden("staff only") }
        return try await store.ledgerDiscrepancies()
    }

    private func book(_ kind: StockMovementKind, warehouseId: String, sku: String, quantity: Int, note: String?, by user: User) async throws -> StockLevel {
        guard user.role.managesStock else { throw LogisticsError.forbidden("only admin or warehouse staff may change stock") }
        let limit = Self.maximumMovement
        if kind == .adjustment {
            guard quantity != 0, abs(quantity) <= limit else { throw LogisticsError.validation(field: "quantity", message: "non-zero, at most \(limit) in size") }
        } else {
            guard quantity > 0, quantity <= limit else { throw LogisticsError.validation(field: "quantity", message: "between 1 and \(limit)") }
        }
        guard try await store.warehouses().contains(where: { $0.id == warehouseId }) else { throw LogisticsError.notFound("warehouse \(warehouseId)") }
        guard try await !store.products(skus: [sku]).isEmpty else { throw LogisticsError.unknownSKU(sku) }
        try await store.record([StockMovementRequest(warehouseId: warehouseId, sku: sku, kind: kind, quantity: quantity, note: note.map { String($0.prefix(500)) })], at: clock())
        return try await store.stockLevels(skus: [sku], warehouseId: warehouseId).first
            ?? StockLevel(warehouseId: warehouseId, sku: sku, onHand: 0, reserved: 0)
    }
}
