import Dispatch
import Foundation
import Routing
import Synchronization

/// Re-times live routes under the traffic in force: each from where its van is now, the stops still to
/// visit re-sequenced when a better order exists (parcels are aboard, so a stop stays on its van), and an
/// event for each customer whose ETA moved by more than `notifyMarginSeconds`. Pure: the traffic service
/// feeds it from the store, the jam benchmark times it.
public struct RouteRetimer: Sendable {
    public var base: CityTravelTimes
    public var notifyMarginSeconds = 15 * 60.0
    /// The re-sequencing search per affected route: at most this many iterations (a short route ends there,
    /// the same way every time)...
    public var replanOptions = SolverOptions(seconds: nil, iterations: 1_500, seed: 1, threads: 1)
    /// ... and all affected routes within this wall time together, searched side by side on every core (a
    /// 60-stop route does about 700 iterations a second, so a jam over 25 such routes gets ~60 each). Nil:
    /// the iterations alone, so the same routes give the same order whatever the machine's load (the
    /// simulator's setting).
    public var replanBudgetSeconds: Double? = 0.8

    public init(base: CityTravelTimes = CityTravelTimes()) {
        self.base = base
    }

    /// What re-timing `routes` under `traffic` at `now` changes: new ETAs (and stop orders where a
    /// re-sequence is better) and the events for customers whose ETA moved. Pure: the benchmark times it.
    public func retimings(of routes: [LiveRoute], traffic: [TrafficSlowdown], now: Date, resequencing: Bool = true) -> Retiming {
        var travel = base
        travel.traffic = traffic
        // Where each van is and its remaining stops re-timed from there, in the current order.
        struct Leg {
            var live: LiveRoute
            var remaining: [PlannedStop]
            var position: GeoPoint
            var departure: Date
            var timeline: RouteTimeline
            var moved: Bool
            /// Charging stops still ahead: kept where they are, so the route is not re-sequenced.
            var charges: [RouteTimeline.Charge]
        }
        var legs: [Leg] = []
        for live in routes {
            let route = live.route
            let remaining = route.stops.filter { $0.status == .pending || $0.status == .arrived }.sorted { $0.sequence < $1.sequence }
            guard !remaining.isEmpty else { continue }
            // Where the van is: its last ping, else the last stop it finished, else its depot (not yet left).
            let done = route.stops.filter { $0.status == .delivered || $0.status == .failed }.max { $0.sequence < $1.sequence }
            let position = route.status == .planned ? live.depot : live.lastPing?.location ?? done?.location ?? live.depot
            let departure = route.status == .planned ? max(now, route.departure) : now
            let charges = Self.chargesAhead(route, remaining: remaining, lastDone: done?.sequence ?? 0)
            let timeline = Self.timeline(remaining, from: position, at: departure, depot: live.depot, charges: charges, travel: travel)
            let moved = zip(remaining, timeline.arrivals).contains { abs($1.timeIntervalSince($0.eta)) > 60 }
            legs.append(Leg(live: live, remaining: remaining, position: position, departure: departure, timeline: timeline, moved: moved,
                            charges: charges))
        }
        // The routes the change moved are re-sequenced side by side: each search is independent.
        let candidates = resequencing ? legs.indices.filter { legs[$0].moved && legs[$0].remaining.count > 2 && legs[$0].charges.isEmpty } : []
        let better = Mutex<[Int: [PlannedStop]]>([:])
        let frozen = legs, road = travel
        let rounds = (candidates.count + ProcessInfo.processInfo.activeProcessorCount - 1) / max(1, ProcessInfo.processInfo.activeProcessorCount)
        var options = replanOptions
        options.seconds = replanBudgetSeconds.map { $0 / Double(max(1, rounds)) }
        DispatchQueue.concurrentPerform(iterations: candidates.count) { [options] index in
            let leg = frozen[candidates[index]]
            if let order = resequence(leg.remaining, from: leg.position, at: leg.departure, depot: leg.live.depot, shiftEnd: leg.live.shiftEnd,
                                      travel: road, options: options) {
                better.withLock { $0[candidates[index]] = order }
            }
        }
        let resequenced = better.withLock { $0 }
        for (index, order) in resequenced {
            legs[index].remaining = order
            legs[index].timeline = Self.timeline(order, from: legs[index].position, at: legs[index].departure, depot: legs[index].live.depot,
                                                 travel: travel)
        }
        var changes: [RouteRetiming] = [], events: [TrackingEvent] = []
        var stops = 0
        let iso = ISO8601DateFormatter()
        for leg in legs {
            changes.append(RouteRetiming(routeId: leg.live.route.id, stops: zip(leg.remaining, leg.timeline.arrivals).map { ($0.id, $1) }))
            stops += leg.remaining.count
            for (stop, eta) in zip(leg.remaining, leg.timeline.arrivals) where abs(eta.timeIntervalSince(stop.eta)) > notifyMarginSeconds {
                guard let status = leg.live.orderStatuses[stop.orderId] else { continue }
                events.append(stop.kind == .pickup
                    ? PickupNotes.event(.rescheduled, orderId: stop.orderId, status: status, value: iso.string(from: eta), actor: "dispatch", source: .system, at: now)
                    : TrackingEvent(id: Identifier.make("evt", at: now), orderId: stop.orderId, status: status,
                                    message: "New ETA after a traffic change", actor: "dispatch", source: .system, occurredAt: now,
                                    note: iso.string(from: eta), tag: .rescheduled))
            }
        }
        return Retiming(changes: changes, events: events, stops: stops, resequenced: resequenced.count)
    }

