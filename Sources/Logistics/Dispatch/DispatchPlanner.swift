import Foundation
import Routing

/// Plans a warehouse's day with the routing engine: builds the problem, solves it within a time budget,
/// and turns the solution into routes with hour-by-hour ETAs, figures, and a stated fate for every order
/// the fleet cannot take.
public struct DispatchPlanner: Sendable {
    public var travel: any TravelTimeProvider
    public var serviceTimes = ServiceTimes()
    public var options: SolverOptions
    /// What a kWh costs the fleet (cents), added to an electric van's cost per km; 0 leaves it out.
    public var energyPriceCents: Double = 0

    public init(travel: any TravelTimeProvider, seconds: Double = 10, threads: Int = 2, seed: UInt64 = 1) {
        self.travel = travel
        options = SolverOptions(seconds: seconds, seed: seed, threads: threads)
    }

    public func problem(day: PlanningDay, warehouse: Warehouse, vehicles: [Vehicle], orders: [PlanningOrder],
                        rules: PlanRules = PlanRules()) -> PlanningProblem {
        PlanningProblem(day: day, warehouse: warehouse, vehicles: vehicles.filter(\.active), orders: orders, travel: travel,
                        serviceTimes: serviceTimes, rules: rules, energyPriceCents: energyPriceCents)
    }

    /// The plan and the engine's solution it came from (for the feasibility checker and re-plans). A
    /// re-optimisation starts from `initial`, the plan as the dispatcher left it.
    public func plan(_ problem: PlanningProblem, id: String, now: Date, initial: Solution? = nil) -> (plan: DispatchPlan, solution: Solution) {
        var solution = Solution(routes: [])
        if !problem.orders.isEmpty && !problem.vehicles.isEmpty {
            let result = Solver(problem: problem.problem).solve(options: options, initial: initial.map { Self.compatible($0, with: problem.problem) })
            solution = result.feasible ? result.solution : DispatchPlanner.repaired(result.solution, of: problem.problem)
        }
        return (DispatchPlanner.plan(from: solution, of: problem, id: id, now: now, travel: travel), solution)
    }

    /// A plan under `rules`. When the zone rule binds some van, the same orders are also planned freely (a
    /// third of the budget) and the plan states what the rule costs in km.
    public func plan(day: PlanningDay, warehouse: Warehouse, vehicles: [Vehicle], orders: [PlanningOrder], rules: PlanRules = PlanRules(),
                     id: String, now: Date, initial: Solution? = nil) -> DispatchPlan {
        let ruled = problem(day: day, warehouse: warehouse, vehicles: vehicles, orders: orders, rules: rules)
        guard rules.zoned(ruled.vehicles), !orders.isEmpty else { return plan(ruled, id: id, now: now, initial: initial).plan }
        var planner = self
        let budget = options.seconds ?? 10
        planner.options.seconds = budget / 3
        var free = rules
        free.zones = false
        let freePlan = planner.plan(problem(day: day, warehouse: warehouse, vehicles: vehicles, orders: orders, rules: free), id: id, now: now).plan
        planner.options.seconds = budget - budget / 3
        var made = planner.plan(ruled, id: id, now: now, initial: initial).plan
        made.figures.zoneRule = ZoneRuleCost(kmWithoutRule: freePlan.figures.km, extraKm: made.figures.km - freePlan.figures.km,
                                             onTimeShareWithoutRule: freePlan.figures.onTimeShare)
        return made
    }

    /// `plan`'s routes as a solution of `problem` (its orders by id, its vehicles by id), for a warm start;
    /// orders or vans no longer in the problem are left out.
    public static func solution(of plan: DispatchPlan, in problem: PlanningProblem) -> Solution {
        let client = Dictionary(uniqueKeysWithValues: problem.orders.enumerated().map { ($1.orderId, $0 + 1) })
        let type = Dictionary(uniqueKeysWithValues: problem.vehicles.enumerated().map { ($1.id, $0) })
        return Solution(routes: plan.routes.compactMap { route in
            guard let vehicleType = type[route.vehicleId] else { return nil }
            return Solution.Route(vehicleType: vehicleType, visits: route.stops.compactMap { client[$0.orderId] })
        })
    }

