import ArgumentParser
import Foundation
import Logistics
import Routing

/// `chargemall bench dispatch`: a generated Shenzhen day planned by the routing engine and by the baseline
/// a small mall would use, at three sizes; every plan of ours passes the independent feasibility checker.
struct BenchDispatch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dispatch",
        abstract: "Plan a generated Shenzhen day (3 warehouses) with the optimiser and with the baseline; km, hours, on-time share.",
        discussion: """
            Sizes: small (200 orders, 10 vehicles), medium (1,000, 30), large (5,000, 80); vehicles are stationed
            in proportion to each warehouse's orders (each order ships from its nearest warehouse). The baseline takes
            orders in the order they were paid and fills one van after another until its capacity or shift runs
            out: "arrival-order" (the issue's baseline) loads each van with the next orders as they come and
            drives them nearest first; "soonest-next" (stronger) picks each van's next order from the whole
            pool, the one it can start soonest. Planning time is wall time for the whole day, problem building included.
            --battery-kwh gives every van that battery (a short range makes charging stops matter); --chargers lets
            ours stop at the demo's chargers (a 40 kW one at each warehouse, five public fast ones).
            Examples:
              chargemall bench dispatch --sizes small,medium --seconds 5
              chargemall bench dispatch --sizes large --seconds 15 --svg maps
              chargemall bench dispatch --sizes small --battery-kwh 12 --chargers
            """)

    @Option(help: "Comma-separated sizes: small, medium, large.") var sizes = "small,medium,large"
    @Option(help: "Solver seconds per warehouse.") var seconds: Double = 10
    @Option(help: "Random seed of the generated day.") var seed: UInt64 = 1
    @Option(help: "Parallel searches per warehouse.") var threads = 2
    @Option(help: "Write route maps (ours and the baseline's) as SVG files into this folder.") var svg: String?
    @Option(help: "What ours minimises: cost (each van's cost per km and per hour, the product's default) or km (distance only; windows and shifts still bind).")
    var objective = "cost"
    @Option(help: "Give every van this battery (kWh) instead of the demo fleet's.") var batteryKwh: Double?
    @Flag(help: "Let ours charge on the way at the demo's chargers.") var chargers = false
    @Flag(help: "Print JSON instead of a table.") var json = false

    struct Size {
        var name: String
        var orders: Int
        var vehicles: Int
    }

    struct Row: Encodable {
        var size: String
        var planner: String
        var orders: Int
        var vehicles: Int
        var served: Int
        var km: Double
        var kmPerStop: Double
        var vehicleHours: Double
        var vehiclesUsed: Int
        var onTimeShare: Double
        var seconds: Double
        var feasible: Bool?
        var kWh: Double
        var chargingStops: Int
    }

    func run() throws {
        let known = ["small": Size(name: "small", orders: 200, vehicles: 10), "medium": Size(name: "medium", orders: 1_000, vehicles: 30),
                     "large": Size(name: "large", orders: 5_000, vehicles: 80)]
        let chosen = try sizes.split(separator: ",").map { name in
            guard let size = known[String(name)] else { throw ValidationError("unknown size \(name): small, medium or large") }
            return size
        }
        let day = PlanningDay("2026-12-02")!
        let travel = CityTravelTimes()
        var rows: [Row] = []
        for size in chosen {
            let orders = DemoDispatchDay.orders(count: size.orders, day: day, seed: seed)
            var fleet = DemoDispatchDay.fleet(count: size.vehicles, for: orders)
            if let batteryKwh {
                guard batteryKwh > 0 else { throw ValidationError("--battery-kwh: more than 0") }
                for index in fleet.indices { fleet[index].electric?.batteryKWh = batteryKwh }
            }
            let stations = chargers ? DemoDispatchDay.chargingStations() : []
            if objective == "km" {
                for index in fleet.indices { fleet[index].costPerHourCents = 0 }
            } else if objective != "cost" {
                throw ValidationError("objective: cost or km")
            }
            let planner = DispatchPlanner(travel: travel, seconds: seconds, threads: threads, seed: seed)
            var ours: [DispatchPlan] = [], baseline: [DispatchPlan] = [], arrival: [DispatchPlan] = []
            var oursSeconds = 0.0, baselineSeconds = 0.0, arrivalSeconds = 0.0, feasible = true
            for warehouse in DemoCatalog.warehouses {
                let started = Date()
                let problem = planner.problem(day: day, warehouse: warehouse, vehicles: fleet.filter { $0.warehouseId == warehouse.id },
                                              orders: orders[warehouse.id] ?? [], stations: stations)
                let (plan, solution) = planner.plan(problem, id: "plan", now: started)
                oursSeconds += Date().timeIntervalSince(started)
                feasible = feasible && FeasibilityChecker(problem: problem.problem).check(solution).isFeasible
                ours.append(plan)
                let baselineStarted = Date()
                let baselineSolution = BaselineDispatcher(travel: travel).solve(problem)
                let baselinePlan = DispatchPlanner.plan(from: baselineSolution, of: problem, id: "baseline", now: baselineStarted, travel: travel)
                baselineSeconds += Date().timeIntervalSince(baselineStarted)
                baseline.append(baselinePlan)
                let arrivalStarted = Date()
                let arrivalSolution = BaselineDispatcher(travel: travel, rule: .arrivalOrder).solve(problem)
                let arrivalPlan = DispatchPlanner.plan(from: arrivalSolution, of: problem, id: "arrival", now: arrivalStarted, travel: travel)
                arrivalSeconds += Date().timeIntervalSince(arrivalStarted)
                arrival.append(arrivalPlan)
                FileHandle.standardError.write(Data(String(
                    format: "[%@ %@] %d orders: ours %d stops %.0f km, arrival-order %d stops %.0f km, soonest-next %d stops %.0f km (%.1f s)\n",
                    size.name, warehouse.code, problem.orders.count, plan.figures.stops, plan.figures.km, arrivalPlan.figures.stops, arrivalPlan.figures.km,
                    baselinePlan.figures.stops, baselinePlan.figures.km,
                    Date().timeIntervalSince(started)).utf8))
                if let svg {
                    try FileManager.default.createDirectory(atPath: svg, withIntermediateDirectories: true)
                    for (name, drawn) in [("ours", solution), ("baseline", baselineSolution), ("arrival-order", arrivalSolution)] {
                        let title = "\(size.name) \(warehouse.code) \(name): \(drawn.routes.count) routes"
                        try RouteMap(problem: problem.problem, solution: drawn, title: title).render()
                            .write(toFile: "\(svg)/dispatch-\(size.name)-\(warehouse.code)-\(name).svg", atomically: true, encoding: .utf8)
                    }
                }
            }
            rows.append(row(size, "ours", ours, seconds: oursSeconds, feasible: feasible))
            rows.append(row(size, "arrival-order", arrival, seconds: arrivalSeconds, feasible: nil))
            rows.append(row(size, "soonest-next", baseline, seconds: baselineSeconds, feasible: nil))
        }
        if json {
            try printJSON(rows)
            return
        }
        print("generated Shenzhen day 2026-12-02, seed \(seed), 3 warehouses; ours: \(seconds) s per warehouse, \(threads) thread(s), minimising \(objective)")
        if let batteryKwh { print("every van's battery: \(batteryKwh) kWh; chargers: \(chargers ? "the demo's \(DemoDispatchDay.chargingStations().count)" : "none")") }
        print("| size | planner | orders | vehicles | served | km | km/stop | vehicle hours | vehicles used | on time | kWh | charging stops | planning s | feasible |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        for r in rows {
            print(String(format: "| %@ | %@ | %d | %d | %d | %.0f | %.2f | %.1f | %d | %.1f %% | %.0f | %d | %.1f | %@ |", r.size, r.planner, r.orders, r.vehicles,
                         r.served, r.km, r.kmPerStop, r.vehicleHours, r.vehiclesUsed, 100 * r.onTimeShare, r.kWh, r.chargingStops, r.seconds,
                         r.feasible.map { $0 ? "yes" : "NO" } ?? "–"))
        }
        for size in chosen {
            for baseline in ["arrival-order", "soonest-next"] {
                guard let o = rows.first(where: { $0.size == size.name && $0.planner == "ours" }),
                      let b = rows.first(where: { $0.size == size.name && $0.planner == baseline }) else { continue }
                print(String(format: "%@ vs %@: ours %+.1f %% km per stop, %+.1f %% vehicle hours, on time %.1f %% vs %.1f %%, served %d vs %d", size.name,
                             baseline, 100 * (o.kmPerStop / max(b.kmPerStop, 1e-9) - 1), 100 * (o.vehicleHours / max(b.vehicleHours, 1e-9) - 1),
                             100 * o.onTimeShare, 100 * b.onTimeShare, o.served, b.served))
            }
        }
    }

    func row(_ size: Size, _ planner: String, _ plans: [DispatchPlan], seconds: Double, feasible: Bool?) -> Row {
        let figures = plans.map(\.figures)
        let stops = figures.reduce(0) { $0 + $1.stops }, km = figures.reduce(0) { $0 + $1.km }
        let onTime = figures.reduce(0.0) { $0 + $1.onTimeShare * Double($1.stops) }
        return Row(size: size.name, planner: planner, orders: size.orders, vehicles: size.vehicles, served: stops, km: km,
                   kmPerStop: stops == 0 ? 0 : km / Double(stops), vehicleHours: figures.reduce(0) { $0 + $1.vehicleHours },
                   vehiclesUsed: figures.reduce(0) { $0 + $1.vehicles }, onTimeShare: stops == 0 ? 1 : onTime / Double(stops),
                   seconds: seconds, feasible: feasible, kWh: figures.reduce(0) { $0 + ($1.kWh ?? 0) },
                   chargingStops: plans.reduce(0) { $0 + $1.routes.reduce(0) { $0 + $1.chargingStops.count } })
    }
}
