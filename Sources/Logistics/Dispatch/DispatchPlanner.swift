import Foundation
import Routing

/// Plans a warehouse's day with the routing engine: builds the problem, solves it within a time budget,
/// and turns the solution into routes with hour-by-hour ETAs, figures, and a stated fate for every order
/// the fleet cannot take.
public struct DispatchPlanner: Sendable {
    public var travel: any TravelTimeProvider
    public var serviceTimes = ServiceTimes()
    public var options: SolverOptions
    /// What a kWh costs the fleet by time of day; free leaves energy out of the cost.
    public var tariff = ElectricityTariff(flat: 0)
    /// Plans by a small mall's rule instead of the engine (the simulator's baseline); nil: the engine.
    public var baseline: BaselineDispatcher.Rule?
    /// A search budget in iterations instead of seconds (on one thread): the same orders give the same plan,
    /// whatever the machine's load, so a simulation's report repeats byte for byte. Nil: the time budget.
    public var iterationBudget: Int?
    /// Plans a zoned day a second time without the zone rule to state what the rule costs (a third of the
    /// budget). The simulator, which reports no such figure, turns it off.
    public var pricesZoneRule = true

    public init(travel: any TravelTimeProvider, seconds: Double = 10, threads: Int = 2, seed: UInt64 = 1) {
        self.travel = travel
        options = SolverOptions(seconds: seconds, seed: seed, threads: threads)
    }

    public func problem(day: PlanningDay, warehouse: Warehouse, vehicles: [Vehicle], orders: [PlanningOrder],
                        rules: PlanRules = PlanRules(), stations: [ChargingStation] = []) -> PlanningProblem {
        PlanningProblem(day: day, warehouse: warehouse, vehicles: vehicles.filter(\.active), orders: orders, travel: travel,
                        serviceTimes: serviceTimes, rules: rules, tariff: tariff, stations: stations)
    }

    /// The plan and the engine's solution it came from (for the feasibility checker and re-plans). A
    /// re-optimisation starts from `initial`, the plan as the dispatcher left it.
    public func plan(_ problem: PlanningProblem, id: String, now: Date, initial: Solution? = nil) -> (plan: DispatchPlan, solution: Solution) {
        var solution = Solution(routes: [])
        if let baseline, !problem.orders.isEmpty {
            solution = BaselineDispatcher(travel: travel, rule: baseline).solve(problem)
        } else if !problem.orders.isEmpty && !problem.vehicles.isEmpty {
            var options = options
            if let iterationBudget {
                options.seconds = nil
                options.iterations = iterationBudget
                options.threads = 1
            }
            let result = Solver(problem: problem.problem).solve(options: options, initial: initial.map { Self.compatible($0, with: problem.problem) })
            solution = result.feasible ? result.solution : DispatchPlanner.repaired(result.solution, of: problem.problem)
        }
        return (DispatchPlanner.plan(from: solution, of: problem, id: id, now: now, travel: travel), solution)
    }

    /// A plan under `rules`. When the zone rule binds some van, the same orders are also planned freely (a
    /// third of the budget) and the plan states what the rule costs in km.
    public func plan(day: PlanningDay, warehouse: Warehouse, vehicles: [Vehicle], orders: [PlanningOrder], rules: PlanRules = PlanRules(),
                     stations: [ChargingStation] = [], id: String, now: Date, initial: Solution? = nil) -> DispatchPlan {
        let ruled = problem(day: day, warehouse: warehouse, vehicles: vehicles, orders: orders, rules: rules, stations: stations)
        guard pricesZoneRule, rules.zoned(ruled.vehicles), !orders.isEmpty else { return plan(ruled, id: id, now: now, initial: initial).plan }
        var planner = self
        let budget = options.seconds ?? 10
        planner.options.seconds = budget / 3
        // An iteration budget is split the same way (it is the whole plan's budget, like the seconds).
        planner.iterationBudget = iterationBudget.map { max(1, $0 / 3) }
        var free = rules
        free.zones = false
        let freePlan = planner.plan(problem(day: day, warehouse: warehouse, vehicles: vehicles, orders: orders, rules: free, stations: stations),
                                    id: id, now: now).plan
        planner.options.seconds = budget - budget / 3
        planner.iterationBudget = iterationBudget.map { max(1, $0 - $0 / 3) }
        var made = planner.plan(ruled, id: id, now: now, initial: initial).plan
        made.figures.zoneRule = ZoneRuleCost(kmWithoutRule: freePlan.figures.km, extraKm: made.figures.km - freePlan.figures.km,
                                             onTimeShareWithoutRule: freePlan.figures.onTimeShare)
        return made
    }

