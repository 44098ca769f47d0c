import Foundation
import Synchronization

/// ETA from the warehouse's processing backlog and a travel-time model from warehouse to address.
///
/// Warehouses pick in working hours (China time) at a fixed rate; parcels leave after packing; the van's
/// speed depends on the hour (rush hours are slow). The window widens with how much is still ahead.
public struct BacklogETAEstimator: ETAEstimator {
    let store: any BacklogStore
    public var ordersPerHour = 30.0
    public var workStartHour = 8
    public var workEndHour = 22
    /// The van's travel model (great circle × detour, slower in rush hours), shared with dispatch.
    public var travel: any TravelTimeProvider = CityTravelTimes()
    /// Minutes at the door (and installation for wall boxes is booked separately).
    public var handoverMinutes = 15.0

    /// Warehouses and their queues change slowly next to how often timelines are read: reading them at
    /// most this often keeps a timeline read down to the order's own queries. A few seconds of staleness
    /// moves an ETA by seconds.
    public var inputsMaxAge: TimeInterval = 5
    private let cache = InputsCache()

    public init(store: any BacklogStore) { self.store = store }

    public func estimates(for orders: [Order], now: Date) async throws -> [String: DeliveryEstimate] {
        let open = orders.filter { !$0.status.isTerminal && $0.status != .cancelled }
        guard !open.isEmpty else { return [:] }
        let (warehouses, backlog) = try await inputs()
        var result: [String: DeliveryEstimate] = [:]
        for order in open {
            // A split order arrives when its last shipment does.
            let arrivals = order.shipments.compactMap { shipment in
                warehouses[shipment.warehouseId].map { arrival(of: order, from: $0, queue: backlog[$0.id] ?? 0, now: now) }
            }
            guard let expected = arrivals.max() else { continue }
            let ahead = expected.timeIntervalSince(now)
            let spread = max(20 * 60, 0.25 * ahead)
            result[order.id] = DeliveryEstimate(
                expectedAt: expected, earliest: max(now, expected.addingTimeInterval(-spread)), latest: expected.addingTimeInterval(spread),
                basis: "backlog+travel", late: order.promisedDate.map { expected > $0 } ?? false)
        }
        return result
    }

    private func inputs() async throws -> (warehouses: [String: Warehouse], backlog: [String: Int]) {
        let now = ContinuousClock.now
        let maximumAge = Duration.milliseconds(Int(inputsMaxAge * 1000))
        // One caller refreshes stale inputs; the others keep using the previous ones meanwhile, so an
        // expiry under load costs one pair of queries, not one per waiting request.
        let (cached, refresh) = cache.value.withLock { state -> (InputsCache.Inputs?, Bool) in
            guard let inputs = state.inputs else { return (nil, true) }
            if now - inputs.readAt < maximumAge || state.refreshing { return (inputs, false) }
            state.refreshing = true
            return (inputs, true)
        }
        if let cached, !refresh { return (cached.warehouses, cached.backlog) }
        do {
            let warehouses = Dictionary(uniqueKeysWithValues: try await store.warehouses().map { ($0.id, $0) })
            let backlog = try await store.openOrderBacklog()
            cache.value.withLock { $0 = .init(inputs: InputsCache.Inputs(warehouses: warehouses, backlog: backlog, readAt: now), refreshing: false) }
            return (warehouses, backlog)
        } catch {
            cache.value.withLock { $0.refreshing = false }
            throw error
        }
    }

    /// When the parcel from `warehouse` reaches the door.
    func arrival(of order: Order, from warehouse: Warehouse, queue: Int, now: Date) -> Date {
        let destination = order.address.location
        switch order.status {
        case .pendingPayment, .paid, .allocated:
            let ready = afterWork(hours: Double(queue + 1) / ordersPerHour, from: now)
            return ready.addingTimeInterval(travelSeconds(from: warehouse.location, to: destination, departingAt: ready))
        case .picking, .packed:
            let ready = afterWork(hours: order.status == .picking ? 0.5 : 0.25, from: now)
            return ready.addingTimeInterval(travelSeconds(from: warehouse.location, to: destination, departingAt: ready))
        case .shipped:
            return now.addingTimeInterval(travelSeconds(from: warehouse.location, to: destination, departingAt: now))
        case .outForDelivery:
            return now.addingTimeInterval(travelSeconds(from: warehouse.location, to: destination, departingAt: now) / 2)
        case .deliveryFailed:
            // The next attempt goes out with the next morning's run.
            let retry = afterWork(hours: 1, from: nextWorkStart(after: now))
            return retry.addingTimeInterval(travelSeconds(from: warehouse.location, to: destination, departingAt: retry))
        case .delivered, .cancelled, .returned:
            return now
        }
    }

    /// Van travel time: road distance at the hour's speed, plus the handover.
    public func travelSeconds(from origin: GeoPoint, to destination: GeoPoint, departingAt time: Date) -> Double {
        travel.travel(from: origin, to: destination, departingAt: time).seconds + handoverMinutes * 60
    }

    /// `now` plus `hours` of warehouse working time (work stops outside working hours).
    func afterWork(hours: Double, from now: Date) -> Date {
        var remaining = hours * 3600
        var time = now
        while remaining > 0 {
            let hour = Self.chinaHour(time)
            if hour < workStartHour || hour >= workEndHour {
                time = nextWorkStart(after: time)
                continue
            }
            let endOfShift = Self.chinaDayStart(time).addingTimeInterval(Double(workEndHour) * 3600)
            let available = endOfShift.timeIntervalSince(time)
            if remaining <= available { return time.addingTimeInterval(remaining) }
            remaining -= available
            time = endOfShift
        }
        return time
    }

    func nextWorkStart(after time: Date) -> Date {
        let today = Self.chinaDayStart(time).addingTimeInterval(Double(workStartHour) * 3600)
        return today > time ? today : today.addingTimeInterval(86_400)
    }

    static let chinaOffset = 8.0 * 3600

    static func chinaHour(_ time: Date) -> Int {
        Int((time.timeIntervalSince1970 + chinaOffset).truncatingRemainder(dividingBy: 86_400) / 3600)
    }

    static func chinaDayStart(_ time: Date) -> Date {
        let local = time.timeIntervalSince1970 + chinaOffset
        return Date(timeIntervalSince1970: local - local.truncatingRemainder(dividingBy: 86_400) - chinaOffset)
    }
}

/// The estimator's last read of warehouses and backlogs, shared by its copies.
final class InputsCache: Sendable {
    struct Inputs {
        var warehouses: [String: Warehouse]
        var backlog: [String: Int]
        var readAt: ContinuousClock.Instant
    }

    struct State {
        var inputs: Inputs?
        var refreshing = false
    }

    let value = Mutex(State())
}
