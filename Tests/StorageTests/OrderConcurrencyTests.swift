import Foundation
import Logistics
import Storage
import TestSupport
import Testing

@Suite("Orders against a real database")
struct OrderConcurrencyTests {
    @Test("500 concurrent order attempts on a SKU with 50 units: exactly 50 succeed", arguments: TestDatabase.available)
    func noOversell(_ database: TestDatabase) async throws {
        try await database.withFresh { client in
            let fixtures = Fixtures(client: client)
            try await fixtures.catalogue()
            try await fixtures.receive(20, of: "WB-22KW-3P", in: "wh_nanshan")
            try await fixtures.receive(30, of: "WB-22KW-3P", in: "wh_longgang")
            var buyers: [(User, Address)] = []
            for index in 0..<50 { buyers.append(try await fixtures.customer("b\(index)")) }
            let service = OrderService(store: fixtures.store)
            let outcomes = await withTaskGroup(of: String.self) { group in
                for attempt in 0..<500 {
                    let (user, address) = buyers[attempt % buyers.count]
                    group.addTask {
                        do {
                            _ = try await service.place(PlaceOrderCommand(lines: [.init(sku: "WB-22KW-3P", quantity: 1)], addressId: address.id), by: user, idempotencyKey: nil)
                            return "ok"
                        } catch let error as LogisticsError {
                            return error.code
                        } catch {
                            return "error: \(error)"
                        }
                    }
                }
                var counts: [String: Int] = [:]
                for await outcome in group { counts[outcome, default: 0] += 1 }
                return counts
            }
            #expect(outcomes["ok"] == 50, "\(outcomes)")
            #expect(outcomes["insufficient_stock"] == 450, "\(outcomes)")
            let levels = try await fixtures.store.stockLevels(skus: ["WB-22KW-3P"], warehouseId: nil)
            #expect(levels.allSatisfy { $0.available == 0 })
            #expect(levels.map(\.reserved).reduce(0, +) == 50)
            #expect(try await fixtures.store.ledgerDiscrepancies().isEmpty)
            #expect(try await fixtures.store.orders(customerId: nil, status: nil, before: nil, limit: 200).count == 50)
        }
    }

    @Test("orders of two SKUs, lines either way round, placed and shipped at once: none deadlocks, the ledger balances", arguments: TestDatabase.available)
    func noDeadlock(_ database: TestDatabase) async throws {
        try await database.withFresh { client in
            let fixtures = Fixtures(client: client)
            try await fixtures.catalogue()
            try await fixtures.receive(500, of: "WB-22KW-3P", in: "wh_nanshan")
            try await fixtures.receive(500, of: "PC-7KW-ADJ", in: "wh_nanshan")
            let (user, address) = try await fixtures.customer("buyer")
            let service = OrderService(store: fixtures.store)
            let admin = fixtures.staff(.admin)
            let wallBox = PlaceOrderCommand.Line(sku: "WB-22KW-3P", quantity: 2), portable = PlaceOrderCommand.Line(sku: "PC-7KW-ADJ", quantity: 1)
            let failures = await withTaskGroup(of: String?.self) { group in
                for attempt in 0..<40 {
                    group.addTask {
                        do {
                            let lines = attempt.isMultiple(of: 2) ? [wallBox, portable] : [portable, wallBox]
                            let (order, _) = try await service.place(PlaceOrderCommand(lines: lines, addressId: address.id), by: user, idempotencyKey: nil)
                            _ = try await service.pay(orderId: order.id, amountCents: order.totalCents, providerReference: "pay-\(attempt)")
                            for step in [OrderStatus.allocated, .picking, .packed, .shipped] {
                                _ = try await service.transition(id: order.id, to: step, by: admin, note: nil)
                            }
                            return nil
                        } catch {
                            return "\(error)"
                        }
                    }
                }
                var failures: [String] = []
                for await failure in group { if let failure { failures.append(failure) } }
                return failures
            }
            #expect(failures.isEmpty, "\(failures)")
            #expect(try await fixtures.level("WB-22KW-3P") == StockLevel(warehouseId: "wh_nanshan", sku: "WB-22KW-3P", onHand: 420, reserved: 0))
            #expect(try await fixtures.level("PC-7KW-ADJ") == StockLevel(warehouseId: "wh_nanshan", sku: "PC-7KW-ADJ", onHand: 460, reserved: 0))
            #expect(try await fixtures.store.ledgerDiscrepancies().isEmpty)
        }
    }

