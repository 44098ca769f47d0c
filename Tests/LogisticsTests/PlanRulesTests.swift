import Foundation
import Routing
import Testing
@testable import Logistics

/// A dispatcher's pins and the zone rule reach the engine as skills: the plans keep them and stay
/// feasible for the independent checker.
@Suite("plan rules")
struct PlanRulesTests {
    let day = PlanningDay("2026-12-02")!
    let nanshan = DemoCatalog.warehouses.first { $0.id == "wh_nanshan" }!

    func planner(iterations: Int = 600) -> DispatchPlanner {
        var planner = DispatchPlanner(travel: CityTravelTimes(), threads: 1)
        planner.options.seconds = nil
        planner.options.iterations = iterations
        return planner
    }

    @Test("an order pinned to a van is served by that van, whatever the optimiser would rather do; the rest stays feasible")
    func pins() throws {
        let orders = DemoDispatchDay.orders(count: 90, day: day, seed: 5)[nanshan.id]!
        let fleet = DemoDispatchDay.fleet(count: 9).filter { $0.warehouseId == nanshan.id }
        var planner = planner()
        planner.options.iterations = nil
        planner.options.seconds = 1
        let free = planner.plan(planner.problem(day: day, warehouse: nanshan, vehicles: fleet, orders: orders), id: "p", now: day.start).plan
        // Pin three served orders (not installations: any van can take them) each to a van other than the one that took them.
        let byId = Dictionary(uniqueKeysWithValues: orders.map { ($0.orderId, $0) })
        let moved = free.routes.prefix(3).enumerated().compactMap { index, route -> (String, String)? in
            guard let stop = route.stops.first(where: { !byId[$0.orderId]!.needsInstaller }) else { return nil }
            let other = fleet[(fleet.firstIndex { $0.id == route.vehicleId }! + 1 + index) % fleet.count]
            return (stop.orderId, other.id)
        }
        let rules = PlanRules(pins: Dictionary(uniqueKeysWithValues: moved))
        let problem = planner.problem(day: day, warehouse: nanshan, vehicles: fleet, orders: orders, rules: rules)
        let (plan, solution) = planner.plan(problem, id: "p", now: day.start, initial: DispatchPlanner.solution(of: free, in: problem))
        #expect(FeasibilityChecker(problem: problem.problem).check(solution).isFeasible)
        for (orderId, vehicleId) in moved {
            let route = try #require(plan.routes.first { $0.stops.contains { $0.orderId == orderId } }, "pinned order \(orderId) left out")
            #expect(route.vehicleId == vehicleId)
            #expect(route.stops.first { $0.orderId == orderId }?.pinned == true)
        }
        #expect(plan.routes.flatMap(\.stops).filter(\.pinned).count == moved.count)
    }

    @Test("the most vans that may hold pins leave the charger bit alone: a diesel van holding a pin still never detours to a charger")
    func pinBitsBelowCharger() {
        let vans = (0..<PlanRules.maxPinnedVehicles).map { Vehicle(id: "v\($0)", plate: "粤B\($0)", warehouseId: nanshan.id, capacityGrams: 1, capacityMillilitres: 1) }
        let orders = vans.indices.map { PlanningOrder(orderId: "o\($0)", location: nanshan.location, lines: [], window: nil, promisedAt: nil, paidAt: day.start) }
        let rules = PlanRules(pins: Dictionary(uniqueKeysWithValues: zip(orders.map(\.orderId), vans.map(\.id))))
        let masks = rules.masks(vehicles: vans, orders: orders)
        #expect(Set(masks.vehicles).count == vans.count, "one pin bit per van")
        #expect(masks.vehicles.allSatisfy { $0 & PlanningProblem.chargerBit == 0 })
        #expect(masks.clients.allSatisfy { $0 & PlanningProblem.chargerBit == 0 })
    }

    @Test("under the zone rule a van with districts serves only those; the plan states the km the rule costs")
    func zones() {
        let orders = DemoDispatchDay.orders(count: 90, day: day, seed: 6)[nanshan.id]!
        var fleet = DemoDispatchDay.fleet(count: 9).filter { $0.warehouseId == nanshan.id }
        fleet[0].districts = ["nanshan"]
        fleet[1].districts = ["futian", "luohu"]
        var planner = planner()
        planner.options.iterations = nil
        planner.options.seconds = 1.5
        let plan = planner.plan(day: day, warehouse: nanshan, vehicles: fleet, orders: orders, id: "p", now: day.start)
        let byId = Dictionary(uniqueKeysWithValues: orders.map { ($0.orderId, $0) })
        for route in plan.routes {
            let allowed = fleet.first { $0.id == route.vehicleId }!.districts
            guard !allowed.isEmpty else { continue }
            for stop in route.stops {
                #expect(allowed.contains(District.containing(byId[stop.orderId]!.location).code), "van \(route.vehicleId) left its districts")
            }
        }
        let cost = plan.figures.zoneRule
        #expect(cost != nil && abs(cost!.kmWithoutRule + cost!.extraKm - plan.figures.km) < 1e-6)
        // Without districts there is no rule to price.
        fleet[0].districts = []
        fleet[1].districts = []
        #expect(planner.plan(day: day, warehouse: nanshan, vehicles: fleet, orders: orders, id: "p", now: day.start).figures.zoneRule == nil)
    }

    @Test("districts: a point belongs to the nearest centre; the demo warehouses fall in their own districts")
    func districts() {
        #expect(District.containing(GeoPoint(latitude: 22.541, longitude: 114.055)).code == "futian")
        #expect(District.containing(nanshan.location).code == "nanshan")
    }
}
