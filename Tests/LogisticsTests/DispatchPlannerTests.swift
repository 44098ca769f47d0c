import Foundation
import Routing
import Testing
@testable import Logistics

/// Planning a warehouse's day: the engine's solution is feasible, every order is planned once or has a
/// stated fate, installers get the installations, and due orders come before later ones.
@Suite("dispatch planning")
struct DispatchPlannerTests {
    let day = PlanningDay("2026-12-02")!
    let nanshan = DemoCatalog.warehouses.first { $0.id == "wh_nanshan" }!
    let cable = DemoCatalog.products.first { $0.sku == "CB-T2T2-5M" }!
    let wallBox = DemoCatalog.products.first { $0.sku == "WB-7KW-BASIC" }!
    let installation = DemoCatalog.products.first { $0.sku == "IN-STANDARD" }!

    /// Deterministic: an iteration budget instead of seconds.
    func planner(iterations: Int = 1_500) -> DispatchPlanner {
        var planner = DispatchPlanner(travel: CityTravelTimes(), threads: 1)
        planner.options.seconds = nil
        planner.options.iterations = iterations
        return planner
    }

    func order(_ id: String, at location: GeoPoint, lines: [(product: Product, quantity: Int)]? = nil, window: DateInterval? = nil,
               promisedAt: Date? = nil) -> PlanningOrder {
        PlanningOrder(orderId: id, location: location, lines: lines ?? [(cable, 1)], window: window,
                      promisedAt: promisedAt ?? day.at(minute: 21 * 60), paidAt: day.at(minute: -60))
    }

    @Test("a generated day: feasible for the independent checker, each order planned once or given a fate, ETAs in order")
    func demoDay() {
        let orders = DemoDispatchDay.orders(count: 120, day: day, seed: 3)[nanshan.id]!
        let fleet = DemoDispatchDay.fleet(count: 12).filter { $0.warehouseId == nanshan.id }
        let planner = planner(iterations: 800)
        let problem = planner.problem(day: day, warehouse: nanshan, vehicles: fleet, orders: orders)
        let (plan, solution) = planner.plan(problem, id: "plan_1", now: day.start)
        let report = FeasibilityChecker(problem: problem.problem).check(solution)
        #expect(report.isFeasible, "\(report.violations.prefix(3))")
        let planned = plan.routes.flatMap { $0.stops.map(\.orderId) }
        #expect(Set(planned).count == planned.count, "an order is on two stops")
        #expect(Set(planned).union(plan.unassigned.map(\.orderId)) == Set(orders.map(\.orderId)))
        #expect(Set(planned).isDisjoint(with: plan.unassigned.map(\.orderId)))
        #expect(plan.figures.stops == planned.count && plan.figures.vehicles == plan.routes.count)
        #expect(abs(plan.figures.km - plan.routes.reduce(0) { $0 + $1.km }) < 1e-6)
        let byId = Dictionary(uniqueKeysWithValues: orders.map { ($0.orderId, $0) })
        let vehicles = Dictionary(uniqueKeysWithValues: fleet.map { ($0.id, $0) })
        for route in plan.routes {
            #expect(route.stops.map(\.sequence) == Array(1...route.stops.count))
            #expect(zip(route.stops, route.stops.dropFirst()).allSatisfy { $0.eta < $1.eta }, "ETAs out of order on \(route.id)")
            #expect(route.departure < route.stops[0].eta && route.stops.last!.eta < route.returnAt)
            for stop in route.stops where byId[stop.orderId]!.needsInstaller {
                #expect(vehicles[route.vehicleId]!.skills.contains(.install), "an installation on a van without an installer")
            }
        }
        // Most of a well-sized day is delivered on time.
        #expect(plan.figures.onTimeShare > 0.9)
    }

