import Foundation
import Synchronization

/// ETAs from published routes: an order on a stop still to be visited gets that stop's ETA, a window from
/// the travel-time model's uncertainty (10 minutes plus 15 % of the time still to go, at most 2 hours each
/// way) and the number of stops before it; every other open order asks `fallback` (the backlog estimate).
///
/// The active stops are read at most every `maxAge` seconds, in one query, however many timelines are
/// read meanwhile; a stop's ETA is at most that stale.
public struct RouteETAEstimator: ETAEstimator {
    let store: any RouteETAStore
    let fallback: any ETAEstimator
    public var maxAge: Duration = .seconds(5)
    private let cache = ActiveStopsCache()

    public init(store: any RouteETAStore, fallback: any ETAEstimator) {
        self.store = store
        self.fallback = fallback
    }

    public func estimates(for orders: [Order], now: Date) async throws -> [String: DeliveryEstimate] {
        let stops = try await activeStops()
        var result = try await fallback.estimates(for: orders.filter { stops[$0.id] == nil }, now: now)
        for order in orders where !order.status.isTerminal && order.status != .cancelled {
            guard let (stop, before) = stops[order.id] else { continue }
            let ahead = max(0, stop.eta.timeIntervalSince(now))
            let spread = min(2 * 3600, 600 + 0.15 * ahead)
            let due = stop.dueBy ?? order.deliveryWindow?.end ?? order.promisedDate
            result[order.id] = DeliveryEstimate(expectedAt: stop.eta, earliest: max(now, stop.eta.addingTimeInterval(-spread)),
                                                latest: stop.eta.addingTimeInterval(spread), basis: "route",
                                                late: due.map { stop.eta > $0 } ?? false, stopsBefore: before)
        }
        return result
    }

    /// Active stops by order, with how many stops of the same route come before each.
    private func activeStops() async throws -> [String: (ActiveStop, Int)] {
        let now = ContinuousClock.now
        if let cached = cache.value.withLock({ state in state.flatMap { now - $0.readAt < maxAge ? $0.stops : nil } }) { return cached }
        var byOrder: [String: (ActiveStop, Int)] = [:]
        var before: [String: Int] = [:]
        for stop in try await store.activeStops().sorted(by: { ($0.routeId, $0.sequence) < ($1.routeId, $1.sequence) }) {
            byOrder[stop.orderId] = (stop, before[stop.routeId, default: 0])
            before[stop.routeId, default: 0] += 1
        }
        cache.value.withLock { $0 = (byOrder, now) }
        return byOrder
    }
}

/// The estimator's last read of the active stops, shared by its copies.
final class ActiveStopsCache: Sendable {
    let value = Mutex<(stops: [String: (ActiveStop, Int)], readAt: ContinuousClock.Instant)?>(nil)
}