    /// Turns any solution of `problem` (ours or the baseline's) into a plan.
    public static func plan(from solution: Solution, of problem: PlanningProblem, id: String, now: Date,
                            travel: any TravelTimeProvider) -> DispatchPlan {
        var routes: [PlannedRoute] = []
        var visited = Set<Int>()
        for route in solution.routes where !route.visits.isEmpty {
            let vehicle = problem.vehicles[route.vehicleType]
            let orders = route.visits.map(problem.order(at:)), service = route.visits.map { problem.serviceSeconds[$0 - 1] }
            let timeline = RouteTimeline(vehicle: vehicle, from: problem.warehouse.location, day: problem.day, orders: orders,
                                         serviceSeconds: service, travel: travel)
            visited.formUnion(route.visits)
            let stops = orders.indices.map { i in
                PlannedStop(id: Identifier.make("stp", at: now), orderId: orders[i].orderId, kind: orders[i].kind, location: orders[i].location, sequence: i + 1,
                            plannedArrival: timeline.arrivals[i], eta: timeline.arrivals[i], serviceMinutes: (service[i] + 59) / 60,
                            dueBy: orders[i].dueBy, windowStart: orders[i].window?.start, status: .pending,
                            pinned: problem.rules.pins[orders[i].orderId] != nil)
            }
            routes.append(PlannedRoute(id: Identifier.make("rte", at: now), vehicleId: vehicle.id, driverId: nil, departure: timeline.departure,
                                       returnAt: timeline.returnAt, km: timeline.metres / 1000, stops: stops,
                                       kWh: vehicle.electric.map { timeline.metres / 1000 * $0.kWhPerKm }))
        }
        let unassigned = problem.orders.indices.filter { !visited.contains($0 + 1) }.map { index in
            let order = problem.orders[index]
            let due = order.dueBy.map { PlanningDay(containing: $0).days <= problem.day.days } ?? false
            return UnassignedOrder(orderId: order.orderId, reason: reason(order, in: problem, travel: travel), action: due ? .carrier : .nextDay)
        }
        return DispatchPlan(id: id, warehouseId: problem.warehouse.id, date: problem.day.description, status: .ready,
                            figures: figures(routes, vehicles: problem.vehicles, energyPriceCents: problem.energyPriceCents), routes: routes, unassigned: unassigned)
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

    static func figures(_ routes: [PlannedRoute], vehicles: [Vehicle], energyPriceCents: Double = 0) -> PlanFigures {
        let byId = Dictionary(uniqueKeysWithValues: vehicles.map { ($0.id, $0) })
        var km = 0.0, hours = 0.0, cost = 0.0, kWh: Double?, stops = 0, onTime = 0
        for route in routes {
            let vehicle = byId[route.vehicleId]
            let routeHours = route.returnAt.timeIntervalSince(route.departure) / 3600
            km += route.km
            hours += routeHours
            cost += route.km * Double(vehicle?.costPerKmCents ?? 0) + routeHours * Double(vehicle?.costPerHourCents ?? 0)
            // The route's own kWh, stated when it was planned (nil for a combustion van).
            if let routeKWh = route.kWh {
                kWh = (kWh ?? 0) + routeKWh
                cost += routeKWh * energyPriceCents
            }
            stops += route.stops.count
            onTime += route.stops.filter(\.isOnTime).count
        }
        return PlanFigures(km: km, vehicleHours: hours, vehicles: routes.count, stops: stops,
                           onTimeShare: stops == 0 ? 1 : Double(onTime) / Double(stops), costCents: Int(cost.rounded()), kWh: kWh)
    }

    /// Why no route took `order`: the first rule that explains it, else a full fleet.
    static func reason(_ order: PlanningOrder, in problem: PlanningProblem, travel: any TravelTimeProvider) -> UnassignedReason {
        guard !problem.vehicles.isEmpty else { return .fleetFull }
        let able = problem.vehicles.filter { !order.needsInstaller || $0.skills.contains(.install) }
        if order.needsInstaller && able.isEmpty { return .noInstaller }
        let fits = able.filter { $0.capacityGrams >= order.weightGrams && $0.capacityMillilitres >= order.volumeMillilitres }
        if fits.isEmpty { return .tooLarge }
        if let due = order.dueBy {
            let reachable = fits.contains { vehicle in
                let leave = problem.day.at(minute: vehicle.shiftStartMinute)
                return leave.addingTimeInterval(travel.travel(from: problem.warehouse.location, to: order.location, departingAt: leave).seconds) <= due
            }
            if !reachable { return .windowUnreachable }
        }
        let metres = travel.travel(from: problem.warehouse.location, to: order.location, departingAt: problem.day.at(minute: 11 * 60)).metres
            + travel.travel(from: order.location, to: problem.warehouse.location, departingAt: problem.day.at(minute: 11 * 60)).metres
        if !fits.contains(where: { vehicle in vehicle.electric.map { metres / 1000 <= $0.rangeKm } ?? true }) { return .outOfRange }
        return .fleetFull
    }
}
