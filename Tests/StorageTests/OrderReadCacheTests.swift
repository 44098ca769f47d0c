import Foundation
import Logistics
@testable import Storage
import TestSupport
import Testing

@Suite("Order read cache")
struct OrderReadCacheTests {
    @Test("a due order is still served while one batched refresh re-reads it; past its maximum age it is read again")
    func refreshAhead() async throws {
        try await Fixtures.withStockedCustomer(.sqlite, quantity: 10, of: "WB-7KW-BASIC") { fixtures, user, address in
            let order = try await OrderService(store: fixtures.store).place(
                PlaceOrderCommand(lines: [.init(sku: "WB-7KW-BASIC", quantity: 1)], addressId: address.id), by: user, idempotencyKey: nil).order
            let cache = OrderReadCache(maximumAge: .seconds(10))
            let start = ContinuousClock.now
            #expect(cache.lookup(order.id, now: start).order == nil)
            cache.store(order, readAt: cache.lookup(order.id, now: start).epoch, now: start)

            let early = cache.lookup(order.id, now: start + .seconds(4))
            #expect(early.order == order && !early.startRefresher, "before half its age an entry is simply served")
            let due = cache.lookup(order.id, now: start + .seconds(9.5))
            #expect(due.order == order && due.startRefresher, "past 90 % of its age the first reader starts the refresher")
            #expect(cache.lookup(order.id, now: start + .seconds(9.6)).startRefresher == false, "one refresher at a time")
            let taken = cache.takeDue()
            #expect(taken.ids == [order.id])

            // A change to any order while the refresh reads: what it read is not kept, and the next reader queues it again.
            cache.invalidate("ord_other")
            cache.store(order, readAt: taken.epoch, now: start + .seconds(9.7))
            #expect(cache.lookup(order.id, now: start + .seconds(9.8)).startRefresher, "a refresh that lost its race is retried")
            #expect(cache.lookup(order.id, now: start + .seconds(10.1)).order == nil, "never served past its maximum age")

            // A change to the order itself removes it at once.
            let now = start + .seconds(11)
            cache.store(order, readAt: cache.lookup(order.id, now: now).epoch, now: now)
            #expect(cache.lookup(order.id, now: now).order == order)
            cache.invalidate(order.id)
            #expect(cache.lookup(order.id, now: now).order == nil)
        }
    }

    @Test("a step keeps the order it read back in its transaction, unless another change came between")
    func stepsWriteThrough() async throws {
        try await Fixtures.withStockedCustomer(.sqlite, quantity: 10, of: "WB-7KW-BASIC") { fixtures, user, address in
            let service = OrderService(store: fixtures.store)
            let order = try await service.place(
                PlaceOrderCommand(lines: [.init(sku: "WB-7KW-BASIC", quantity: 1)], addressId: address.id), by: user, idempotencyKey: nil).order
            let paid = try await service.pay(orderId: order.id, amountCents: order.totalCents, providerReference: "pay-1")
            let cache = fixtures.store.changes.readCache
            #expect(cache.lookup(order.id).order == paid, "the paid order is served without reading it again")
            #expect(try await fixtures.store.order(id: order.id) == paid, "and it is what the database holds")

            // Another order's change between a writer's epoch and its own invalidation: what it read back is not kept.
            let before = cache.epoch
            cache.invalidate(order.id)
            cache.invalidate("ord_other")
            cache.store(paid, readAt: before &+ 1)
            #expect(cache.lookup(order.id).order == nil)
        }
    }

    @Test("expired orders are dropped as new ones come in, so a steady stream of reads holds memory steady")
    func expiredEntriesArePruned() async throws {
        try await Fixtures.withStockedCustomer(.sqlite, quantity: 10, of: "WB-7KW-BASIC") { fixtures, user, address in
            let order = try await OrderService(store: fixtures.store).place(
                PlaceOrderCommand(lines: [.init(sku: "WB-7KW-BASIC", quantity: 1)], addressId: address.id), by: user, idempotencyKey: nil).order
            let cache = OrderReadCache(maximumAge: .seconds(10), capacity: 50_000)
            let start = ContinuousClock.now
            // A minute of reads, 400 distinct orders a second: at most ten seconds' worth (4,000) are live at a time.
            var peak = 0
            for second in 0..<60 {
                let now = start + .seconds(second)
                for index in 0..<400 {
                    var copy = order
                    copy.id = "ord_\(second)_\(index)"
                    cache.store(copy, readAt: cache.lookup(copy.id, now: now).epoch, now: now)
                }
                peak = max(peak, cache.count)
            }
            #expect(peak < 4_000 * 2 + OrderReadCache.smallestPrune, "held \(peak) orders for 4,000 live ones")
            #expect(cache.lookup("ord_59_0", now: start + .seconds(59)).order != nil, "live orders are kept")
        }
    }
}