    @Test("an order placed, paid, shipped and returned moves the ledger step by step", arguments: TestDatabase.available)
    func lifecycle(_ database: TestDatabase) async throws {
        try await Fixtures.withStockedCustomer(database, quantity: 10, of: "PC-7KW-ADJ") { fixtures, user, address in
            let service = OrderService(store: fixtures.store)
            let (order, _) = try await service.place(PlaceOrderCommand(lines: [.init(sku: "PC-7KW-ADJ", quantity: 3)], addressId: address.id), by: user, idempotencyKey: nil)
            #expect(try await fixtures.level("PC-7KW-ADJ") == StockLevel(warehouseId: "wh_nanshan", sku: "PC-7KW-ADJ", onHand: 10, reserved: 3))
            let paid = try await service.pay(orderId: order.id, amountCents: order.totalCents, providerReference: "p1")
            #expect(paid.status == .paid && paid.reservationExpiresAt == nil)
            let admin = fixtures.staff(.admin)
            for step in [OrderStatus.allocated, .picking, .packed, .shipped] { _ = try await service.transition(id: order.id, to: step, by: admin, note: nil) }
            #expect(try await fixtures.level("PC-7KW-ADJ") == StockLevel(warehouseId: "wh_nanshan", sku: "PC-7KW-ADJ", onHand: 7, reserved: 0))
            for step in [OrderStatus.outForDelivery, .deliveryFailed, .returned] { _ = try await service.transition(id: order.id, to: step, by: admin, note: nil) }
            #expect(try await fixtures.level("PC-7KW-ADJ").onHand == 10)
            let final = try await service.order(id: order.id, for: admin)
            #expect(final.timeline.map(\.status) == [.pendingPayment, .paid, .allocated, .picking, .packed, .shipped, .outForDelivery, .deliveryFailed, .returned])
            #expect(try await fixtures.store.ledgerDiscrepancies().isEmpty)
        }
    }

    @Test("a sweep releases lapsed reservations batch after batch, up to its bound, oldest first", arguments: TestDatabase.available)
    func expiryInBatches(_ database: TestDatabase) async throws {
        try await Fixtures.withStockedCustomer(database, quantity: 20, of: "AD-T2-GBT") { fixtures, user, address in
            let command = PlaceOrderCommand(lines: [.init(sku: "AD-T2-GBT", quantity: 1)], addressId: address.id)
            var placed: [String] = []
            for minutesAgo in stride(from: 120, to: 50, by: -10) {
                let past = OrderService(store: fixtures.store, clock: { Date(timeIntervalSinceNow: -Double(minutesAgo) * 60) })
                placed.append(try await past.place(command, by: user, idempotencyKey: nil).order.id)
            }
            let now = OrderService(store: fixtures.store)
            // Seven lapsed, batches of two, at most three batches: the six oldest go, then the last one.
            let first = try await now.sweepReservations(limit: 2, maxBatches: 3)
            #expect(first.expired == 6 && first.moreDue, "a sweep cut short by its bound says more is due, so the service sweeps again soon")
            #expect(try await fixtures.store.order(id: placed[6])?.status == .pendingPayment)
            let second = try await now.sweepReservations(limit: 2, maxBatches: 3)
            #expect(second.expired == 1 && !second.moreDue)
            #expect(try await now.expireReservations(limit: 2, maxBatches: 3) == 0)
            #expect(try await fixtures.level("AD-T2-GBT").reserved == 0)
        }
    }