    @Test("when the fleet is full, orders promised for tomorrow wait and today's go out")
    func dueOrdersFirst() {
        let van = Vehicle(id: "v1", plate: "粤B00001", warehouseId: nanshan.id, capacityGrams: 10 * cable.weightGrams, capacityMillilitres: 1_000_000)
        let spot = GeoPoint(latitude: 22.55, longitude: 113.94)
        let today = (0..<10).map { order("today_\($0)", at: GeoPoint(latitude: spot.latitude + Double($0) * 0.002, longitude: spot.longitude)) }
        let tomorrow = (0..<10).map { order("later_\($0)", at: GeoPoint(latitude: spot.latitude, longitude: spot.longitude + Double($0) * 0.002),
                                            promisedAt: day.next.at(minute: 21 * 60)) }
        let planner = planner()
        let (plan, _) = planner.plan(planner.problem(day: day, warehouse: nanshan, vehicles: [van], orders: tomorrow + today), id: "p", now: day.start)
        #expect(Set(plan.routes.flatMap { $0.stops.map(\.orderId) }) == Set(today.map(\.orderId)))
        #expect(plan.unassigned.allSatisfy { $0.orderId.hasPrefix("later_") && $0.reason == .fleetFull && $0.action == .nextDay })
        #expect(plan.unassigned.count == 10)
    }

    @Test("an order no van can take is left out with its reason, and a due one goes to a carrier")
    func unassignedReasons() {
        let van = Vehicle(id: "v1", plate: "粤B00001", warehouseId: nanshan.id, capacityGrams: 50_000, capacityMillilitres: 100_000)
        let near = GeoPoint(latitude: 22.57, longitude: 113.95)
        let far = GeoPoint(latitude: 22.59, longitude: 114.47)
        let orders = [
            order("install", at: near, lines: [(wallBox, 1), (installation, 1)]),
            order("heavy", at: near, lines: [(wallBox, 8)]),
            order("early", at: far, window: DateInterval(start: day.at(minute: 8 * 60), end: day.at(minute: 8 * 60 + 10))),
            order("fine", at: near),
        ]
        let planner = planner(iterations: 200)
        let (plan, _) = planner.plan(planner.problem(day: day, warehouse: nanshan, vehicles: [van], orders: orders), id: "p", now: day.start)
        let fate = Dictionary(uniqueKeysWithValues: plan.unassigned.map { ($0.orderId, $0) })
        #expect(fate["install"]?.reason == .noInstaller)
        #expect(fate["heavy"]?.reason == .tooLarge)
        #expect(fate["early"]?.reason == .windowUnreachable)
        #expect(fate.values.allSatisfy { $0.action == .carrier })
        #expect(plan.routes.flatMap(\.stops).map(\.orderId) == ["fine"])
    }

    @Test("an order whose window ended on an earlier day (a failed attempt) is planned as soon as a van can take it, promised for today")
    func missedWindowNoLongerBinds() {
        let van = Vehicle(id: "v1", plate: "粤B00001", warehouseId: nanshan.id, capacityGrams: 50_000, capacityMillilitres: 100_000)
        let near = GeoPoint(latitude: 22.57, longitude: 113.95)
        let yesterday = DateInterval(start: day.at(minute: -14 * 60), end: day.at(minute: -12 * 60))
        // Today's window that no van can reach still sends the order to a carrier, as the rule says.
        let early = DateInterval(start: day.at(minute: 8 * 60), end: day.at(minute: 8 * 60 + 1))
        let orders = [order("missed", at: near, window: yesterday), order("early", at: near, window: early), order("fine", at: near)]
        let planner = planner(iterations: 200)
        let problem = planner.problem(day: day, warehouse: nanshan, vehicles: [van], orders: orders)
        #expect(orders[0].window(on: day) == nil && orders[0].deadline(on: day) == day.at(minute: 21 * 60) && orders[1].window(on: day) == early)
        #expect(orders[0].window(on: PlanningDay(days: day.days - 1)) == yesterday)
        // The missed order is worth a due order's prize: it is overdue, not due later.
        #expect(problem.problem.clients[0].prize == problem.problem.clients[2].prize)
        let (plan, _) = planner.plan(problem, id: "p", now: day.start)
        #expect(Set(plan.routes.flatMap(\.stops).map(\.orderId)) == ["missed", "fine"])
        #expect(plan.unassigned.map(\.orderId) == ["early"] && plan.unassigned.first?.reason == .windowUnreachable)
        // Its stop still states the window it missed: ETAs and the on-time share measure against the promise.
        let stop = plan.routes.flatMap(\.stops).first { $0.orderId == "missed" }
        #expect(stop?.dueBy == yesterday.end)
    }

