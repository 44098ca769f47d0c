import Foundation
import Routing

/// A traffic change, end to end: stored, then every live route re-timed from where its van is now, the
/// stops still to visit of each route it moved re-sequenced when that is better (parcels are aboard, so a
/// stop stays on its van), and each customer whose ETA moved by more than `notifyMarginSeconds` told once.
public struct TrafficService: Sendable {
    let store: any TrafficStore
    let base: CityTravelTimes
    let clock: @Sendable () -> Date
    public var notifyMarginSeconds = 15 * 60.0
    /// A van this much behind its next stop's ETA has its route re-timed when it reports its position.
    public var lateMarginSeconds = 10 * 60.0
    /// The re-sequencing search per affected route (a route has tens of stops: this takes milliseconds).
    public var replanOptions = SolverOptions(seconds: nil, iterations: 1_500, seed: 1, threads: 1)

    public init(store: any TrafficStore, base: CityTravelTimes = CityTravelTimes(), clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.base = base
        self.clock = { Date(timeIntervalSince1970: (clock().timeIntervalSince1970 * 1000).rounded() / 1000) }
    }

    public struct Outcome: Codable, Equatable, Sendable {
        public var id: String
        public var routes: Int
        public var stopsRetimed: Int
        public var routesResequenced: Int
        public var customersTold: Int
    }

    public func report(centre: GeoPoint, radiusKm: Double, factor: Double, from: Date, to: Date, reason: String, by user: User) async throws -> Outcome {
        guard (1...10).contains(factor) else { throw LogisticsError.validation(field: "factor", message: "1 to 10") }
        guard (0.05...100).contains(radiusKm) else { throw LogisticsError.validation(field: "radiusKm", message: "0.05 to 100") }
        guard to > from, to.timeIntervalSince(from) <= 7 * 86_400 else {
            throw LogisticsError.validation(field: "to", message: "after from, and at most 7 days after it")
        }
        let now = clock()
        guard to > now else { throw LogisticsError.validation(field: "to", message: "in the future: an update that is over changes nothing") }
        let update = TrafficUpdate(id: Identifier.make("trf", at: now),
                                   slowdown: TrafficSlowdown(centre: centre, radiusMetres: radiusKm * 1000, factor: factor, from: from, to: to),
                                   reason: String(reason.prefix(200)), createdBy: user.id, createdAt: now)
        try await store.insertTrafficUpdate(update)
        let outcome = try await retimeLiveRoutes(now: now)
        return Outcome(id: update.id, routes: outcome.routes, stopsRetimed: outcome.stops, routesResequenced: outcome.resequenced,
                       customersTold: outcome.told)
    }

    /// Re-times every live route (or those in `routeIds`) under the traffic in force; also what a van
    /// running late triggers.
    public func retimeLiveRoutes(now: Date, routeIds: Set<String>? = nil) async throws -> (routes: Int, stops: Int, resequenced: Int, told: Int) {
        let traffic = try await store.trafficUpdates(endingAfter: now).map(\.slowdown)
        let routes = try await store.liveRoutes().filter { routeIds?.contains($0.route.id) ?? true }
        let retiming = retimings(of: routes, traffic: traffic, now: now)
        try await store.retime(retiming.changes, events: retiming.events)
        return (retiming.changes.count, retiming.stops, retiming.resequenced, retiming.events.count)
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
        var travel = base
        travel.traffic = try await store.trafficUpdates(endingAfter: now).map(\.slowdown)
        let arrival = max(now, ping.at).addingTimeInterval(travel.travel(from: ping.location, to: next.location, departingAt: max(now, ping.at)).seconds)
        guard arrival.timeIntervalSince(next.eta) > lateMarginSeconds else { return false }
        _ = try await retimeLiveRoutes(now: now, routeIds: [routeId])
        return true
    }

