import ArgumentParser
import Foundation
import Logistics
import Routing

/// `chargemall bench traffic`: a generated day planned and under way at 11:00, then jams that slow a share
/// of its routes; how long re-timing every live route takes, and re-planning the routes the jams slowed.
struct BenchTraffic: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "traffic",
        abstract: "Jam a day under way: time the ETAs of every live route and the re-plan of the routes the jams slow.",
        discussion: """
            The day is `bench dispatch`'s (200, 1,000 or 5,000 orders over 3 warehouses), planned by the optimiser
            with --plan-seconds per warehouse and under way at 11:00: stops due before then are delivered, each van
            is at its last delivered stop. Jams (factor --factor, radius --radius-km, centred on stops still to
            visit) are added until --share of the routes have a leg through one. Timed, as the traffic service runs
            them (computation only; the database write is one transaction): the ETAs of all live routes with the
            jams (median and worst of --repeats runs), and the re-plan of the affected routes from where each van is
            (re-timing plus the re-sequencing search). Goals: ETAs < 50 ms, re-plans < 1 s.
            Example: chargemall bench traffic --size large
            """)

    @Option(help: "small, medium or large.") var size = "large"
    @Option(help: "Solver seconds per warehouse for the plan that is jammed.") var planSeconds: Double = 5
    @Option(help: "Share of the live routes the jams slow.") var share = 0.3
    @Option(help: "How much slower the jammed legs are.") var factor = 2.0
    @Option(help: "Radius of each jam, km.") var radiusKm = 2.0
    @Option(help: "Timed repetitions.") var repeats = 20
    @Option(help: "Search iterations per re-sequenced route (the traffic service's setting by default).") var replanIterations: Int?
    @Option(help: "Random seed of the generated day.") var seed: UInt64 = 1
    @Flag(help: "Print JSON instead of a table.") var json = false

    struct Result: Encodable {
        var size: String
        var orders: Int
        var liveRoutes: Int
        var stopsToVisit: Int
        var jams: Int
        var affectedRoutes: Int
        var etaMedianMs: Double
        var etaWorstMs: Double
        var replanMedianMs: Double
        var replanWorstMs: Double
        var routesResequenced: Int
        var customersToTell: Int
        /// Stops of the slowed routes due before their new ETA: re-timed only, and re-planned.
        var lateIfRetimedOnly: Int
        var lateAfterReplan: Int
    }

    func run() throws {
        let sizes = ["small": (200, 10), "medium": (1_000, 30), "large": (5_000, 80)]
        guard let (orderCount, vehicleCount) = sizes[size] else { throw ValidationError("unknown size \(size): small, medium or large") }
        let day = PlanningDay("2026-12-02")!
        let now = day.at(minute: 11 * 60)
        let travel = CityTravelTimes()
        let orders = DemoDispatchDay.orders(count: orderCount, day: day, seed: seed)
        let fleet = DemoDispatchDay.fleet(count: vehicleCount, for: orders)
        let planner = DispatchPlanner(travel: travel, seconds: planSeconds, threads: 2, seed: seed)
        var live: [LiveRoute] = []
        for warehouse in DemoCatalog.warehouses {
            let vans = fleet.filter { $0.warehouseId == warehouse.id }
            let problem = planner.problem(day: day, warehouse: warehouse, vehicles: vans, orders: orders[warehouse.id] ?? [])
            let plan = planner.plan(problem, id: "plan-\(warehouse.code)", now: day.start).plan
            FileHandle.standardError.write(Data("[\(warehouse.code)] planned \(plan.figures.stops) stops on \(plan.routes.count) routes\n".utf8))
            for route in plan.routes {
                live.append(Self.underWay(route, warehouse: warehouse, vehicle: vans.first { $0.id == route.vehicleId }!, day: day, at: now))
            }
        }
        live.removeAll { route in !route.route.stops.contains { $0.status == .pending } }
        let jams = Self.jams(over: live, share: share, factor: factor, radiusMetres: radiusKm * 1000, now: now, seed: seed)
        let affected = live.filter { Self.touches($0, jams, at: now) }
        FileHandle.standardError.write(Data("\(live.count) live routes, \(jams.count) jams slow \(affected.count) of them; timing\n".utf8))

        var retimer = RouteRetimer(base: travel)
        if let replanIterations { retimer.replanOptions.iterations = replanIterations }
        let due = Dictionary(uniqueKeysWithValues: affected.flatMap { $0.route.stops }.map { ($0.id, $0.dueBy) })
        func late(_ retiming: RouteRetimer.Retiming) -> Int {
            retiming.changes.flatMap(\.stops).filter { stop in due[stop.id].flatMap { $0 }.map { stop.eta > $0 } ?? false }.count
        }
        let retimedOnly = late(retimer.retimings(of: affected, traffic: jams, now: now, resequencing: false))
        var etaMs: [Double] = [], replanMs: [Double] = []
        var outcome = retimer.retimings(of: affected, traffic: jams, now: now)
        for round in 0..<repeats {
            var started = DispatchTime.now().uptimeNanoseconds
            _ = retimer.retimings(of: live, traffic: jams, now: now, resequencing: false)
            etaMs.append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6)
            started = DispatchTime.now().uptimeNanoseconds
            outcome = retimer.retimings(of: affected, traffic: jams, now: now)
            replanMs.append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6)
            if (round + 1) % 5 == 0 { FileHandle.standardError.write(Data("  \(round + 1)/\(repeats)\n".utf8)) }
        }
        let etas = Percentiles(etaMs), replans = Percentiles(replanMs)
        let result = Result(size: size, orders: orderCount, liveRoutes: live.count,
                            stopsToVisit: live.reduce(0) { $0 + $1.route.stops.filter { $0.status == .pending }.count }, jams: jams.count,
                            affectedRoutes: affected.count, etaMedianMs: etas.value(0.5), etaWorstMs: etas.value(1),
                            replanMedianMs: replans.value(0.5), replanWorstMs: replans.value(1), routesResequenced: outcome.resequenced,
                            customersToTell: outcome.events.count, lateIfRetimedOnly: retimedOnly, lateAfterReplan: late(outcome))
        if json {
            try printJSON([result])
            return
        }
        print("generated Shenzhen day 2026-12-02 (\(size), seed \(seed)) under way at 11:00; jams ×\(factor), \(radiusKm) km; \(repeats) runs")
        print("| live routes | stops to visit | jams | routes slowed | ETAs of all routes: median / worst ms | re-plan of slowed routes: median / worst ms | re-sequenced | late stops: re-timed only → re-planned | customers to tell |")
        print("|---|---|---|---|---|---|---|---|---|")
        print(String(format: "| %d | %d | %d | %d (%.0f %%) | %.1f / %.1f | %.0f / %.0f | %d | %d → %d | %d |", result.liveRoutes, result.stopsToVisit, result.jams,
                     result.affectedRoutes, 100 * Double(result.affectedRoutes) / Double(max(1, result.liveRoutes)), result.etaMedianMs, result.etaWorstMs,
                     result.replanMedianMs, result.replanWorstMs, result.routesResequenced, result.lateIfRetimedOnly, result.lateAfterReplan,
                     result.customersToTell))
    }

    /// `route` as it stands at `now`: started, stops due before now delivered, the van at the last of them.
    static func underWay(_ route: PlannedRoute, warehouse: Warehouse, vehicle: Vehicle, day: PlanningDay, at now: Date) -> LiveRoute {
        var stops = route.stops
        for index in stops.indices where stops[index].eta < now { stops[index].status = .delivered }
        let last = stops.last { $0.status == .delivered }
        let driverRoute = DriverRoute(id: route.id, planId: "plan", warehouseId: warehouse.id, date: day.description, vehicleId: route.vehicleId,
                                      driverId: "driver", status: .started, departure: route.departure, returnAt: route.returnAt, km: route.km, stops: stops)
        let ping = last.map { PositionPing(driverId: "driver", routeId: route.id, location: $0.location, at: now, receivedAt: now) }
        return LiveRoute(route: driverRoute, depot: warehouse.location, lastPing: ping, shiftEnd: day.at(minute: vehicle.shiftEndMinute),
                         orderStatuses: Dictionary(uniqueKeysWithValues: stops.map { ($0.orderId, OrderStatus.outForDelivery) }))
    }

    /// Jams centred on random stops still to visit, added until `share` of the routes have a leg through one.
    static func jams(over routes: [LiveRoute], share: Double, factor: Double, radiusMetres: Double, now: Date, seed: UInt64) -> [TrafficSlowdown] {
        let generator = SeededRandom(seed: seed)
        var jams: [TrafficSlowdown] = []
        let pending = routes.flatMap { $0.route.stops.filter { $0.status == .pending } }
        let target = Int((share * Double(routes.count)).rounded(.up))
        var tries = 0
        while routes.filter({ touches($0, jams, at: now) }).count < target, tries < 10_000, !pending.isEmpty {
            tries += 1
            let centre = pending[Int(generator.next() % UInt64(pending.count))].location
            let jam = TrafficSlowdown(centre: centre, radiusMetres: radiusMetres, factor: factor, from: now.addingTimeInterval(-3_600),
                                      to: now.addingTimeInterval(6 * 3_600))
            // Only jams that slow a route no jam slows yet, so the share is not overshot by much.
            if routes.contains(where: { !touches($0, jams, at: now) && touches($0, [jam], at: now) }) { jams.append(jam) }
        }
        return jams
    }

    /// Whether a leg still to drive on the route passes through one of `jams`.
    static func touches(_ live: LiveRoute, _ jams: [TrafficSlowdown], at now: Date) -> Bool {
        let remaining = live.route.stops.filter { $0.status == .pending }.map(\.location)
        let points = [live.lastPing?.location ?? live.depot] + remaining + [live.depot]
        return zip(points, points.dropFirst()).contains { leg in jams.contains { $0.applies(at: now, from: leg.0, to: leg.1) } }
    }
}
