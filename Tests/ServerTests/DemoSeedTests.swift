import Foundation
import Logistics
import Server
import Testing
import TestSupport

@Suite("Demo data")
struct DemoSeedTests {
    @Test("the demo seed writes a consistent mall and its staff can sign in", arguments: TestDatabase.available)
    func seed(_ database: TestDatabase) async throws {
        try await database.withFresh { client in
            let services = try await makeServices(testConfiguration(), database: client)
            var seeder = DemoSeeder(store: services.store, passwords: PasswordHasher(cost: 4))
            seeder.days = 6
            seeder.customers = 12
            #expect(try await seeder.seedIfEmpty())
            #expect(try await !seeder.seedIfEmpty(), "a second seed must not write again")
            #expect(try await services.store.products(skus: nil).count == 40)
            #expect(try await services.store.warehouses().count == 3)
            let cutoffs = try await services.store.cutoffSchedules()
            #expect(cutoffs.count == 3 && cutoffs.allSatisfy { $0.schedule.times == ["07:00", "13:00"] && $0.nextRunAt != nil })
            let orders = try await services.store.orders(customerId: nil, status: nil, before: nil, limit: 200)
            #expect(orders.count > 30)
            #expect(orders.contains { $0.status == .delivered })
            #expect(try await services.store.ledgerDiscrepancies().isEmpty)
            #expect(try await services.store.countUsers(emailSuffix: DemoSeeder.emailDomain) == 5 + seeder.vehicles + 12)
            // The fleet, with installer crews in it, and a driver per vehicle who can sign in.
            let fleet = try await services.store.vehicles(warehouseId: nil)
            #expect(fleet.count == seeder.vehicles && fleet.contains { $0.skills.contains(.install) })
            let chargers = try await services.store.chargingStations()
            #expect(chargers.count == 8 && Set(chargers.compactMap(\.warehouseId)) == Set(DemoCatalog.warehouses.map(\.id)))
            #expect(Set(fleet.map(\.warehouseId)) == Set(DemoCatalog.warehouses.map(\.id)))
            let driver = try #require(try await services.store.credentials(email: "driver01@demo.chargemall.cn"))
            #expect(try await services.passwords.verify("demo-driver", hash: driver.passwordHash) && driver.user.role == .driver)
            let admin = try #require(try await services.store.credentials(email: "admin@demo.chargemall.cn"))
            #expect(try await services.passwords.verify("demo-admin", hash: admin.passwordHash))
            #expect(admin.user.role == .admin)
        }
    }
}