    @Test("an electric van's route stays within its battery less the reserve; each route states its kWh; an order beyond every range gets that reason")
    func electricRange() {
        let orders = DemoDispatchDay.orders(count: 60, day: day, seed: 11)[nanshan.id]!
        let spec = ElectricSpec(batteryKWh: 8, kWhPerKm: 0.18)
        #expect(abs(spec.rangeKm - 40) < 1e-9, "8 kWh less 10 % at 0.18 kWh/km")
        let fleet = (1...6).map { Vehicle(id: "v\($0)", plate: "粤B0000\($0)", warehouseId: nanshan.id, capacityGrams: 800_000,
                                          capacityMillilitres: 5_000_000, skills: [.install], electric: spec) }
        let far = order("far", at: GeoPoint(latitude: 22.59, longitude: 114.47))
        var planner = planner(iterations: 400)
        planner.tariff = ElectricityTariff(flat: 100)
        let problem = planner.problem(day: day, warehouse: nanshan, vehicles: fleet, orders: orders + [far])
        #expect(problem.problem.vehicleTypes.allSatisfy { $0.maxDistance == 40_000 })
        let (plan, solution) = planner.plan(problem, id: "p", now: day.start)
        #expect(FeasibilityChecker(problem: problem.problem).check(solution).isFeasible)
        #expect(!plan.routes.isEmpty)
        for route in plan.routes {
            #expect(route.km <= spec.rangeKm + 1e-6, "\(route.vehicleId) drives \(route.km) km")
            #expect(abs((route.kWh ?? -1) - route.km * spec.kWhPerKm) < 1e-9)
        }
        #expect(abs((plan.figures.kWh ?? 0) - plan.routes.reduce(0) { $0 + ($1.kWh ?? 0) }) < 1e-9)
        #expect(plan.unassigned.first { $0.orderId == "far" }?.reason == .outOfRange)
        // The energy is in the cost: the same routes cost 1 CNY more per kWh.
        let priced = DispatchPlanner.figures(plan.routes, vehicles: fleet, tariff: ElectricityTariff(flat: 100))
        let unpriced = DispatchPlanner.figures(plan.routes, vehicles: fleet, tariff: ElectricityTariff(flat: 0))
        #expect(abs(Double(priced.costCents - unpriced.costCents) - (plan.figures.kWh ?? 0) * 100) <= 1)
        // With the demo's 50 kWh battery nothing is out of range.
        let roomy = fleet.map { vehicle -> Vehicle in var vehicle = vehicle; vehicle.electric = ElectricSpec(batteryKWh: 50, kWhPerKm: 0.18); return vehicle }
        let (free, _) = planner.plan(planner.problem(day: day, warehouse: nanshan, vehicles: roomy, orders: orders + [far]), id: "q", now: day.start)
        #expect(!free.unassigned.contains { $0.reason == .outOfRange })
        #expect(free.routes.contains { $0.km > spec.rangeKm }, "the small battery bound: \(free.routes.map(\.km))")
    }

