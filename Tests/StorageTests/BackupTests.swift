import Foundation
import Logging
import Logistics
import Storage
import TestSupport
import Testing

@Suite("Backups")
struct BackupTests {
    static let logger = Logger(label: "test.backup")

    static func temporaryFile(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("chargemall-backup-\(UUID().uuidString)").appendingPathComponent(name).path
    }

    @Test("a backup taken while orders are placed restores to the same orders, stock and ledger; the schema comes back current",
          arguments: TestDatabase.available)
    func roundTrip(_ database: TestDatabase) async throws {
        try await database.withFresh { client, url in
            let fixtures = Fixtures(client: client)
            try await fixtures.catalogue()
            try await fixtures.receive(400, of: "CB-GBT-5M")
            let service = OrderService(store: fixtures.store)
            var buyers: [(User, Address)] = []
            for index in 0..<5 { buyers.append(try await fixtures.customer("b\(index)")) }
            for (user, address) in buyers {
                _ = try await service.place(PlaceOrderCommand(lines: [.init(sku: "CB-GBT-5M", quantity: 2)], addressId: address.id), by: user, idempotencyKey: nil)
            }
            let file = Self.temporaryFile(database == .sqlite ? "backup.sqlite" : "backup.dump")
            // Online: orders keep coming while the backup runs; the copy is one consistent moment of them.
            let placing = Task {
                for attempt in 0..<40 {
                    let (user, address) = buyers[attempt % buyers.count]
                    _ = try await service.place(PlaceOrderCommand(lines: [.init(sku: "CB-GBT-5M", quantity: 1)], addressId: address.id), by: user, idempotencyKey: nil)
                }
            }
            let taken = try await DatabaseBackup.backup(url, to: file, logger: Self.logger)
            try await placing.value
            #expect(taken.bytes > 0 && taken.schemaVersion == Migrator.latestVersion && taken.orders >= 5 && taken.users == 5)
            await #expect(throws: DatabaseBackup.Failure.self) { try await DatabaseBackup.backup(url, to: file, logger: Self.logger) }

            let check = { (target: DatabaseURL) async throws in
                let restored = try await DatabaseBackup.restore(file, into: target, replace: false, logger: Self.logger)
                #expect(restored.schemaVersion == Migrator.latestVersion && restored.users == 5)
                let copy = try await target.connect(logger: Self.logger, connections: 2)
                let store = SQLLogisticsStore(client: copy)
                let orders = try await store.orders(customerId: nil, status: nil, before: nil, limit: 200)
                #expect(orders.count == restored.orders && orders.count >= 5 && orders.count <= 45)
                // The same orders as the source, line for line, and a ledger that adds up to the stock levels.
                for order in orders { #expect(try await fixtures.store.order(id: order.id)?.lines == order.lines) }
                #expect(try await store.ledgerDiscrepancies().isEmpty)
                let reserved = try await store.stockLevels(skus: ["CB-GBT-5M"], warehouseId: nil).map(\.reserved).reduce(0, +)
                #expect(reserved == orders.flatMap(\.lines).map(\.quantity).reduce(0, +))
                await copy.shutdown()
            }
            switch database {
            case .sqlite:
                let target = DatabaseURL.sqlite(path: Self.temporaryFile("restored.sqlite"))
                try await check(target)
                // An existing database is replaced only when asked.
                await #expect(throws: DatabaseBackup.Failure.self) { try await DatabaseBackup.restore(file, into: target, replace: false, logger: Self.logger) }
                #expect(try await DatabaseBackup.restore(file, into: target, replace: true, logger: Self.logger).users == 5)
            case .postgres:
                // Into another (empty, migrated) database: its contents are replaced by the backup's.
                try await database.withFresh { _, target in try await check(target) }
            }
            // Not a backup at all: refused, nothing touched.
            let junk = Self.temporaryFile("junk.bin")
            try FileManager.default.createDirectory(atPath: (junk as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data("not a backup".utf8).write(to: URL(fileURLWithPath: junk))
            await #expect(throws: DatabaseBackup.Failure.self) { try await DatabaseBackup.restore(junk, into: url, replace: true, logger: Self.logger) }
            #expect(try await fixtures.store.orders(customerId: nil, status: nil, before: nil, limit: 200).count == 45)
        }
    }
}