    public struct Retiming: Sendable {
        public var changes: [RouteRetiming]
        public var events: [TrackingEvent]
        public var stops: Int
        public var resequenced: Int
    }

    static func timeline(_ stops: [PlannedStop], from position: GeoPoint, at time: Date, depot: GeoPoint, charges: [RouteTimeline.Charge] = [],
                         travel: any TravelTimeProvider) -> RouteTimeline {
        RouteTimeline(departure: time, from: position, to: depot, orders: stops.map(planningOrder), serviceSeconds: stops.map { $0.serviceMinutes * 60 },
                      charges: charges, travel: travel)
    }

    /// The route's charging stops after the last stop done, each before the first remaining stop that
    /// followed it in the plan, for as long as planned.
    static func chargesAhead(_ route: DriverRoute, remaining: [PlannedStop], lastDone: Int) -> [RouteTimeline.Charge] {
        route.chargingStops.filter { $0.afterStop >= lastDone }.map { charge in
            RouteTimeline.Charge(before: remaining.firstIndex { $0.sequence > charge.afterStop } ?? remaining.count,
                                 location: charge.location, seconds: Double(charge.minutes * 60))
        }
    }

    static func planningOrder(_ stop: PlannedStop) -> PlanningOrder {
        let window = stop.windowStart.flatMap { start in stop.dueBy.map { DateInterval(start: start, end: max(start, $0)) } }
        return PlanningOrder(orderId: stop.orderId, kind: stop.kind, location: stop.location, lines: [], window: window, promisedAt: stop.dueBy, paidAt: .distantPast)
    }

    /// The stops in a better order from where the van is, or nil when the current order is as good: the
    /// routing engine's re-planner, warm-started from the current order, an arrived stop pinned first.
    func resequence(_ stops: [PlannedStop], from position: GeoPoint, at time: Date, depot: GeoPoint, shiftEnd: Date,
                    travel: any TravelTimeProvider, options: SolverOptions) -> [PlannedStop]? {
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
        // An overdue stop keeps its passed due time here, unlike in a day's plan (`PlanningOrder.window(on:)`
        // drops it there so the order is not left out of every plan): this stop is on the van already, and
        // each minute it waits adds to its lateness, so the re-sequencer serves overdue stops early.
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
        let outcome = Replanner(problem: problem).replan(current, pinnedCounts: pinned > 0 ? [0: pinned] : [:], options: options)
        guard outcome.changed, let visits = outcome.plan.routes.first?.visits, visits.count == stops.count else { return nil }
        return visits.map { stops[$0 - 2] }
    }
}