    /// `plan`'s routes as a solution of `problem` (its orders by id, its vehicles by id, its charging stops
    /// by station), for a warm start; orders, vans or stations no longer in the problem are left out.
    public static func solution(of plan: DispatchPlan, in problem: PlanningProblem) -> Solution {
        let client = Dictionary(uniqueKeysWithValues: problem.orders.enumerated().map { ($1.orderId, $0 + 1) })
        let type = Dictionary(uniqueKeysWithValues: problem.vehicles.enumerated().map { ($1.id, $0) })
        var freeCopies = Dictionary(uniqueKeysWithValues: problem.stations.map { ($0.id, problem.locations(of: $0.id)[...]) })
        return Solution(routes: plan.routes.compactMap { route in
            guard let vehicleType = type[route.vehicleId] else { return nil }
            var visits: [Int] = []
            func charge(after sequence: Int) {
                for stop in route.chargingStops where stop.afterStop == sequence {
                    if let copy = freeCopies[stop.stationId]?.popFirst() { visits.append(copy) }
                }
            }
            charge(after: 0)
            for stop in route.stops.sorted(by: { $0.sequence < $1.sequence }) {
                if let location = client[stop.orderId] { visits.append(location) }
                charge(after: stop.sequence)
            }
            return Solution.Route(vehicleType: vehicleType, visits: visits)
        })
    }

    /// Turns any solution of `problem` (ours or the baseline's) into a plan.
    public static func plan(from solution: Solution, of problem: PlanningProblem, id: String, now: Date,
                            travel: any TravelTimeProvider) -> DispatchPlan {
        var routes: [PlannedRoute] = []
        var visited = Set<Int>()
        for route in solution.routes {
            let vehicle = problem.vehicles[route.vehicleType]
            let served = route.visits.filter { problem.order(at: $0) != nil }
            // A route of charging stops alone serves no one.
            guard !served.isEmpty else { continue }
            let orders = served.compactMap(problem.order(at:)), service = served.map { problem.serviceSeconds[$0 - 1] }
            // Each charging stop with the number of stops served before it.
            var stations: [(before: Int, station: ChargingStation)] = []
            var count = 0
            for visit in route.visits {
                if let station = problem.station(at: visit) { stations.append((count, station)) } else { count += 1 }
            }
            let (timeline, charging) = chargedTimeline(vehicle: vehicle, problem: problem, orders: orders, serviceSeconds: service,
                                                       stations: stations, travel: travel)
            visited.formUnion(served)
            let stops = orders.indices.map { i in
                PlannedStop(id: Identifier.make("stp", at: now), orderId: orders[i].orderId, kind: orders[i].kind, location: orders[i].location, sequence: i + 1,
                            plannedArrival: timeline.arrivals[i], eta: timeline.arrivals[i], serviceMinutes: (service[i] + 59) / 60,
                            dueBy: orders[i].dueBy, windowStart: orders[i].window?.start, status: .pending,
                            pinned: problem.rules.pins[orders[i].orderId] != nil)
            }
            routes.append(PlannedRoute(id: Identifier.make("rte", at: now), vehicleId: vehicle.id, driverId: nil, departure: timeline.departure,
                                       returnAt: timeline.returnAt, km: timeline.metres / 1000, stops: stops,
                                       kWh: vehicle.electric.map { timeline.metres / 1000 * $0.kWhPerKm }, chargingStops: charging))
        }
        let unassigned = problem.orders.indices.filter { !visited.contains($0 + 1) }.map { index in
            let order = problem.orders[index]
            let due = order.dueBy.map { PlanningDay(containing: $0).days <= problem.day.days } ?? false
            return UnassignedOrder(orderId: order.orderId, reason: reason(order, in: problem, travel: travel), action: due ? .carrier : .nextDay)
        }
        return DispatchPlan(id: id, warehouseId: problem.warehouse.id, date: problem.day.description, status: .ready,
                            figures: figures(routes, vehicles: problem.vehicles, tariff: problem.tariff), routes: routes, unassigned: unassigned)
    }