    @Test("a van whose battery cannot do the round trip charges on the way: just what the route needs beyond one battery, timed at the station's power")
    func chargingStop() throws {
        let travel = CityTravelTimes()
        let customer = GeoPoint(latitude: nanshan.location.latitude + 0.02, longitude: nanshan.location.longitude + 0.3)
        let midway = GeoPoint(latitude: (nanshan.location.latitude + customer.latitude) / 2, longitude: (nanshan.location.longitude + customer.longitude) / 2)
        let noon = day.at(minute: 12 * 60)
        let oneWayKm = travel.travel(from: nanshan.location, to: customer, departingAt: noon).metres / 1000
        // A battery for 1.6 one-way trips: the round trip (2) needs a stop, a stop half-way makes it (0.5 + 1.5).
        let spec = ElectricSpec(batteryKWh: 1.6 * oneWayKm * 0.2 / 0.9, kWhPerKm: 0.2)
        let van = Vehicle(id: "ev", plate: "粤B0000E", warehouseId: nanshan.id, capacityGrams: 800_000, capacityMillilitres: 5_000_000, electric: spec)
        let diesel = Vehicle(id: "diesel", plate: "粤B0000D", warehouseId: nanshan.id, capacityGrams: 800_000, capacityMillilitres: 5_000_000,
                             costPerKmCents: 10_000)
        let station = ChargingStation(id: "chg_mid", name: "Midway 60 kW", location: midway, powerKW: 60)
        let offRoute = ChargingStation(id: "chg_off", name: "Elsewhere", location: GeoPoint(latitude: 22.70, longitude: 113.80), powerKW: 120)
        let planner = planner()
        let problem = planner.problem(day: day, warehouse: nanshan, vehicles: [van], orders: [order("far", at: customer)], stations: [station, offRoute])
        #expect(problem.stations.map(\.id) == ["chg_mid", "chg_off"], "both within half a range, nearest first")
        let (plan, solution) = planner.plan(problem, id: "p", now: day.start)
        let report = FeasibilityChecker(problem: problem.problem).check(solution)
        #expect(report.isFeasible, "\(report.violations.prefix(3))")
        let route = try #require(plan.routes.first)
        #expect(route.stops.map(\.orderId) == ["far"])
        let charge = try #require(route.chargingStops.first)
        #expect(route.chargingStops.count == 1 && charge.stationId == "chg_mid")
        // One station: the van charges what the route uses beyond the usable battery, no more.
        #expect(abs(charge.kWh - (route.kWh! - spec.usableKWh)) < 1e-6, "\(charge.kWh) kWh of \(route.kWh!)")
        #expect(charge.kWh > 0)
        #expect(charge.minutes == 5 + Int((charge.kWh / 60 * 60).rounded(.up)), "5 minutes to plug in, then 60 kW")
        // The charging time is in the timeline: the van leaves the station no earlier than charged.
        let stop = route.stops[0]
        if charge.afterStop == 0 {
            #expect(stop.eta.timeIntervalSince(charge.arrival) >= Double(charge.minutes * 60))
        } else {
            #expect(route.returnAt.timeIntervalSince(charge.arrival) >= Double(charge.minutes * 60))
        }
        #expect(plan.figures.vehicles == 1 && plan.unassigned.isEmpty)
        // Kept in a warm start: the plan's charging stop is a station visit of the solution it becomes.
        let warm = DispatchPlanner.solution(of: plan, in: problem)
        #expect(warm.routes.first?.visits.compactMap { problem.station(at: $0)?.id } == ["chg_mid"])
        // A diesel van never detours to a charger; a big battery needs none.
        var roomy = van
        roomy.electric = ElectricSpec(batteryKWh: 100, kWhPerKm: 0.2)
        let mixed = planner.problem(day: day, warehouse: nanshan, vehicles: [diesel, roomy], orders: [order("far", at: customer)], stations: [station])
        let (relaxed, _) = planner.plan(mixed, id: "q", now: day.start)
        #expect(relaxed.routes.allSatisfy { $0.chargingStops.isEmpty })
        #expect(relaxed.routes.map(\.vehicleId) == ["ev"])
        let dieselOnly = planner.problem(day: day, warehouse: nanshan, vehicles: [diesel], orders: [order("far", at: customer)], stations: [station])
        #expect(dieselOnly.stations.isEmpty && planner.plan(dieselOnly, id: "r", now: day.start).plan.routes.allSatisfy { $0.chargingStops.isEmpty })
        // The map draws the charging stop.
        #expect(PlanMap(plan: plan, warehouse: nanshan).render().contains("Midway 60 kW: "))
    }

