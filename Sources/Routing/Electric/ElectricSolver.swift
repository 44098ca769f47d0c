import Foundation

/// A first electric solver: the iterated local search plans the customers as a VRPTW whose travel times are
/// stretched by an allowance for charging, then each route gets its station visits (the fewest, each where it
/// adds the least distance, checked exactly by `ElectricRouteEvaluator`, which also fixes how much to charge),
/// and a route that cannot be made feasible is split. Vehicles first, then distance. Energy is not yet a
/// resource inside the search: this is the baseline the in-search version has to beat.
public struct ElectricSolver: Sendable {
    public let instance: EVRPTWInstance
    let evaluator: ElectricRouteEvaluator
    /// Distance and time in thousandths inside the engine (the instance's distances are exact Euclidean).
    static let scale = 1_000.0
    /// A vehicle costs this much distance: fewer vans first, as the benchmark's objective ranks them.
    static let vehicleCost = 10_000.0

    public init(instance: EVRPTWInstance) {
        self.instance = instance
        evaluator = ElectricRouteEvaluator(instance: instance)
    }

    public struct Result: Sendable {
        /// Location indices of the instance, stations included, without the depot.
        public var routes: [[Int]]
        public var evaluations: [ElectricRouteEvaluator.Evaluation]
        public var distance: Double
        public var vehicles: Int
        public var feasible: Bool
        public var iterations: Int
        public var seconds: Double
        /// The charging allowance of the pass that gave this result.
        public var allowance: Double
        public var energy: Double { evaluations.reduce(0) { $0 + $1.energy } }
        public var charged: Double { evaluations.reduce(0) { $0 + $1.charging.reduce(0) { $0 + $1.energy } } }

        /// The routes with their charge amounts, as `ElectricChecker` and the output formats take them.
        public var plans: [[ElectricVisit]] {
            zip(routes, evaluations).map { ElectricRouteEvaluator.visits($0, charging: $1.charging) }
        }
    }

    /// Passes with growing charging allowances share `options.seconds`; the best repaired answer wins.
    public func solve(options: SolverOptions, allowances: [Double] = [0.25, 0.5, 0.8],
                      progress: (@Sendable (String) -> Void)? = nil) -> Result {
        let started = Date()
        var best: Result?
        var iterations = 0
        for (pass, allowance) in allowances.enumerated() {
            var passOptions = options
            var deadline = Date.distantFuture
            if let seconds = options.seconds {
                // The search gets four fifths of the pass, emptying routes the rest.
                let share = max(0.5, (seconds - Date().timeIntervalSince(started)) / Double(allowances.count - pass))
                passOptions.seconds = 0.8 * share
                deadline = Date().addingTimeInterval(share)
            }
            let problem = engineProblem(allowance: allowance)
            let solved = Solver(problem: problem).solve(options: passOptions)
            let customers = instance.customers
            let repaired = solved.solution.routes.flatMap { route in repair(route.visits.map { customers[$0 - 1] }) }
            let routes = reduce(repaired, until: deadline)
            let evaluations = routes.map(evaluator.evaluate)
            iterations += solved.iterations
            let result = Result(routes: routes, evaluations: evaluations, distance: evaluations.reduce(0) { $0 + $1.distance }, vehicles: routes.count,
                                feasible: evaluations.allSatisfy(\.isFeasible), iterations: iterations,
                                seconds: 0, allowance: allowance)
            progress?(String(format: "allowance %.2f: %d vehicles, %.2f", allowance, result.vehicles, result.distance))
            if best.map({ Self.better(result, than: $0) }) ?? true { best = result }
        }
        // The best pass's answer, with the work of all passes.
        best!.iterations = iterations
        best!.seconds = Date().timeIntervalSince(started)
        return best!
    }

    static func better(_ a: Result, than b: Result) -> Bool {
        if a.feasible != b.feasible { return a.feasible }
        if a.vehicles != b.vehicles { return a.vehicles < b.vehicles }
        return a.distance < b.distance - 1e-9
    }

    /// The customers as a VRPTW for the engine: travel takes `1 + allowance × g × r` times its driving time, as
    /// if that share of the energy were charged on the way.
    func engineProblem(allowance: Double) -> ProblemData {
        let depot = instance.locations[instance.depot], customers = instance.customers.map { instance.locations[$0] }
        let scale = Self.scale
        let points = [depot] + customers
        let xs = points.map(\.x), ys = points.map(\.y)
        let size = points.count
        let stretch = (1 + allowance * instance.chargeTimePerEnergy * instance.energyPerDistance * instance.speed) / instance.speed
        var durations = [Int](repeating: 0, count: size * size)
        for i in 0..<size {
            for j in 0..<size where i != j {
                let dx = xs[i] - xs[j], dy = ys[i] - ys[j]
                durations[i * size + j] = Int(((dx * dx + dy * dy).squareRoot() * stretch * scale).rounded())
            }
        }
        // A time without a bound ("never", as the JSON form allows) becomes the engine's own open end.
        func time(_ t: Double) -> Int { t * scale < Double(Int.max / 8) ? Int((t * scale).rounded()) : .max / 4 }
        let clients = customers.map { c in
            ProblemData.Client(x: c.x, y: c.y, demand: [Int(c.demand.rounded())], serviceDuration: time(c.service),
                               twEarly: time(c.ready), twLate: time(c.due))
        }
        let vehicle = ProblemData.VehicleType(count: customers.count, capacity: [Int(instance.capacity.rounded(.down))],
                                              shiftStart: time(depot.ready), shiftEnd: time(depot.due),
                                              fixedCost: Int(Self.vehicleCost * scale))
        return ProblemData(name: instance.name,
                           depots: [.init(x: depot.x, y: depot.y, twEarly: time(depot.ready), twLate: time(depot.due))],
                           clients: clients, vehicleTypes: [vehicle],
                           distances: TravelMatrix.euclidean(x: xs, y: ys, scale: scale, truncate: false).densified(),
                           durations: .dense(values: durations, size: size), costScale: Int(scale))
    }

