import Foundation

/// Products and warehouses.
public protocol CatalogStore: Sendable {
    func products(skus: [String]?) async throws -> [Product]
    func upsertProduct(_ product: Product) async throws
    /// Units available to new orders, summed over warehouses, per SKU.
    func availableBySKU() async throws -> [String: Int]
    func warehouses() async throws -> [Warehouse]
    func insertWarehouse(_ warehouse: Warehouse) async throws
}

extension CatalogStore {
    /// Throws `unknownSKU` for the first of `skus` that names no product.
    public func requireProducts(_ skus: [String]) async throws {
        guard !skus.isEmpty else { return }
        let known = Set(try await products(skus: Array(Set(skus))).map(\.sku))
        if let unknown = skus.first(where: { !known.contains($0) }) { throw LogisticsError.unknownSKU(unknown) }
    }
}