    @Test("charging amounts: early, full at every station but the last and just enough there; late, just enough at each; none when one battery does")
    func chargingPolicy() {
        let spec = ElectricSpec(batteryKWh: 100 / 0.9, kWhPerKm: 1)   // 100 kWh usable, 100 km
        // 40 km, S1, 80 km, S2, 80 km home: S1 refills 40; S2 gets 80 + 80 - 100 = 60.
        let amounts = ChargingPolicy.amounts(legKm: [40, 80, 80], charges: [0, 1], spec: spec)
        #expect(amounts.count == 2 && abs(amounts[0] - 40) < 1e-9 && abs(amounts[1] - 60) < 1e-9)
        #expect(ChargingPolicy.amounts(legKm: [30, 20, 30], charges: [1], spec: spec) == [0])
        // Late: S1 arrives with 60 and needs 80 to reach S2 (20); S2 arrives empty and needs 80 home.
        #expect(ChargingPolicy.amounts(legKm: [40, 80, 80], charges: [0, 1], spec: spec, policy: .late) == [20, 80])
        // 40, S1, 40, S2, 80 home: early refills 40 at S1 and takes 20 at S2; late takes nothing at S1 and 60 at S2.
        #expect(ChargingPolicy.amounts(legKm: [40, 40, 80], charges: [0, 1], spec: spec, policy: .early) == [40, 20])
        #expect(ChargingPolicy.amounts(legKm: [40, 40, 80], charges: [0, 1], spec: spec, policy: .late) == [0, 60])
        #expect(ChargingPolicy.minutes(kWh: 10, powerKW: 60) == 15 && ChargingPolicy.minutes(kWh: 10.01, powerKW: 60) == 16)
    }

    @Test("a time-of-day tariff: read and printed, the hour's price, a route's energy at the price of where and when it charged")
    func tariff() throws {
        let tariff = try #require(ElectricityTariff(parsing: "00:00=30,08:00=70,10:00=110"))
        #expect(tariff.description == "00:00=30,08:00=70,10:00=110" && ElectricityTariff(parsing: "100")?.description == "100")
        #expect(ElectricityTariff.shenzhenBusiness == ElectricityTariff(parsing: ElectricityTariff.shenzhenBusiness.description))
        for bad in ["", "08:00=70", "00:00=30,00:00=40", "00:00=-1", "24:00=30", "00:00=30,8=70", "abc"] {
            #expect(ElectricityTariff(parsing: bad) == nil, "\(bad)")
        }
        #expect(tariff.cents(atMinute: 0) == 30 && tariff.cents(atMinute: 479) == 30 && tariff.cents(atMinute: 480) == 70)
        #expect(tariff.cents(atMinute: 1439) == 110 && tariff.cents(at: day.at(minute: 9 * 60)) == 70 && tariff.overnightCents == 30)
        // 20 kWh: 6 charged at 10:30 (110), the other 14 at the overnight 30: 660 + 420.
        var route = PlannedRoute(id: "r", vehicleId: "v", driverId: nil, departure: day.at(minute: 480), returnAt: day.at(minute: 900), km: 100,
                                 stops: [], kWh: 20)
        #expect(abs(tariff.cents(of: route) - 600) < 1e-9, "no charging on the way: all overnight")
        route.chargingStops = [ChargingStop(stationId: "s", name: "S", location: nanshan.location, afterStop: 0, arrival: day.at(minute: 630), minutes: 11, kWh: 6)]
        #expect(abs(tariff.cents(of: route) - 1080) < 1e-9)
        let figures = DispatchPlanner.figures([route], vehicles: [], tariff: tariff)
        #expect(figures.energyCostCents == 1080 && figures.costCents == 1080)
    }