    /// Empties routes while it can, smallest first: each customer of the route goes where it adds the least
    /// distance to another route that stays feasible (its stations kept, or chosen again when needed).
    func reduce(_ start: [[Int]], until deadline: Date = .distantFuture) -> [[Int]] {
        var routes = start
        var improved = true
        while improved, routes.count > 1, Date() < deadline {
            improved = false
            let order = routes.indices.sorted { customerCount(routes[$0]) < customerCount(routes[$1]) }
            for removed in order where Date() < deadline {
                var others = routes
                let moving = others.remove(at: removed).filter { instance.locations[$0].kind == .customer }
                var placed = true
                for customer in moving.sorted(by: { instance.locations[$0].due < instance.locations[$1].due }) {
                    guard let (route, visits) = bestInsertion(of: customer, into: others) else {
                        placed = false
                        break
                    }
                    others[route] = visits
                }
                if placed {
                    routes = others
                    improved = true
                    break
                }
            }
        }
        return routes
    }

    private func customerCount(_ route: [Int]) -> Int { route.filter { instance.locations[$0].kind == .customer }.count }

    /// The cheapest feasible place for `customer` among `routes`: the closest positions first, as they are;
    /// then, for the closest few, the route's customers with their stations chosen again.
    private func bestInsertion(of customer: Int, into routes: [[Int]]) -> (route: Int, visits: [Int])? {
        var candidates: [(route: Int, position: Int, detour: Double)] = []
        for (k, route) in routes.enumerated() {
            let path = [instance.depot] + route + [instance.depot]
            for p in 0..<(path.count - 1) {
                let detour = instance.distance(path[p], customer) + instance.distance(customer, path[p + 1]) - instance.distance(path[p], path[p + 1])
                candidates.append((k, p, detour))
            }
        }
        candidates.sort { $0.detour < $1.detour }
        for candidate in candidates.prefix(40) {
            var visits = routes[candidate.route]
            visits.insert(customer, at: candidate.position)
            let load = visits.reduce(0.0) { $0 + instance.locations[$1].demand }
            guard load <= instance.capacity + 1e-9 else { continue }
            if evaluator.evaluate(visits).isFeasible { return (candidate.route, visits) }
        }
        for candidate in candidates.prefix(6) {
            var visits = routes[candidate.route]
            visits.insert(customer, at: candidate.position)
            let customers = visits.filter { instance.locations[$0].kind == .customer }
            guard customers.reduce(0.0, { $0 + instance.locations[$1].demand }) <= instance.capacity + 1e-9 else { continue }
            if let rebuilt = withStations(customers) { return (candidate.route, rebuilt) }
        }
        return nil
    }

    /// The route with its station visits, or split into several routes where no such visits make it feasible.
    func repair(_ customers: [Int]) -> [[Int]] {
        if let whole = withStations(customers) { return [whole] }
        var routes: [[Int]] = [], current: [Int] = [], currentRoute: [Int] = []
        for customer in customers {
            if let extended = withStations(current + [customer]) {
                current.append(customer)
                currentRoute = extended
            } else {
                if !current.isEmpty { routes.append(currentRoute) }
                current = [customer]
                currentRoute = withStations(current) ?? current
            }
        }
        if !current.isEmpty { routes.append(currentRoute) }
        return routes
    }

    /// The customers in this order with the fewest station visits (up to three) that make the route feasible,
    /// the least extra distance first; nil when none do.
    func withStations(_ customers: [Int]) -> [Int]? {
        if evaluator.evaluate(customers).isFeasible { return customers }
        let path = [instance.depot] + customers + [instance.depot]
        // Single insertions: a station between path[p] and path[p + 1], by the distance it adds.
        var singles: [(position: Int, station: Int, detour: Double)] = []
        for p in 0..<(path.count - 1) {
            for s in instance.stations where s != path[p] && s != path[p + 1] {
                let detour = instance.distance(path[p], s) + instance.distance(s, path[p + 1]) - instance.distance(path[p], path[p + 1])
                singles.append((p, s, detour))
            }
        }
        singles.sort { $0.detour < $1.detour }
        func route(_ inserts: [(position: Int, station: Int)]) -> [Int] {
            var result: [Int] = []
            for (i, c) in customers.enumerated() {
                result += inserts.filter { $0.position == i }.map(\.station)
                result.append(c)
            }
            return result + inserts.filter { $0.position == customers.count }.map(\.station)
        }
        for single in singles where evaluator.evaluate(route([(single.position, single.station)])).isFeasible {
            return route([(single.position, single.station)])
        }
        for size in 2...3 {
            let top = Array(singles.prefix(size == 2 ? 60 : 24))
            var combinations: [([(position: Int, station: Int)], Double)] = []
            func extend(_ chosen: [Int], from start: Int) {
                if chosen.count == size {
                    let picks = chosen.map { top[$0] }
                    guard Set(picks.map(\.position)).count == size else { return }
                    combinations.append((picks.map { ($0.position, $0.station) }.sorted { $0.position < $1.position }, picks.reduce(0) { $0 + $1.detour }))
                    return
                }
                for next in start..<top.count { extend(chosen + [next], from: next + 1) }
            }
            extend([], from: 0)
            combinations.sort { $0.1 < $1.1 }
            for (inserts, _) in combinations where evaluator.evaluate(route(inserts)).isFeasible { return route(inserts) }
        }
        return nil
    }
}
