/// Checks a solution against a problem from first principles (written apart from the solver, which prices
/// moves with concatenated segments): every required client exactly once, capacity per dimension, time
/// windows, shifts, maximum duration, range between charging points, skills, vehicle counts, and pinned route
/// prefixes.
public struct FeasibilityChecker: Sendable {
    public var problem: ProblemData

    public init(problem: ProblemData) { self.problem = problem }

    public struct RouteSchedule: Sendable, Equatable, Codable {
        public var departure: Int
        /// Arrival time at each visit (before any wait for its window).
        public var arrivals: [Int]
        /// When service starts at each visit.
        public var serviceStarts: [Int]
        public var returnTime: Int
        public var distance: Int
        public var duration: Int
        public var load: [Int]
    }

    public struct Report: Sendable {
        public var violations: [String]
        public var distance: Int
        public var duration: Int
        /// Distance and duration at their unit costs, fixed costs of used vehicles, prizes forgone.
        public var cost: Int
        public var vehiclesUsed: Int
        public var schedules: [RouteSchedule]
        public var isFeasible: Bool { violations.isEmpty }
    }

    /// `pinned[k]`, when given, is a prefix route k must start with (stops already made or under way).
    public func check(_ solution: Solution, pinned: [Int: [Int]] = [:]) -> Report {
        var violations: [String] = []
        var seen = [Int](repeating: 0, count: problem.locationCount)
        var perType = [Int](repeating: 0, count: problem.vehicleTypes.count)
        var distance = 0, duration = 0, cost = 0
        var schedules: [RouteSchedule] = []
        for (k, route) in solution.routes.enumerated() {
            guard problem.vehicleTypes.indices.contains(route.vehicleType) else {
                violations.append("route \(k + 1): no vehicle type \(route.vehicleType)")
                continue
            }
            let type = problem.vehicleTypes[route.vehicleType]
            perType[route.vehicleType] += 1
            var valid = true
            for v in route.visits {
                if v < problem.depotCount || v >= problem.locationCount {
                    violations.append("route \(k + 1): \(v) is not a client")
                    valid = false
                } else {
                    seen[v] += 1
                    if !type.canServe(problem.client(v).requiredSkills) {
                        violations.append("route \(k + 1): client \(v) needs skills the vehicle lacks")
                    }
                }
            }
            if let prefix = pinned[k], Array(route.visits.prefix(prefix.count)) != prefix {
                violations.append("route \(k + 1): pinned stops \(prefix) moved")
            }
            guard valid else { continue }
            let schedule = self.schedule(route)
            for d in 0..<problem.dimensions where schedule.load[d] > type.capacity[d] {
                violations.append("route \(k + 1): load \(schedule.load[d]) exceeds capacity \(type.capacity[d]) in dimension \(d)")
            }
            for (i, v) in route.visits.enumerated() where schedule.serviceStarts[i] > problem.client(v).twLate {
                violations.append("route \(k + 1): client \(v) served at \(schedule.serviceStarts[i]) after its window closes at \(problem.client(v).twLate)")
            }
            let endDepot = problem.depots[type.endDepot]
            if schedule.returnTime > min(type.shiftEnd, endDepot.twLate) {
                violations.append("route \(k + 1): returns at \(schedule.returnTime) after the shift or depot closes")
            }
            if let longest = longestStretch(route), longest > type.maxDistance {
                violations.append("route \(k + 1): drives \(longest) between charging points, beyond its range of \(type.maxDistance)")
            }
            if schedule.duration > type.maxDuration {
                violations.append("route \(k + 1): lasts \(schedule.duration), more than \(type.maxDuration)")
            }
            distance += schedule.distance
            duration += schedule.duration
            cost += schedule.distance * type.unitDistanceCost + schedule.duration * type.unitDurationCost + type.fixedCost
            schedules.append(schedule)
        }
        for (t, used) in perType.enumerated() where used > problem.vehicleTypes[t].count {
            violations.append("vehicle type \(t): \(used) routes for \(problem.vehicleTypes[t].count) vehicles")
        }
        for location in problem.depotCount..<problem.locationCount {
            let client = problem.client(location)
            if seen[location] > 1 { violations.append("client \(location) visited \(seen[location]) times") }
            if seen[location] == 0 {
                if client.required { violations.append("client \(location) not visited") } else { cost += client.prize }
            }
        }
        return Report(violations: violations, distance: distance, duration: duration, cost: cost,
                      vehiclesUsed: solution.routes.count, schedules: schedules)
    }

    /// The route's timing with the departure delayed as far as it saves waiting without making a visit
    /// late (Savelsbergh's forward slack), so `duration` is the shortest the route can take.
    /// With stations on the route, it is timed by both charging policies the search prices and takes the less
    /// late (then shorter).
    public func schedule(_ route: Solution.Route) -> RouteSchedule {
        let early = schedule(route, charging: chargingTimes(route, late: false))
        guard route.visits.contains(where: { problem.client($0).recharges }) else { return early }
        let late = schedule(route, charging: chargingTimes(route, late: true))
        return (lateness(late, route), late.duration) < (lateness(early, route), early.duration) ? late : early
    }

