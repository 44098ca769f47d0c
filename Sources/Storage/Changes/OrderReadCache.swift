import Foundation
import Logistics
import Synchronization

/// Recently read orders, for the read path customers hit most (their order's page and timeline). Every
/// committed change to an order, local or announced by another instance through the feed, removes it
/// (`OrderChanges.publish`); `maximumAge` bounds what could still be missed (a change on another instance
/// that writes no event, such as a waybill number).
///
/// An entry is served for at most `maximumAge` after its read, and re-read in the background from a random
/// 50–90 % of that age on: the first reader past that point queues it, and one refresher reads the queued
/// orders together a moment later (one query per table for all of them). A busy order is never waited
/// for, and orders first read together (a flash sale, a server start) do not all fall due in the same
/// instant.
public final class OrderReadCache: Sendable {
    private struct Entry {
        var order: Order
        var refreshAt: ContinuousClock.Instant
        var expiresAt: ContinuousClock.Instant
        var refreshing = false
    }

    private struct State {
        var entries: [String: Entry] = [:]
        /// Bumped by every invalidation: a read that began before one must not store what it read.
        var epoch: UInt64 = 0
        /// Orders due for a background refresh, and whether a refresher is on its way to read them.
        var due: Set<String> = []
        var refresherScheduled = false
        /// The size at which expired entries are next dropped; doubling it each time keeps the sweep's
        /// cost at a constant per stored order.
        var pruneAt = OrderReadCache.smallestPrune
    }

    /// Expired entries are dropped no sooner than this many are held: below it a sweep is not worth it.
    static let smallestPrune = 1_024

    private let state = Mutex(State())
    public let maximumAge: Duration
    public let capacity: Int

    public init(maximumAge: Duration = .seconds(10), capacity: Int = 50_000) {
        self.maximumAge = maximumAge
        self.capacity = capacity
    }

    /// What a read finds: the order if it may still be served, whether this reader should start the
    /// refresher (see `takeDue`), and the epoch to hand back to `store` with what it reads.
    struct Lookup {
        var order: Order?
        var startRefresher: Bool
        var epoch: UInt64
    }

    func lookup(_ id: String, now: ContinuousClock.Instant = .now) -> Lookup {
        state.withLock { state in
            guard let entry = state.entries[id], now < entry.expiresAt else { return Lookup(order: nil, startRefresher: false, epoch: state.epoch) }
            var start = false
            if now >= entry.refreshAt && !entry.refreshing {
                state.entries[id]?.refreshing = true
                state.due.insert(id)
                start = !state.refresherScheduled
                state.refresherScheduled = true
            }
            return Lookup(order: entry.order, startRefresher: start, epoch: state.epoch)
        }
    }

    /// The orders queued for a refresh, and the epoch their read begins at; the next due order schedules
    /// a new refresher.
    func takeDue() -> (ids: [String], epoch: UInt64) {
        state.withLock { state in
            let ids = Array(state.due)
            state.due.removeAll(keepingCapacity: true)
            state.refresherScheduled = false
            return (ids, state.epoch)
        }
    }

    /// A refresh that failed: its orders stay as they are until they expire and are read again.
    func refreshFailed(_ ids: [String]) {
        state.withLock { state in for id in ids { state.entries[id]?.refreshing = false } }
    }

    /// Keeps `order` unless something was invalidated since the read began at `epoch`.
    func store(_ order: Order, readAt epoch: UInt64, now: ContinuousClock.Instant = .now) {
        let entry = Entry(order: order, refreshAt: now + maximumAge * Double.random(in: 0.5...0.9), expiresAt: now + maximumAge)
        state.withLock { state in
            guard state.epoch == epoch else {
                // Someone else's change intervened: leave the entry for the next reader to refresh.
                state.entries[order.id]?.refreshing = false
                return
            }
            if state.entries.count >= state.pruneAt {
                // Without this an order read once stayed in memory until the cache was full: the soak's server
                // grew by tens of MiB over half an hour holding orders nobody would be served again.
                state.entries = state.entries.filter { now < $0.value.expiresAt }
                state.pruneAt = max(Self.smallestPrune, state.entries.count * 2)
            }
            if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[order.id] = entry
        }
    }

    /// The count of invalidations so far. A writer takes it before its transaction; `store(_:readAt: epoch + 1)`
    /// after its own invalidation keeps what it read back only if no other change came between.
    var epoch: UInt64 { state.withLock { $0.epoch } }

    /// How many orders the cache holds, expired or not.
    var count: Int { state.withLock { $0.entries.count } }

    public func invalidate(_ id: String) {
        state.withLock { state in
            state.epoch &+= 1
            state.entries[id] = nil
        }
    }
}
