import Foundation
import Logistics
import SQLKit

/// The `LogisticsStore` on SQLKit: one implementation for SQLite and PostgreSQL.
public struct SQLLogisticsStore: LogisticsStore {
    public let client: any DatabaseClient
    /// Told after every committed change to an order, for live pushes.
    public let changes: OrderChanges

    public init(client: any DatabaseClient, changes: OrderChanges = OrderChanges()) {
        self.client = client
        self.changes = changes
    }

    // MARK: Catalogue

    public func products(skus: [String]?) async throws -> [Product] {
        try await client.read { db in
            let rows: [any SQLRow]
            if let skus {
                if skus.isEmpty { return [] }
                rows = try await db.raw("SELECT * FROM products WHERE sku IN (\(binds: skus)) ORDER BY sku").all()
            } else {
                rows = try await db.raw("SELECT * FROM products ORDER BY sku").all()
            }
            return try rows.map(Self.product(from:))
        }
    }

    public func upsertProduct(_ product: Product) async throws {
        try await client.transaction { db in
            try await db.raw("""
                INSERT INTO products (sku, name, category, weight_grams, volume_ml, needs_installation, serial_tracked, price_cents, active)
                VALUES (\(bind: product.sku), \(bind: product.name), \(bind: product.category.rawValue), \(bind: product.weightGrams),
                  \(bind: product.volumeMillilitres), \(bind: product.needsInstallation), \(bind: product.serialTracked),
                  \(bind: product.priceCents), \(bind: product.active))
                ON CONFLICT (sku) DO UPDATE SET name = excluded.name, category = excluded.category, weight_grams = excluded.weight_grams,
                  volume_ml = excluded.volume_ml, needs_installation = excluded.needs_installation, serial_tracked = excluded.serial_tracked,
                  price_cents = excluded.price_cents, active = excluded.active
                """).run()
        }
    }

    public func availableBySKU() async throws -> [String: Int] {
        try await client.read { db in
            let rows = try await db.raw("SELECT sku, CAST(SUM(on_hand - reserved) AS BIGINT) AS available FROM stock_levels GROUP BY sku").all()
            var result: [String: Int] = [:]
            for row in rows { result[try row.decode(column: "sku", as: String.self)] = try row.decode(column: "available", as: Int.self) }
            return result
        }
    }

    public func warehouses() async throws -> [Warehouse] {
        try await client.read { db in
            try await db.raw("SELECT * FROM warehouses ORDER BY id").all().map { row in
                Warehouse(
                    id: try row.decode(column: "id", as: String.self), code: try row.decode(column: "code", as: String.self),
                    name: try row.decode(column: "name", as: String.self), address: try row.decode(column: "address", as: String.self),
                    location: GeoPoint(latitude: try row.decode(column: "latitude", as: Double.self), longitude: try row.decode(column: "longitude", as: Double.self)))
            }
        }
    }

    public func insertWarehouse(_ warehouse: Warehouse) async throws {
        try await client.transaction { db in
            try await db.raw("""
                INSERT INTO warehouses (id, code, name, address, latitude, longitude) VALUES (\(bind: warehouse.id), \(bind: warehouse.code),
                  \(bind: warehouse.name), \(bind: warehouse.address), \(bind: warehouse.location.latitude), \(bind: warehouse.location.longitude))
                """).run()
        }
    }

    static func product(from row: any SQLRow) throws -> Product {
        Product(
            sku: try row.decode(column: "sku", as: String.self), name: try row.decode(column: "name", as: String.self),
            category: ProductCategory(rawValue: try row.decode(column: "category", as: String.self)) ?? .sparePart,
            weightGrams: try row.decode(column: "weight_grams", as: Int.self), volumeMillilitres: try row.decode(column: "volume_ml", as: Int.self),
            needsInstallation: try row.decode(column: "needs_installation", as: Bool.self),
            serialTracked: try row.decode(column: "serial_tracked", as: Bool.self),
            priceCents: try row.decode(column: "price_cents", as: Int.self), active: try row.decode(column: "active", as: Bool.self))
    }
}

extension SQLRow {
    /// Decodes a nullable column (SQL NULL becomes nil), in one lookup of the column: both drivers read
    /// NULL into an Optional themselves.
    func optional<T: Decodable>(_ column: String, as type: T.Type) throws -> T? {
        try decode(column: column, as: T?.self)
    }
}

extension SQLLogisticsStore {
    /// `SELECT * FROM table` with an equality filter per non-nil value, ids below `before`, newest first:
    /// the shape of every staff list. Table and column names are ours, never the caller's input.
    static func newestFirst(from table: String, where filters: [(column: String, value: String?)], before: (some Encodable & Sendable)?, limit: Int) -> SQLQueryString {
        var query = SQLQueryString("SELECT * FROM \(unsafeRaw: table) WHERE 1 = 1")
        for (column, value) in filters {
            guard let value else { continue }
            query.appendInterpolation(unsafeRaw: " AND \(column) = ")
            query.appendInterpolation(bind: value)
        }
        if let before {
            query.appendInterpolation(unsafeRaw: " AND id < ")
            query.appendInterpolation(bind: before)
        }
        query.appendInterpolation(unsafeRaw: " ORDER BY id DESC LIMIT ")
        query.appendInterpolation(literal: max(1, min(limit, 200)))
        return query
    }
}

/// Unix milliseconds, the storage form of every time.
enum Millis {
    static func from(_ date: Date) -> Int { Int((date.timeIntervalSince1970 * 1000).rounded()) }
    static func date(_ millis: Int) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }
}