    /// How much later than their windows the visits start and the vehicle returns, in total.
    private func lateness(_ schedule: RouteSchedule, _ route: Solution.Route) -> Int {
        let type = problem.vehicleTypes[route.vehicleType]
        let visits = zip(route.visits, schedule.serviceStarts).reduce(0) { $0 + max(0, $1.1 - problem.client($1.0).twLate) }
        return visits + max(0, schedule.returnTime - min(type.shiftEnd, problem.depots[type.endDepot].twLate))
    }

    private func schedule(_ route: Solution.Route, charging: [Int]) -> RouteSchedule {
        let type = problem.vehicleTypes[route.vehicleType]
        let start = problem.depots[type.startDepot]
        let earliest = max(type.shiftStart, start.twEarly)
        let first = forward(route, departure: earliest, charging: charging)
        // Delay the departure by as much as the waiting, but no visit may start later than its window allows.
        var delay = first.totalWait
        var waitedSoFar = 0
        for (i, v) in route.visits.enumerated() {
            waitedSoFar += first.serviceStarts[i] - first.arrivals[i]
            delay = min(delay, problem.client(v).twLate - first.serviceStarts[i] + waitedSoFar)
        }
        return delay > 0 ? forward(route, departure: earliest + delay, charging: charging).schedule : first.schedule
    }

    /// The longest distance the route drives between charging points (its depots and clients that
    /// recharge); nil when it has no visits.
    func longestStretch(_ route: Solution.Route) -> Int? {
        guard !route.visits.isEmpty else { return nil }
        let type = problem.vehicleTypes[route.vehicleType]
        var longest = 0, stretch = 0, previous = type.startDepot
        for v in route.visits + [type.endDepot] {
            stretch += problem.distances[previous, v]
            if problem.isDepot(v) || problem.client(v).recharges {
                longest = max(longest, stretch)
                stretch = 0
            }
            previous = v
        }
        return longest
    }

    /// How long the vehicle charges after each visit, by one of the policies the search prices
    /// (`ChargingSegment`). Early: at a station, what it used since the last charging point, or at the route's
    /// last station just what it needs to get home. Late: at the route's first station just enough to reach
    /// the next charging point, at a later one the distance to the next. Nothing elsewhere, and nothing at all
    /// on a route within its range (it needs no charge).
    func chargingTimes(_ route: Solution.Route, late: Bool) -> [Int] {
        let type = problem.vehicleTypes[route.vehicleType]
        var times = [Int](repeating: 0, count: route.visits.count)
        guard type.chargeTimePerDistance > 0 else { return times }
        let rate = Int((type.chargeTimePerDistance * 1024).rounded(.up))
        let path = [type.startDepot] + route.visits + [type.endDepot]
        let points = path.indices.filter { $0 == 0 || $0 == path.count - 1 || problem.client(path[$0]).recharges }
        func distance(_ from: Int, _ to: Int) -> Int { (from..<to).reduce(0) { $0 + problem.distances[path[$1], path[$1 + 1]] } }
        guard distance(0, path.count - 1) > type.maxDistance else { return times }
        for k in points.indices.dropFirst().dropLast() {
            let before = distance(points[k - 1], points[k]), after = distance(points[k], points[k + 1])
            let charged = late
                ? (k == 1 ? max(before + after - type.maxDistance, 0) : after)
                : (points[k + 1] == path.count - 1 ? max(before + after - type.maxDistance, 0) : before)
            times[points[k] - 1] = (charged * rate + 1023) >> 10
        }
        return times
    }

    private func forward(_ route: Solution.Route, departure: Int, charging: [Int])
        -> (schedule: RouteSchedule, arrivals: [Int], serviceStarts: [Int], totalWait: Int) {
        let type = problem.vehicleTypes[route.vehicleType]
        var time = departure
        var previous = type.startDepot
        var distance = 0
        var load = [Int](repeating: 0, count: problem.dimensions)
        var arrivals: [Int] = [], starts: [Int] = []
        var wait = 0
        for (i, v) in route.visits.enumerated() {
            let client = problem.client(v)
            time += problem.durations[previous, v]
            distance += problem.distances[previous, v]
            arrivals.append(time)
            let begin = max(time, client.twEarly)
            wait += begin - time
            starts.append(begin)
            time = begin + client.serviceDuration + charging[i]
            for d in 0..<problem.dimensions { load[d] += client.demand[d] }
            previous = v
        }
        time += problem.durations[previous, type.endDepot]
        distance += problem.distances[previous, type.endDepot]
        let schedule = RouteSchedule(departure: departure, arrivals: arrivals, serviceStarts: starts, returnTime: time,
                                     distance: distance, duration: time - departure, load: load)
        return (schedule, arrivals, starts, wait)
    }
}