    /// A route's timeline with its charging stops, timed by both charging policies and keeping the one whose
    /// stops are less late (then the earlier return): how much each stop charges follows `ChargingPolicy` from
    /// the legs' distances, how long from each station's own power.
    static func chargedTimeline(vehicle: Vehicle, problem: PlanningProblem, orders: [PlanningOrder], serviceSeconds: [Int],
                                stations: [(before: Int, station: ChargingStation)], travel: any TravelTimeProvider) -> (RouteTimeline, [ChargingStop]) {
        // Without a charging stop (most routes) both policies time the route alike: once is enough.
        guard vehicle.electric != nil, !stations.isEmpty else {
            return chargedTimeline(vehicle: vehicle, problem: problem, orders: orders, serviceSeconds: serviceSeconds, stations: stations, travel: travel, policy: .early)
        }
        let timed = ChargingPolicy.allCases.map {
            chargedTimeline(vehicle: vehicle, problem: problem, orders: orders, serviceSeconds: serviceSeconds, stations: stations, travel: travel, policy: $0)
        }
        func lateness(_ timeline: RouteTimeline) -> Double {
            zip(orders, timeline.serviceStarts).reduce(0) { late, pair in
                late + max(0, pair.1.timeIntervalSince(pair.0.window?.end ?? pair.1))
            } + max(0, timeline.returnAt.timeIntervalSince(problem.day.at(minute: vehicle.shiftEndMinute)))
        }
        return timed.min { (lateness($0.0), $0.0.returnAt) < (lateness($1.0), $1.0.returnAt) }!
    }

    private static func chargedTimeline(vehicle: Vehicle, problem: PlanningProblem, orders: [PlanningOrder], serviceSeconds: [Int],
                                        stations: [(before: Int, station: ChargingStation)], travel: any TravelTimeProvider,
                                        policy: ChargingPolicy) -> (RouteTimeline, [ChargingStop]) {
        func timeline(_ seconds: [Double]) -> RouteTimeline {
            RouteTimeline(vehicle: vehicle, from: problem.warehouse.location, day: problem.day, orders: orders, serviceSeconds: serviceSeconds,
                          charges: zip(stations, seconds).map { RouteTimeline.Charge(before: $0.before, location: $0.station.location, seconds: $1) },
                          travel: travel)
        }
        var stations = stations
        var draft = timeline(stations.map { _ in 0 })
        guard let spec = vehicle.electric, !stations.isEmpty else { return (draft, []) }
        // Each charging stop's place among the legs: the stops before it and the charging stops before it.
        func chargeAmounts() -> [Double] {
            ChargingPolicy.amounts(legKm: draft.legMetres.map { $0 / 1000 }, charges: stations.indices.map { stations[$0].before + $0 }, spec: spec, policy: policy)
        }
        var amounts = chargeAmounts()
        // A station that charges nothing is not needed (under the early policy only the last can be one, and the
        // one before it then charges just enough).
        while let idle = amounts.firstIndex(where: { $0 <= 1e-9 }) {
            stations.remove(at: idle)
            draft = timeline(stations.map { _ in 0 })
            amounts = stations.isEmpty ? [] : chargeAmounts()
        }
        guard !stations.isEmpty else { return (draft, []) }
        let minutes = zip(stations, amounts).map { ChargingPolicy.minutes(kWh: $1, powerKW: $0.station.powerKW) }
        let final = timeline(minutes.map { Double($0 * 60) })
        let stops = stations.indices.map { i in
            ChargingStop(stationId: stations[i].station.id, name: stations[i].station.name, location: stations[i].station.location,
                         afterStop: stations[i].before, arrival: final.chargeArrivals[i], minutes: minutes[i], kWh: amounts[i])
        }
        return (final, stops)
    }

    /// `solution` without the visits whose vehicle lacks the client's skills: a warm start from a plan made
    /// before a pin or a zone changed, whose moved orders the search then inserts where they may go (it
    /// never moves a client onto an incompatible vehicle, so it would not move one off either).
    static func compatible(_ solution: Solution, with problem: ProblemData) -> Solution {
        Solution(routes: solution.routes.map { route in
            var route = route
            route.visits.removeAll { !problem.vehicleTypes[route.vehicleType].canServe(problem.client($0).requiredSkills) }
            return route
        })
    }