    @Test("the optimiser serves at least as many orders as the baseline, on time more often, with fewer km per stop")
    func beatsBaseline() {
        let orders = DemoDispatchDay.orders(count: 160, day: day, seed: 5)[nanshan.id]!
        let fleet = DemoDispatchDay.fleet(count: 15).filter { $0.warehouseId == nanshan.id }
        let planner = planner(iterations: 1_500)
        let problem = planner.problem(day: day, warehouse: nanshan, vehicles: fleet, orders: orders)
        let ours = planner.plan(problem, id: "ours", now: day.start).plan.figures
        let baseline = DispatchPlanner.plan(from: BaselineDispatcher(travel: planner.travel).solve(problem), of: problem, id: "b",
                                            now: day.start, travel: planner.travel).figures
        #expect(ours.stops >= baseline.stops)
        // A short debug-build search; `bench dispatch` measures the margins at full budget.
        #expect(ours.km / Double(ours.stops) < baseline.km / Double(baseline.stops))
        #expect(ours.onTimeShare >= max(baseline.onTimeShare, 0.95))
    }

    @Test("the baselines never overfill a van, keep it beyond its shift or drive it beyond its battery; installations go only to installer crews",
          arguments: BaselineDispatcher.Rule.allCases)
    func baselineRespectsCapacityAndShift(_ rule: BaselineDispatcher.Rule) {
        let orders = DemoDispatchDay.orders(count: 200, day: day, seed: 7)[nanshan.id]!
        // Batteries of 50 and 60 km: most full days would be longer.
        let fleet = DemoDispatchDay.fleet(count: 6).filter { $0.warehouseId == nanshan.id }.map { vehicle -> Vehicle in
            var vehicle = vehicle
            vehicle.electric?.batteryKWh = 10
            return vehicle
        }
        let problem = planner().problem(day: day, warehouse: nanshan, vehicles: fleet, orders: orders)
        let travel = CityTravelTimes()
        let plan = DispatchPlanner.plan(from: BaselineDispatcher(travel: travel, rule: rule).solve(problem), of: problem, id: "b", now: day.start,
                                        travel: travel)
        let byId = Dictionary(uniqueKeysWithValues: orders.map { ($0.orderId, $0) })
        for route in plan.routes {
            let vehicle = fleet.first { $0.id == route.vehicleId }!
            #expect(route.stops.reduce(0) { $0 + byId[$1.orderId]!.weightGrams } <= vehicle.capacityGrams)
            #expect(route.returnAt <= day.at(minute: vehicle.shiftEndMinute))
            #expect(route.km <= vehicle.electric!.rangeKm + 1e-6, "\(route.vehicleId): \(route.km) km")
            #expect(route.stops.allSatisfy { !byId[$0.orderId]!.needsInstaller || vehicle.skills.contains(.install) })
        }
        #expect(!plan.unassigned.isEmpty, "two vans cannot take 150 orders in a day")
        #expect(plan.figures.stops > 0)
    }
}

@Suite("travel times")
struct TravelTimeTests {
    let nanshan = DemoCatalog.warehouses.first { $0.id == "wh_nanshan" }!.location
    let futian = GeoPoint(latitude: 22.541, longitude: 114.055)
    let day = PlanningDay("2026-12-02")!

    @Test("road metres are the great circle times the detour; rush hour is slower than noon, night fastest")
    func profile() {
        let travel = CityTravelTimes()
        let noon = travel.travel(from: nanshan, to: futian, departingAt: day.at(minute: 12 * 60))
        #expect(abs(noon.metres - 1.35 * nanshan.distanceMetres(to: futian)) < 1e-6)
        #expect(abs(noon.seconds - noon.metres / 1000 / 25 * 3600) < 1e-6)
        let rush = travel.travel(from: nanshan, to: futian, departingAt: day.at(minute: 8 * 60 + 30))
        let night = travel.travel(from: nanshan, to: futian, departingAt: day.at(minute: 23 * 60))
        #expect(rush.seconds > noon.seconds && noon.seconds > night.seconds)
    }

