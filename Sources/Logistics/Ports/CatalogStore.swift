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