    /// A safety net for a search that never reached a feasible solution: drops visits from each violating
    /// route (the heaviest while it is overloaded, else the last) until the checker accepts it. Dropped
    /// orders then get their reason and fate like any other left out.
    static func repaired(_ solution: Solution, of problem: ProblemData) -> Solution {
        let checker = FeasibilityChecker(problem: problem)
        let routes = solution.routes.map { route -> Solution.Route in
            var route = route
            while !route.visits.isEmpty, let report = Optional(checker.check(Solution(routes: [route]))), !report.isFeasible {
                let overloaded = zip(report.schedules.first?.load ?? [], problem.vehicleTypes[route.vehicleType].capacity).contains { $0 > $1 }
                if overloaded, let heaviest = route.visits.indices.max(by: {
                    problem.client(route.visits[$0]).demand.reduce(0, +) < problem.client(route.visits[$1]).demand.reduce(0, +)
                }) {
                    route.visits.remove(at: heaviest)
                } else {
                    route.visits.removeLast()
                }
            }
            return route
        }
        return Solution(routes: routes)
    }

    static func figures(_ routes: [PlannedRoute], vehicles: [Vehicle], tariff: ElectricityTariff = ElectricityTariff(flat: 0)) -> PlanFigures {
        let byId = Dictionary(uniqueKeysWithValues: vehicles.map { ($0.id, $0) })
        var km = 0.0, hours = 0.0, cost = 0.0, kWh: Double?, energyCost: Double?, stops = 0, onTime = 0
        for route in routes {
            let vehicle = byId[route.vehicleId]
            let routeHours = route.returnAt.timeIntervalSince(route.departure) / 3600
            km += route.km
            hours += routeHours
            cost += route.km * Double(vehicle?.costPerKmCents ?? 0) + routeHours * Double(vehicle?.costPerHourCents ?? 0)
            // The route's own kWh, stated when it was planned (nil for a combustion van).
            if let routeKWh = route.kWh {
                kWh = (kWh ?? 0) + routeKWh
                energyCost = (energyCost ?? 0) + tariff.cents(of: route)
            }
            stops += route.stops.count
            onTime += route.stops.filter(\.isOnTime).count
        }
        return PlanFigures(km: km, vehicleHours: hours, vehicles: routes.count, stops: stops,
                           onTimeShare: stops == 0 ? 1 : Double(onTime) / Double(stops), costCents: Int((cost + (energyCost ?? 0)).rounded()), kWh: kWh,
                           energyCostCents: energyCost.map { Int($0.rounded()) })
    }

    /// Why no route took `order`: the first rule that explains it, else a full fleet.
    static func reason(_ order: PlanningOrder, in problem: PlanningProblem, travel: any TravelTimeProvider) -> UnassignedReason {
        guard !problem.vehicles.isEmpty else { return .fleetFull }
        let able = problem.vehicles.filter { !order.needsInstaller || $0.skills.contains(.install) }
        if order.needsInstaller && able.isEmpty { return .noInstaller }
        let fits = able.filter { $0.capacityGrams >= order.weightGrams && $0.capacityMillilitres >= order.volumeMillilitres }
        if fits.isEmpty { return .tooLarge }
        if let due = order.deadline(on: problem.day) {
            let reachable = fits.contains { vehicle in
                let leave = problem.day.at(minute: vehicle.shiftStartMinute)
                return leave.addingTimeInterval(travel.travel(from: problem.warehouse.location, to: order.location, departingAt: leave).seconds) <= due
            }
            if !reachable { return .windowUnreachable }
        }
        let noon = problem.day.at(minute: 11 * 60), depot = problem.warehouse.location
        func km(_ a: GeoPoint, _ b: GeoPoint) -> Double { travel.travel(from: a, to: b, departingAt: noon).metres / 1000 }
        let out = km(depot, order.location), back = km(order.location, depot)
        // Within range on one battery, or with one charging stop on the way there or back.
        func reachable(_ range: Double) -> Bool {
            out + back <= range || problem.stations.contains { station in
                let toStation = km(depot, station.location), fromStation = km(station.location, depot)
                let there = km(station.location, order.location), toCharge = km(order.location, station.location)
                return (toStation <= range && there + back <= range) || (out + toCharge <= range && fromStation <= range)
            }
        }
        if !fits.contains(where: { vehicle in vehicle.electric.map { reachable($0.rangeKm) } ?? true }) { return .outOfRange }
        return .fleetFull
    }
}