    /// What re-timing `routes` under `traffic` at `now` changes: new ETAs (and stop orders where a
    /// re-sequence is better) and the events for customers whose ETA moved. Pure: the benchmark times it.
    public func retimings(of routes: [LiveRoute], traffic: [TrafficSlowdown], now: Date, resequencing: Bool = true) -> Retiming {
        var travel = base
        travel.traffic = traffic
        var changes: [RouteRetiming] = [], events: [TrackingEvent] = []
        var stops = 0, resequenced = 0
        for live in routes {
            let route = live.route
            var remaining = route.stops.filter { $0.status == .pending || $0.status == .arrived }.sorted { $0.sequence < $1.sequence }
            guard !remaining.isEmpty else { continue }
            // Where the van is: its last ping, else the last stop it finished, else its depot (not yet left).
            let done = route.stops.filter { $0.status == .delivered || $0.status == .failed }.max { $0.sequence < $1.sequence }
            let position = route.status == .planned ? live.depot : live.lastPing?.location ?? done?.location ?? live.depot
            let departure = route.status == .planned ? max(now, route.departure) : now
            var timeline = Self.timeline(remaining, from: position, at: departure, depot: live.depot, travel: travel)
            let moved = zip(remaining, timeline.arrivals).contains { abs($1.timeIntervalSince($0.eta)) > 60 }
            if moved, resequencing, remaining.count > 2, let better = resequence(remaining, from: position, at: departure, depot: live.depot,
                                                                     shiftEnd: live.shiftEnd, travel: travel) {
                remaining = better
                timeline = Self.timeline(remaining, from: position, at: departure, depot: live.depot, travel: travel)
                resequenced += 1
            }
            changes.append(RouteRetiming(routeId: route.id, stops: zip(remaining, timeline.arrivals).map { ($0.id, $1) }))
            stops += remaining.count
            for (stop, eta) in zip(remaining, timeline.arrivals) where abs(eta.timeIntervalSince(stop.eta)) > notifyMarginSeconds {
                guard let status = live.orderStatuses[stop.orderId] else { continue }
                events.append(TrackingEvent(id: Identifier.make("evt", at: now), orderId: stop.orderId, status: status,
                                            message: "New ETA after a traffic change", actor: "dispatch", source: .system, occurredAt: now,
                                            note: ISO8601DateFormatter().string(from: eta), tag: .rescheduled))
            }
        }
        return Retiming(changes: changes, events: events, stops: stops, resequenced: resequenced)
    }

    public struct Retiming: Sendable {
        public var changes: [RouteRetiming]
        public var events: [TrackingEvent]
        public var stops: Int
        public var resequenced: Int
    }

    static func timeline(_ stops: [PlannedStop], from position: GeoPoint, at time: Date, depot: GeoPoint, travel: any TravelTimeProvider) -> RouteTimeline {
        RouteTimeline(departure: time, from: position, to: depot, orders: stops.map(planningOrder), serviceSeconds: stops.map { $0.serviceMinutes * 60 },
                      travel: travel)
    }

    static func planningOrder(_ stop: PlannedStop) -> PlanningOrder {
        let window = stop.windowStart.flatMap { start in stop.dueBy.map { DateInterval(start: start, end: max(start, $0)) } }
        return PlanningOrder(orderId: stop.orderId, location: stop.location, lines: [], window: window, promisedAt: stop.dueBy, paidAt: .distantPast)
    }

    /// The stops in a better order from where the van is, or nil when the current order is as good: the
    /// routing engine's re-planner, warm-started from the current order, an arrived stop pinned first.
    func resequence(_ stops: [PlannedStop], from position: GeoPoint, at time: Date, depot: GeoPoint, shiftEnd: Date,
                    travel: any TravelTimeProvider) -> [PlannedStop]? {
        let day = PlanningDay(containing: time)
        let points = [position, depot] + stops.map(\.location)
        let size = points.count
        var distances = [Int](repeating: 0, count: size * size), durations = distances
        for i in 0..<size {
            for (j, leg) in travel.travels(from: points[i], to: points, departingAt: time).enumerated() where i != j {
                distances[i * size + j] = Int(leg.metres.rounded())
                durations[i * size + j] = Int(leg.seconds.rounded())
            }
        }
        let clients = stops.map { stop in
            ProblemData.Client(x: stop.location.longitude, y: stop.location.latitude, demand: [0], serviceDuration: stop.serviceMinutes * 60,
                               twEarly: stop.windowStart.map { max(0, day.seconds(to: $0)) } ?? 0,
                               twLate: stop.dueBy.map { day.seconds(to: $0) } ?? 3 * 86_400)
        }
        let start = day.seconds(to: time)
        let vehicle = ProblemData.VehicleType(count: 1, capacity: [1], startDepot: 0, endDepot: 1, shiftStart: start,
                                              shiftEnd: max(start, day.seconds(to: shiftEnd)) + 86_400, unitDistanceCost: 0, unitDurationCost: 1)
        let problem = ProblemData(name: "resequence", depots: [.init(x: position.longitude, y: position.latitude), .init(x: depot.longitude, y: depot.latitude)],
                                  clients: clients, vehicleTypes: [vehicle],
                                  distances: .dense(values: distances, size: size), durations: .dense(values: durations, size: size))
        let current = Solution(routes: [.init(vehicleType: 0, visits: Array(2..<size))])
        let pinned = stops.first?.status == .arrived ? 1 : 0
        let outcome = Replanner(problem: problem).replan(current, pinnedCounts: pinned > 0 ? [0: pinned] : [:], options: replanOptions)
        guard outcome.changed, let visits = outcome.plan.routes.first?.visits, visits.count == stops.count else { return nil }
        return visits.map { stops[$0 - 2] }
    }
}
