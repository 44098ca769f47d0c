import Foundation
import Logistics
import Storage
import TestSupport
import Testing

@Suite("Outbox, deliveries and jobs against a real database")
struct NotificationStoreTests {
    /// A placed order (one event) on a fresh database.
    func withOrder(_ database: TestDatabase, _ body: @escaping @Sendable (Fixtures, Order, User) async throws -> Void) async throws {
        try await Fixtures.withStockedCustomer(database, quantity: 10, of: "WB-7KW-BASIC") { fixtures, user, address in
            let order = try await OrderService(store: fixtures.store).place(
                PlaceOrderCommand(lines: [.init(sku: "WB-7KW-BASIC", quantity: 1)], addressId: address.id), by: user, idempotencyKey: nil).order
            try await body(fixtures, order, user)
        }
    }

    @Test("a status change and its event (and outbox row) commit or fail together", arguments: TestDatabase.available)
    func eventAndChangeAreAtomic(_ database: TestDatabase) async throws {
        try await withOrder(database) { fixtures, order, user in
            let store = fixtures.store
            #expect(try await store.drainOutbox(limit: 100, now: Date()) == DrainResult(positioned: 1, lastPosition: 1))
            // The event insert fails (its id is taken) after the status update succeeded: both roll back.
            let clash = TrackingEvent(id: order.timeline[0].id, orderId: order.id, status: .paid, message: "paid", actor: "x", source: .staff, occurredAt: Date())
            await #expect(throws: (any Error).self) {
                _ = try await store.apply(OrderStatusChange(orderId: order.id, from: .pendingPayment, to: .paid, event: clash, stockEffect: .of(from: .pendingPayment, to: .paid), at: Date()))
            }
            #expect(try await store.order(id: order.id)?.status == .pendingPayment)
            #expect(try await store.order(id: order.id)?.timeline.count == 1)
            #expect(try await store.drainOutbox(limit: 100, now: Date())?.positioned == 0, "no outbox row for a change that did not happen")

            let event = TrackingEvent(id: Identifier.make("evt"), orderId: order.id, status: .paid, message: "paid", actor: "x", source: .staff, occurredAt: Date())
            _ = try await store.apply(OrderStatusChange(orderId: order.id, from: .pendingPayment, to: .paid, event: event, stockEffect: .of(from: .pendingPayment, to: .paid), at: Date()))
            #expect(try await store.drainOutbox(limit: 100, now: Date()) == DrainResult(positioned: 1, lastPosition: 2))
            let feed = try await store.feed(after: 0, customerId: user.id, limit: 10)
            #expect(feed.map(\.position) == [1, 2])
            #expect(feed.map(\.event.status) == [.pendingPayment, .paid])
            #expect(try await store.feed(after: 0, customerId: "usr_someone_else", limit: 10).isEmpty)
        }
    }

    @Test("deliveries to one receiver about one order go one at a time, in feed order", arguments: TestDatabase.available)
    func queueOrder(_ database: TestDatabase) async throws {
        try await withOrder(database) { fixtures, order, _ in
            let store = fixtures.store
            try await store.insertSubscription(WebhookSubscription(id: "whk_a", name: "A", url: "http://127.0.0.1:9/h", secret: "s", active: true, createdAt: Date()))
            let event = TrackingEvent(id: Identifier.make("evt"), orderId: order.id, status: .paid, message: "paid", actor: "x", source: .staff, occurredAt: Date())
            _ = try await store.apply(OrderStatusChange(orderId: order.id, from: .pendingPayment, to: .paid, event: event, stockEffect: .of(from: .pendingPayment, to: .paid), at: Date()))
            _ = try await store.drainOutbox(limit: 100, now: Date())
            let now = Date()
            let first = try await store.claimDueDeliveries(now: now, leaseUntil: now.addingTimeInterval(60), limit: 10)
            // One webhook and one customer message, each the first event of its queue.
            #expect(first.count == 2)
            #expect(first.allSatisfy { $0.position == 1 && $0.attempts == 1 })
            #expect(try await store.claimDueDeliveries(now: now, leaseUntil: now.addingTimeInterval(60), limit: 10).isEmpty, "leased, and the second waits for the first")
            try await store.markDelivered(ids: first.map(\.id), at: now)
            let second = try await store.claimDueDeliveries(now: now, leaseUntil: now.addingTimeInterval(60), limit: 10)
            #expect(second.map(\.position) == [2, 2])
            // A failure with a next attempt holds the queue; a dead one releases it.
            let webhook = try #require(second.first { $0.channel == .webhook })
            try await store.markFailed(id: webhook.id, error: "HTTP 500", nextAttemptAt: now.addingTimeInterval(30))
            #expect(try await store.claimDueDeliveries(now: now.addingTimeInterval(31), leaseUntil: now.addingTimeInterval(90), limit: 10).map(\.id) == [webhook.id])
            try await store.markFailed(id: webhook.id, error: "HTTP 500", nextAttemptAt: nil)
            #expect(try await store.deliveries(status: .dead, topic: nil, target: nil, orderId: nil, beforeId: nil, limit: 10).map(\.id) == [webhook.id])
            #expect(try await store.retryDelivery(id: webhook.id, now: now))
            #expect(try await store.retryDelivery(id: webhook.id, now: now) == false, "it is no longer dead")
        }
    }

    @Test("two instances claiming one job at the same moment: exactly one runs it", arguments: TestDatabase.available)
    func jobClaimIsExclusive(_ database: TestDatabase) async throws {
        try await database.withFresh { client in
            let store = SQLLogisticsStore(client: client)
            let now = Date()
            let wins = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<16 {
                    group.addTask { try await store.claimJob("alert_scan", now: now, next: now.addingTimeInterval(300), owner: "instance-\(index)") }
                }
                var wins = 0
                for try await won in group where won { wins += 1 }
                return wins
            }
            #expect(wins == 1)
            #expect(try await store.claimJob("alert_scan", now: now.addingTimeInterval(299), next: now.addingTimeInterval(600), owner: "late") == false)
            #expect(try await store.claimJob("alert_scan", now: now.addingTimeInterval(300), next: now.addingTimeInterval(600), owner: "next") == true)
        }
    }

    @Test("concurrent drains give every committed event exactly one position, in commit order per order", arguments: TestDatabase.available)
    func concurrentDrains(_ database: TestDatabase) async throws {
        try await Fixtures.withStockedCustomer(database, quantity: 100, of: "WB-7KW-BASIC") { fixtures, user, address in
            let store = fixtures.store, service = OrderService(store: store)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<40 {
                    group.addTask {
                        let order = try await service.place(PlaceOrderCommand(lines: [.init(sku: "WB-7KW-BASIC", quantity: 1)], addressId: address.id), by: user, idempotencyKey: nil).order
                        _ = try await service.cancel(id: order.id, by: user, reason: nil)
                    }
                }
                for _ in 0..<4 {
                    group.addTask {
                        for _ in 0..<20 { _ = try await store.drainOutbox(limit: 7, now: Date()) }
                    }
                }
                try await group.waitForAll()
            }
            while try await store.drainOutbox(limit: 100, now: Date())?.positioned != 0 {}
            let feed = try await store.feed(after: 0, customerId: nil, limit: 1000)
            #expect(feed.count == 80)
            #expect(feed.map(\.position) == Array(1...80))
            for (_, entries) in Dictionary(grouping: feed, by: \.event.orderId) {
                #expect(entries.map(\.event.status) == [.pendingPayment, .cancelled])
            }
        }
    }
}