    @Test("a slowdown stretches legs that touch its zone during its period, and no others")
    func slowdown() {
        var travel = CityTravelTimes()
        let before = travel.travel(from: nanshan, to: futian, departingAt: day.at(minute: 12 * 60))
        travel.traffic = [TrafficSlowdown(centre: futian, radiusMetres: 2_000, factor: 2, from: day.at(minute: 11 * 60), to: day.at(minute: 13 * 60))]
        #expect(abs(travel.travel(from: nanshan, to: futian, departingAt: day.at(minute: 12 * 60)).seconds - 2 * before.seconds) < 1e-6)
        #expect(travel.travel(from: nanshan, to: futian, departingAt: day.at(minute: 14 * 60)).seconds < 1.5 * before.seconds)
        let elsewhere = GeoPoint(latitude: 22.72, longitude: 114.25)
        let quiet = CityTravelTimes().travel(from: nanshan, to: elsewhere, departingAt: day.at(minute: 12 * 60))
        #expect(travel.travel(from: nanshan, to: elsewhere, departingAt: day.at(minute: 12 * 60)) == quiet)
    }

    @Test("a corridor slows the legs that run along its road and not those beside it")
    func corridor() {
        // Shennan Boulevard, roughly: west to east through Futian; half a kilometre each side.
        let road = [GeoPoint(latitude: 22.540, longitude: 114.000), GeoPoint(latitude: 22.541, longitude: 114.060), GeoPoint(latitude: 22.545, longitude: 114.110)]
        let jam = TrafficSlowdown(centre: road[0], radiusMetres: 500, factor: 3, from: day.at(minute: 11 * 60), to: day.at(minute: 13 * 60), corridor: road)
        #expect(jam.contains(GeoPoint(latitude: 22.5430, longitude: 114.030)))   // 300 m north of the road
        #expect(!jam.contains(GeoPoint(latitude: 22.5500, longitude: 114.030)))  // 1 km north
        #expect(!jam.contains(GeoPoint(latitude: 22.541, longitude: 114.200)))   // beyond its end
        var travel = CityTravelTimes()
        let along = (GeoPoint(latitude: 22.540, longitude: 114.010), GeoPoint(latitude: 22.542, longitude: 114.080))
        let beside = (GeoPoint(latitude: 22.560, longitude: 114.010), GeoPoint(latitude: 22.565, longitude: 114.080))
        let noon = day.at(minute: 12 * 60)
        let alongBefore = travel.travel(from: along.0, to: along.1, departingAt: noon), besideBefore = travel.travel(from: beside.0, to: beside.1, departingAt: noon)
        travel.traffic = [jam]
        #expect(abs(travel.travel(from: along.0, to: along.1, departingAt: noon).seconds - 3 * alongBefore.seconds) < 1e-6)
        #expect(travel.travel(from: beside.0, to: beside.1, departingAt: noon) == besideBefore)
    }

    @Test("a planning day reads and prints YYYY-MM-DD and refuses days that do not exist")
    func planningDay() {
        #expect(PlanningDay("2026-12-02")?.description == "2026-12-02")
        #expect(PlanningDay("2026-02-30") == nil && PlanningDay("2026-1-02") == nil && PlanningDay("yesterday") == nil)
        let day = PlanningDay("2026-12-02")!
        #expect(PlanningDay(containing: day.at(minute: 0)) == day && PlanningDay(containing: day.at(minute: 1439)) == day)
        #expect(PlanningDay(containing: day.at(minute: 1440)) == day.next)
    }
}