    @Test("an unpaid order's reservation expires and its stock is released; a paid one is kept", arguments: TestDatabase.available)
    func expiry(_ database: TestDatabase) async throws {
        try await Fixtures.withStockedCustomer(database, quantity: 5, of: "AD-T2-GBT") { fixtures, user, address in
            let placedAt = Date(timeIntervalSinceNow: -3600)
            let past = OrderService(store: fixtures.store, clock: { placedAt })
            let command = PlaceOrderCommand(lines: [.init(sku: "AD-T2-GBT", quantity: 2)], addressId: address.id)
            let unpaid = try await past.place(command, by: user, idempotencyKey: nil).order
            let paid = try await past.place(command, by: user, idempotencyKey: nil).order
            _ = try await past.pay(orderId: paid.id, amountCents: paid.totalCents, providerReference: "ref")
            let now = OrderService(store: fixtures.store)
            #expect(try await now.expireReservations() == 1)
            #expect(try await now.expireReservations() == 0)
            #expect(try await fixtures.store.order(id: unpaid.id)?.status == .cancelled)
            #expect(try await fixtures.store.order(id: paid.id)?.status == .paid)
            #expect(try await fixtures.level("AD-T2-GBT").reserved == 2)
            // Paying the expired order afterwards is refused: the stock is gone back to the shelf.
            await #expect(throws: LogisticsError.orderNotPayable(.cancelled)) {
                try await now.pay(orderId: unpaid.id, amountCents: unpaid.totalCents, providerReference: "late")
            }
        }
    }

    @Test("an order number that already exists is refused as order_number_taken and reserves nothing", arguments: TestDatabase.available)
    func numberCollision(_ database: TestDatabase) async throws {
        try await Fixtures.withStockedCustomer(database, quantity: 5, of: "AD-T2-GBT") { fixtures, user, address in
            let service = OrderService(store: fixtures.store)
            let first = try await service.place(PlaceOrderCommand(lines: [.init(sku: "AD-T2-GBT", quantity: 1)], addressId: address.id), by: user, idempotencyKey: nil).order
            var copy = first
            copy.id = Identifier.make("ord")
            copy.timeline = []
            await #expect(throws: LogisticsError.conflict(.orderNumberTaken, message: "the generated order number exists; generate another")) {
                try await fixtures.store.placeOrder(OrderPlacement(order: copy, picks: [.init(warehouseId: "wh_nanshan", sku: "AD-T2-GBT", quantity: 1)], idempotencyKey: nil, requestHash: "h"))
            }
            #expect(try await fixtures.level("AD-T2-GBT").reserved == 1)
        }
    }

    @Test("a forbidden step changes nothing", arguments: TestDatabase.available)
    func forbiddenStep(_ database: TestDatabase) async throws {
        try await Fixtures.withStockedCustomer(database, quantity: 5, of: "AD-T2-GBT") { fixtures, user, address in
            let service = OrderService(store: fixtures.store)
            let order = try await service.place(PlaceOrderCommand(lines: [.init(sku: "AD-T2-GBT", quantity: 1)], addressId: address.id), by: user, idempotencyKey: nil).order
            await #expect(throws: LogisticsError.forbiddenTransition(from: .pendingPayment, to: .shipped)) {
                try await service.transition(id: order.id, to: .shipped, by: fixtures.staff(.admin), note: nil)
            }
            let after = try await fixtures.store.order(id: order.id)
            #expect(after?.status == .pendingPayment && after?.timeline.count == 1)
            #expect(try await fixtures.level("AD-T2-GBT") == StockLevel(warehouseId: "wh_nanshan", sku: "AD-T2-GBT", onHand: 5, reserved: 1))
        }
    }
}

@Suite("PostgreSQL availability")
struct PostgresAvailabilityTests {
    @Test("PostgreSQL is configured (required in CI, skipped with a reason elsewhere)")
    func configured() throws {
        if TestDatabase.postgresURL == nil {
            if TestDatabase.isCI {
                Issue.record("CI=true but DATABASE_URL does not name a PostgreSQL server: the PostgreSQL half of the suite did not run")
            } else {
                print("note: DATABASE_URL is not set to a postgres:// URL, so database tests ran on SQLite only")
            }
        }
    }
}
