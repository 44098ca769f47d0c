/// The catalogue as customers see it, and its upkeep by staff.
public struct CatalogService: Sendable {
    let store: any CatalogStore

    public init(store: any CatalogStore) { self.store = store }

    /// Active products with the units available over all warehouses.
    public func warehouses(by user: User) async throws -> [Warehouse] {
        guard user.role.isStaff else { throw LogisticsError.forbidden("staff only") }
        return try await store.warehouses()
    }

    public func listing() async throws -> [(product: Product, available: Int)] {
        let available = try await store.availableBySKU()
        return try await store.products(skus: nil).filter(\.active).map { ($0, available[$0.sku] ?? 0) }
    }

    public func save(_ product: Product, by user: User) async throws -> Product {
        guard user.role == .admin else { throw LogisticsError.forbidden("only an admin may change the catalogue") }
        try product.validate()
        try await store.upsertProduct(product)
        return product
    }
}
