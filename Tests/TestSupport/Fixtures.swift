import Foundation
import Logistics
import Storage

/// Small factories for tests: a catalogue, stock, customers with addresses.
public struct Fixtures: Sendable {
    public let store: SQLLogisticsStore

    public init(client: any DatabaseClient) {
        self.store = SQLLogisticsStore(client: client)
    }

    /// The demo warehouses and catalogue, with no stock.
    public func catalogue() async throws {
        for warehouse in DemoCatalog.warehouses { try await store.insertWarehouse(warehouse) }
        for product in DemoCatalog.products { try await store.upsertProduct(product) }
    }

    public func receive(_ quantity: Int, of sku: String, in warehouseId: String = "wh_nanshan") async throws {
        try await store.record([StockMovementRequest(warehouseId: warehouseId, sku: sku, kind: .receipt, quantity: quantity)], at: Date())
    }

    /// A customer with one address in Futian (nearest to the Nanshan warehouse among the demo ones).
    public func customer(_ name: String = "buyer") async throws -> (user: User, address: Address) {
        let user = User(id: Identifier.make("usr"), email: "\(name)-\(UUID().uuidString.prefix(8))@example.com".lowercased(), name: name, phone: "13800000000", role: .customer, createdAt: Date())
        try await store.insertUser(user, passwordHash: "x")
        let address = Address(id: Identifier.make("adr"), customerId: user.id, recipient: name, phone: "13800000000", region: "Shenzhen Futian", detail: "Shennan Blvd 1", latitude: 22.541, longitude: 114.055)
        try await store.insertAddress(address)
        return (user, address)
    }

    public func staff(_ role: Role) -> User {
        User(id: "usr_staff_\(role.rawValue)", email: "\(role.rawValue)@staff.test", name: role.rawValue, phone: "0", role: role, createdAt: Date())
    }

    /// Stock of one SKU in one warehouse (zero if the level does not exist yet).
    public func level(_ sku: String, in warehouseId: String = "wh_nanshan") async throws -> StockLevel {
        try await store.stockLevels(skus: [sku], warehouseId: warehouseId).first ?? StockLevel(warehouseId: warehouseId, sku: sku, onHand: 0, reserved: 0)
    }

    /// A fresh database with the demo catalogue, `quantity` of `sku` in Nanshan and one customer: the start
    /// of most order tests.
    public static func withStockedCustomer<T: Sendable>(
        _ database: TestDatabase, quantity: Int, of sku: String,
        _ body: (Fixtures, User, Address) async throws -> T
    ) async throws -> T {
        try await database.withFresh { client in
            let fixtures = Fixtures(client: client)
            try await fixtures.catalogue()
            try await fixtures.receive(quantity, of: sku)
            let (user, address) = try await fixtures.customer()
            return try await body(fixtures, user, address)
        }
    }
}
