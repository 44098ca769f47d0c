import Foundation
import Logistics
import Synchronization

/// Recently read orders, for the read path customers hit most (their order's page and timeline). Every
/// committed change to an order, local or announced by another instance through the feed, removes it
/// (`OrderChanges.publish`); `maximumAge` bounds what could still be missed (a change on another instance
/// that writes no event, such as a waybill number).
public final class OrderReadCache: Sendable {
    private struct State {
        var entries: [String: (order: Order, readAt: ContinuousClock.Instant)] = [:]
        /// Bumped by every invalidation: a read that began before one must not store what it read.
        var epoch: UInt64 = 0
    }

    private let state = Mutex(State())
    public let maximumAge: Duration
    public let capacity: Int

    public init(maximumAge: Duration = .seconds(10), capacity: Int = 50_000) {
        self.maximumAge = maximumAge
        self.capacity = capacity
    }

    /// The cached order if fresh, else the epoch to hand back to `store`.
    func lookup(_ id: String) -> (order: Order?, epoch: UInt64) {
        let now = ContinuousClock.now
        return state.withLock { state in
            if let entry = state.entries[id], now - entry.readAt < maximumAge { return (entry.order, state.epoch) }
            return (nil, state.epoch)
        }
    }

    /// Keeps `order` unless something was invalidated since the read began at `epoch`.
    func store(_ order: Order, readAt epoch: UInt64) {
        state.withLock { state in
            guard state.epoch == epoch else { return }
            if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[order.id] = (order, .now)
        }
    }

    public func invalidate(_ id: String) {
        state.withLock { state in
            state.epoch &+= 1
            state.entries[id] = nil
        }
    }
}
