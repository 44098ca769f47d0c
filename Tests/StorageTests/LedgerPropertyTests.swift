import Foundation
import Logistics
import Storage
import TestSupport
import Testing

/// Random ledger operations against a plain model: the database must accept exactly what the model
/// accepts, end in the same state, and keep every level equal to the sum of its movements.
@Suite("Stock ledger")
struct LedgerPropertyTests {
    struct Model {
        var onHand: [String: Int] = [:]
        var reserved: [String: Int] = [:]

        /// Applies the movement if it keeps 0 <= reserved <= onHand; returns whether it did.
        mutating func apply(_ key: String, _ kind: StockMovementKind, _ quantity: Int) -> Bool {
            let (dOn, dRes) = kind.deltas(quantity: quantity)
            let newOn = onHand[key, default: 0] + dOn, newRes = reserved[key, default: 0] + dRes
            guard newOn >= 0, newRes >= 0, newRes <= newOn else { return false }
            onHand[key] = newOn
            reserved[key] = newRes
            return true
        }
    }

    @Test("random receipts, reservations, releases, shipments and returns match the model", arguments: TestDatabase.available)
    func randomOperations(_ database: TestDatabase) async throws {
        try await database.withFresh { client in
            let fixtures = Fixtures(client: client)
            try await fixtures.catalogue()
            var model = Model()
            let rng = SeededRandom(seed: 42)
            let skus = ["WB-7KW-BASIC", "CB-GBT-5M", "SP-FUSE-KIT"]
            let warehouses = ["wh_nanshan", "wh_baoan"]
            let kinds: [StockMovementKind] = [.receipt, .reservation, .release, .shipment, .return, .adjustment]
            var accepted = 0, refused = 0
            for _ in 0..<300 {
                let sku = skus[Int(rng.next() % 3)], warehouse = warehouses[Int(rng.next() % 2)]
                let kind = kinds[Int(rng.next() % UInt64(kinds.count))]
                var quantity = Int(rng.next() % 12) + 1
                if kind == .adjustment, rng.next() % 2 == 0 { quantity = -quantity }
                let expected = model.apply("\(warehouse)/\(sku)", kind, quantity)
                do {
                    try await fixtures.store.record([StockMovementRequest(warehouseId: warehouse, sku: sku, kind: kind, quantity: quantity)], at: Date())
                    #expect(expected, "database accepted \(kind) \(quantity) that the model refuses")
                    accepted += 1
                } catch let error as LogisticsError {
                    #expect(!expected, "database refused \(kind) \(quantity): \(error)")
                    #expect(error.code == "stock_would_go_negative")
                    refused += 1
                }
            }
            #expect(accepted > 100 && refused > 10, "the random walk should exercise both outcomes")
            for level in try await fixtures.store.stockLevels(skus: nil, warehouseId: nil) {
                let key = "\(level.warehouseId)/\(level.sku)"
                #expect(level.onHand == model.onHand[key, default: 0], "\(key) on hand")
                #expect(level.reserved == model.reserved[key, default: 0], "\(key) reserved")
            }
            #expect(try await fixtures.store.ledgerDiscrepancies().isEmpty)
            // And independently of the store's own check: sum the movements here.
            let movements = try await fixtures.store.movements(warehouseId: nil, sku: nil, afterId: nil, limit: 10_000)
            var sums: [String: (Int, Int)] = [:]
            for movement in movements {
                let key = "\(movement.warehouseId)/\(movement.sku)"
                sums[key] = (sums[key, default: (0, 0)].0 + movement.onHandDelta, sums[key, default: (0, 0)].1 + movement.reservedDelta)
            }
            for (key, sum) in sums {
                #expect(sum.0 == model.onHand[key, default: 0] && sum.1 == model.reserved[key, default: 0], "\(key) ledger sum")
            }
        }
    }

    @Test("the ledger is append-only: the database refuses to update or delete a movement", arguments: TestDatabase.available)
    func appendOnly(_ database: TestDatabase) async throws {
        try await database.withFresh { client in
            let fixtures = Fixtures(client: client)
            try await fixtures.catalogue()
            try await fixtures.receive(10, of: "CB-GBT-5M")
            await #expect(throws: (any Error).self) {
                try await client.transaction { db in try await db.raw("UPDATE stock_movements SET on_hand_delta = 1000").run() }
            }
            await #expect(throws: (any Error).self) {
                try await client.transaction { db in try await db.raw("DELETE FROM stock_movements").run() }
            }
            #expect(try await fixtures.level("CB-GBT-5M").onHand == 10)
            #expect(try await fixtures.store.movements(warehouseId: nil, sku: nil, afterId: nil, limit: 10).count == 1)
        }
    }

    @Test("the CHECK constraint stops a level going negative even when code bypasses the service", arguments: TestDatabase.available)
    func checkConstraint(_ database: TestDatabase) async throws {
        try await database.withFresh { client in
            let fixtures = Fixtures(client: client)
            try await fixtures.catalogue()
            try await fixtures.receive(3, of: "CB-GBT-5M")
            await #expect(throws: (any Error).self) {
                try await client.transaction { db in try await db.raw("UPDATE stock_levels SET reserved = 4").run() }
            }
            #expect(try await fixtures.level("CB-GBT-5M").reserved == 0)
        }
    }

    @Test("migrations are recorded and a second run applies nothing", arguments: TestDatabase.available)
    func migrationsIdempotent(_ database: TestDatabase) async throws {
        try await database.withFresh { client in
            let applied = try await Migrator(client: client, logger: .init(label: "test")).migrate()
            #expect(applied.isEmpty)
        }
    }
}
