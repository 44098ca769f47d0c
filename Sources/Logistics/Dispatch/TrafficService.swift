import Foundation
import Routing

/// A traffic change, end to end: stored, then every live route re-timed from where its van is now, the
/// stops still to visit of each route it moved re-sequenced when that is better (parcels are aboard, so a
/// stop stays on its van; see `RouteRetimer`), and each customer whose ETA moved by more than the margin told once.
public struct TrafficService: Sendable {
    let store: any TrafficStore
    let clock: @Sendable () -> Date
    public var retimer: RouteRetimer
    /// A van this much behind its next stop's ETA has its route re-timed when it reports its position.
    public var lateMarginSeconds = 10 * 60.0

    public init(store: any TrafficStore, base: CityTravelTimes = CityTravelTimes(), clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        retimer = RouteRetimer(base: base)
        self.clock = { Date(timeIntervalSince1970: (clock().timeIntervalSince1970 * 1000).rounded() / 1000) }
    }

    public struct Outcome: Codable, Equatable, Sendable {
        public var id: String
        public var routes: Int
        public var stopsRetimed: Int
        public var routesResequenced: Int
        public var customersTold: Int
    }

    /// A slowdown within `radiusKm` of `centre`, or, with `corridor` (2 to 50 points), along that polyline
    /// within `radiusKm` of it (half the road's width).
    public func report(centre: GeoPoint, radiusKm: Double, factor: Double, from: Date, to: Date, reason: String, by user: User,
                       corridor: [GeoPoint] = []) async throws -> Outcome {
        guard (1...10).contains(factor) else { throw LogisticsError.validation(field: "factor", message: "1 to 10") }
        guard (0.05...100).contains(radiusKm) else { throw LogisticsError.validation(field: "radiusKm", message: "0.05 to 100") }
        guard corridor.isEmpty || (2...50).contains(corridor.count) else { throw LogisticsError.validation(field: "corridor.points", message: "2 to 50 points") }
        guard ([centre] + corridor).allSatisfy(\.isValid) else { throw LogisticsError.validation(field: "corridor.points", message: "positions on Earth") }
        guard to > from, to.timeIntervalSince(from) <= 7 * 86_400 else {
            throw LogisticsError.validation(field: "to", message: "after from, and at most 7 days after it")
        }
        let now = clock()
        guard to > now else { throw LogisticsError.validation(field: "to", message: "in the future: an update that is over changes nothing") }
        let update = TrafficUpdate(id: Identifier.make("trf", at: now),
                                   slowdown: TrafficSlowdown(centre: centre, radiusMetres: radiusKm * 1000, factor: factor, from: from, to: to,
                                                             corridor: corridor),
                                   reason: String(reason.prefix(200)), createdBy: user.id, createdAt: now)
        try await store.insertTrafficUpdate(update)
        let outcome = try await retimeLiveRoutes(now: now)
        return Outcome(id: update.id, routes: outcome.routes, stopsRetimed: outcome.stops, routesResequenced: outcome.resequenced,
                       customersTold: outcome.told)
    }

    /// Slowdowns in force now or later, oldest first: what the dispatch map shows.
    public func incidents() async throws -> [TrafficUpdate] {
        try await store.trafficUpdates(endingAfter: clock())
    }

    /// Where each driver was last seen today (China time).
    public func fleetPositions() async throws -> [PositionPing] {
        try await store.latestPositions(since: PlanningDay(containing: clock()).start)
    }

    /// Re-times every live route (or those in `routeIds`) under the traffic in force; also what a van
    /// running late triggers.
    public func retimeLiveRoutes(now: Date, routeIds: Set<String>? = nil) async throws -> (routes: Int, stops: Int, resequenced: Int, told: Int) {
        let traffic = try await store.trafficUpdates(endingAfter: now).map(\.slowdown)
        let routes = try await store.liveRoutes().filter { routeIds?.contains($0.route.id) ?? true }
        let retiming = await Computation.run { [retimer] in retimer.retimings(of: routes, traffic: traffic, now: now) }
        try await store.retime(retiming.changes, events: retiming.events)
        return (retiming.changes.count, retiming.stops, retiming.resequenced, retiming.events.count)
    }

    /// The route of `orderId` re-timed (and re-sequenced when better) as if its stop were at `location`, and
    /// whether every stop that would have been on time stays on time; nil when no live route carries the order.
    /// Nothing is written: `applyDetour` does that once the address has changed.
    public func detour(orderId: String, to location: GeoPoint, now: Date? = nil) async throws -> Detour? {
        let now = now ?? clock()
        guard var live = try await store.liveRoutes().first(where: { live in
            live.route.stops.contains { $0.orderId == orderId && ($0.status == .pending || $0.status == .arrived) }
        }) else { return nil }
        let traffic = try await store.trafficUpdates(endingAfter: now).map(\.slowdown)
        let current = live
        for index in live.route.stops.indices where live.route.stops[index].orderId == orderId { live.route.stops[index].location = location }
        let (before, after) = await Computation.run { [retimer, live] in
            (retimer.retimings(of: [current], traffic: traffic, now: now, resequencing: false), retimer.retimings(of: [live], traffic: traffic, now: now))
        }
        let due = Dictionary(live.route.stops.map { ($0.id, $0.dueBy) }, uniquingKeysWith: { first, _ in first })
        func late(_ retiming: RouteRetimer.Retiming) -> Set<String> {
            Set(retiming.changes.flatMap(\.stops).filter { stop in (due[stop.id] ?? nil).map { stop.eta > $0 } ?? false }.map(\.id))
        }
        return Detour(routeId: live.route.id, changes: after.changes, onTime: late(after).isSubset(of: late(before)))
    }

    public struct Detour: Sendable {
        public var routeId: String
        public var changes: [RouteRetiming]
        /// No stop that would have been on time becomes late.
        public var onTime: Bool
    }

    /// Writes a detour's new stop order and ETAs. Customers are not sent "traffic" messages for it: the ETA on
    /// their page moves, and no stop becomes late (that is what accepting the detour required).
    public func applyDetour(_ detour: Detour) async throws {
        try await store.retime(detour.changes, events: [])
    }

    /// A van's pings came in: when they show it running later than its next stop's ETA by more than
    /// `lateMarginSeconds`, its route is re-timed (and re-sequenced when better) from where it is, and the
    /// customers whose ETA moved are told. Returns whether it was late.
    @discardableResult
    public func vanReported(routeId: String, now: Date? = nil) async throws -> Bool {
        let now = now ?? clock()
        guard let live = try await store.liveRoutes().first(where: { $0.route.id == routeId }), live.route.status == .started,
              let ping = live.lastPing else { return false }
        let remaining = live.route.stops.filter { $0.status == .pending || $0.status == .arrived }.sorted { $0.sequence < $1.sequence }
        guard let next = remaining.first else { return false }
        let traffic = try await store.trafficUpdates(endingAfter: now).map(\.slowdown)
        var travel = retimer.base
        travel.traffic = traffic
        let arrival = max(now, ping.at).addingTimeInterval(travel.travel(from: ping.location, to: next.location, departingAt: max(now, ping.at)).seconds)
        guard arrival.timeIntervalSince(next.eta) > lateMarginSeconds else { return false }
        // What was read to decide is what is re-timed: no second read of the routes or the traffic.
        let retiming = retimer.retimings(of: [live], traffic: traffic, now: now)
        try await store.retime(retiming.changes, events: retiming.events)
        return true
    }
}
