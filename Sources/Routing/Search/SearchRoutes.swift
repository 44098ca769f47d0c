/// The routes a local search works on, with the caches that price a move in O(1) (PyVRP's search `Route`).
///
/// Every route keeps prefix and suffix caches (distance, load, timing segments) indexed by *search node*:
/// node ids below `locationCount` are the clients themselves and route slot r's start and end depots are
/// nodes `locationCount + 2r` and `+ 1`. The caches live in buffers allocated once, so pricing a move
/// (`SearchRoutes+Pricing.swift`) neither allocates nor counts references. Running totals keep the
/// solution's cost and feasibility readable in O(1) after every change.
final class SearchRoutes {
    let problem: ProblemData
    let dimensions: Int
    var evaluator: CostEvaluator
    /// Clients of each route slot in visiting order.
    private(set) var visits: [[Int]]
    let routeType: [Int]
    let routeCount: Int
    let locationCount: Int
    let nodeCount: Int
    /// Bumped on every rebuild: a route's `lastModified` tells the search what changed since it last looked.
    private(set) var clock = 1
    private var wasOverloaded: [Bool], wasLate: [Bool], wasTooLong: [Bool]
    /// A second opinion on routes the charging policies time late (see `ExactCharging`); nil: none.
    var exactCharging: ExactCharging? { didSet { exactAnswers.removeAll() } }
    /// `exactCharging`'s answers by route (-1: late): the search builds the same routes again and again (each
    /// rejected iteration restores the routes it changed).
    private var exactAnswers: [[Int]: Int] = [:]
    /// Per route slot, its on-time timing by `exactCharging` where the policies timed it late.
    private var exactTimings: [DurationSegment?]
    /// Per vehicle type, route slots that were empty when last seen (checked lazily by `emptyRoute`).
    private var emptyRoutes: [[Int]]

    // Per search node (see above).
    let location: UnsafeMutablePointer<Int>
    /// Route slot of a node, -1 for an unplanned client.
    let routeOf: UnsafeMutablePointer<Int>
    /// 0 for the start depot, 1... for the clients, count + 1 for the end depot.
    let position: UnsafeMutablePointer<Int>
    let previous: UnsafeMutablePointer<Int>
    let following: UnsafeMutablePointer<Int>
    let cumulativeDistance: UnsafeMutablePointer<Int>
    /// Travel and service time from the route's start up to and including a node, waits left out: no timing
    /// of those visits can be shorter, so it bounds a proposal's duration from below in O(1).
    let cumulativeDuration: UnsafeMutablePointer<Int>
    /// The same two driven backwards (each edge from a node to the one before it), so that a stretch 2-opt
    /// reverses is priced in O(1) when the matrices differ by direction.
    let reverseDistance: UnsafeMutablePointer<Int>
    let reverseDuration: UnsafeMutablePointer<Int>
    /// Charging stations visited from the route's start up to and including a node: a proposal without any
    /// is timed without charging (the common case in dispatch, where most routes never need to charge).
    let cumulativeStations: UnsafeMutablePointer<Int>
    /// Load from the start up to and including the node, `dimensions` values per node.
    let cumulativeLoad: UnsafeMutablePointer<Int>
    let before: UnsafeMutablePointer<DurationSegment>
    let after: UnsafeMutablePointer<DurationSegment>
    /// Timing with charging and range between charging points (see `ChargingSegment`, which carries its
    /// `RangeSegment`) from the start up to the node and from the node to the end, kept only when some client
    /// `recharges` (otherwise the range is the whole route's distance, which `cumulativeDistance` gives).
    let chargingBefore: UnsafeMutablePointer<ChargingSegment>
    let chargingAfter: UnsafeMutablePointer<ChargingSegment>
    // Per route slot.
    let routeCost: UnsafeMutablePointer<Int>
    let lastModified: UnsafeMutablePointer<Int>
    let pinnedCount: UnsafeMutablePointer<Int>
    let terms: UnsafeMutablePointer<VehicleTerms>
    /// Capacity of each route slot's vehicle, `dimensions` values per slot.
    let capacity: UnsafeMutablePointer<Int>

    // Per location, in flat arrays for the hot loops.
    let service: [Int], twEarly: [Int], twLate: [Int], demand: [Int], skills: [UInt64], recharges: [Bool]
    /// Whether any client is a charging point: only then is range priced per stretch between them.
    let hasChargers: Bool
    let vehicleTypes: [ProblemData.VehicleType]
    let typeTerms: [VehicleTerms]
    let distanceValues: [Int], durationValues: [Int], matrixSize: Int
    let symmetric: Bool
    let symmetricDurations: Bool
    /// Whether some vehicle prices or limits time (then `lowerBound` reads `cumulativeDuration`), and whether
    /// a matrix differs by direction (then it reads the reverse caches): the caches no bound reads stay unfilled.
    let timesRoutes: Bool
    let reverses: Bool

    // Running totals (see `SearchRoutes+Solutions.swift`).
    private(set) var totalRouteCost = 0
    private(set) var overloadedRoutes = 0
    private(set) var lateRoutes = 0
    /// Routes longer than their vehicle's range.
    private(set) var tooLongRoutes = 0
    private(set) var unplannedRequired = 0
    private(set) var unplannedPrize = 0

    init(problem: ProblemData, evaluator: CostEvaluator) {
        self.problem = problem
        self.evaluator = evaluator
        dimensions = problem.dimensions
        vehicleTypes = problem.vehicleTypes
        typeTerms = problem.vehicleTypes.map(VehicleTerms.init)
        let n = problem.locationCount
        locationCount = n
        var service = [Int](repeating: 0, count: n), early = service, late = service
        var demand = [Int](repeating: 0, count: n * problem.dimensions)
        var skills = [UInt64](repeating: 0, count: n)
        var recharges = [Bool](repeating: true, count: n)
        for (d, depot) in problem.depots.enumerated() { early[d] = depot.twEarly; late[d] = depot.twLate }
        for (c, client) in problem.clients.enumerated() {
            let l = problem.depotCount + c
            service[l] = client.serviceDuration; early[l] = client.twEarly; late[l] = client.twLate
            for k in 0..<problem.dimensions { demand[l * problem.dimensions + k] = client.demand[k] }
            skills[l] = client.requiredSkills
            recharges[l] = client.recharges
        }
        self.service = service; twEarly = early; twLate = late; self.demand = demand; self.skills = skills
        self.recharges = recharges
        hasChargers = problem.clients.contains { $0.recharges }
        if case .dense(let distances, let size) = problem.distances, case .dense(let durations, size) = problem.durations {
            distanceValues = distances; durationValues = durations; matrixSize = size
        } else {
            distanceValues = []; durationValues = []; matrixSize = 0
        }
        symmetric = SearchRoutes.isSymmetric(problem.distances)
        symmetricDurations = SearchRoutes.isSymmetric(problem.durations)
        timesRoutes = typeTerms.contains { $0.timed }
        reverses = !symmetric || !symmetricDurations

        var types: [Int] = []
        for (t, type) in problem.vehicleTypes.enumerated() { types += Array(repeating: t, count: type.count) }
        routeType = types
        routeCount = types.count
        wasOverloaded = Array(repeating: false, count: types.count)
        wasLate = wasOverloaded
        wasTooLong = wasOverloaded
        exactTimings = Array(repeating: nil, count: types.count)
        visits = Array(repeating: [], count: types.count)
        nodeCount = n + 2 * types.count
        func buffer<T>(_ count: Int, _ value: T) -> UnsafeMutablePointer<T> {
            let pointer = UnsafeMutablePointer<T>.allocate(capacity: max(count, 1))
            pointer.initialize(repeating: value, count: max(count, 1))
            return pointer
        }
        location = buffer(nodeCount, 0)
        routeOf = buffer(nodeCount, -1)
        position = buffer(nodeCount, 0)
        previous = buffer(nodeCount, 0)
        following = buffer(nodeCount, 0)
        cumulativeDistance = buffer(nodeCount, 0)
        cumulativeDuration = buffer(nodeCount, 0)
        reverseDistance = buffer(nodeCount, 0)
        reverseDuration = buffer(nodeCount, 0)
        cumulativeStations = buffer(nodeCount, 0)
        cumulativeLoad = buffer(nodeCount * problem.dimensions, 0)
        let zero = DurationSegment(first: 0, last: 0, duration: 0, timeWarp: 0, twEarly: 0, twLate: 0)
        before = buffer(nodeCount, zero)
        after = buffer(nodeCount, zero)
        let depot = ChargingSegment.single(zero, point: true, station: false)
        chargingBefore = buffer(hasChargers ? nodeCount : 0, depot)
        chargingAfter = buffer(hasChargers ? nodeCount : 0, depot)
        routeCost = buffer(types.count, 0)
        lastModified = buffer(types.count, 0)
        pinnedCount = buffer(types.count, 0)
        terms = buffer(types.count, VehicleTerms(problem.vehicleTypes.first ?? .init(count: 0, capacity: [])))
        capacity = buffer(types.count * problem.dimensions, 0)
        for r in 0..<types.count {
            let type = problem.vehicleTypes[types[r]]
            terms[r] = VehicleTerms(type)
            for k in 0..<problem.dimensions { capacity[r * problem.dimensions + k] = type.capacity[k] }
        }
        for l in 0..<n { location[l] = l }
        for client in problem.clients { if client.required { unplannedRequired += 1 } else { unplannedPrize += client.prize } }
        emptyRoutes = Array(repeating: [], count: problem.vehicleTypes.count)
        for r in 0..<types.count {
            location[n + 2 * r] = problem.vehicleTypes[types[r]].startDepot
            location[n + 2 * r + 1] = problem.vehicleTypes[types[r]].endDepot
            routeOf[n + 2 * r] = r
            routeOf[n + 2 * r + 1] = r
            // Marks the slot as holding clients so that `rebuild` registers it as empty.
            position[n + 2 * r + 1] = 2
        }
        for r in 0..<types.count { rebuild(r) }
        resetEmptyRoutes()
    }

    deinit {
        for pointer in [location, routeOf, position, previous, following, cumulativeDistance, cumulativeDuration, reverseDistance,
                        reverseDuration, cumulativeStations, cumulativeLoad, routeCost, lastModified, pinnedCount, capacity] { pointer.deallocate() }
        terms.deallocate()
        before.deallocate()
        after.deallocate()
        chargingBefore.deallocate()
        chargingAfter.deallocate()
    }

    private static func isSymmetric(_ matrix: TravelMatrix) -> Bool {
        guard case .dense(let values, let size) = matrix else { return true }
        for i in 0..<size { for j in (i + 1)..<max(size, i + 1) where values[i * size + j] != values[j * size + i] { return false } }
        return true
    }

    // MARK: - Nodes and matrices

    @inline(__always) func startNode(_ r: Int) -> Int { locationCount + 2 * r }
    @inline(__always) func endNode(_ r: Int) -> Int { locationCount + 2 * r + 1 }
    @inline(__always) func clientCount(_ r: Int) -> Int { position[endNode(r)] - 1 }
    @inline(__always) func isClient(_ node: Int) -> Bool { node < locationCount }

    /// Whether a client may leave its place: pinned prefixes (a re-plan's visits already under way) stay.
    @inline(__always) func movable(_ u: Int) -> Bool { position[u] > pinnedCount[routeOf[u]] }

    @inline(__always) func canServe(route r: Int, _ client: Int) -> Bool { terms[r].canServe(skills[client]) }

    /// Distance between two search nodes.
    @inline(__always) func d(_ a: Int, _ b: Int) -> Int {
        let from = location[a], to = location[b]
        return matrixSize > 0 ? distanceValues[from * matrixSize + to] : problem.distances[from, to]
    }

    /// Travel time between two search nodes.
    @inline(__always) func t(_ a: Int, _ b: Int) -> Int {
        let from = location[a], to = location[b]
        return matrixSize > 0 ? durationValues[from * matrixSize + to] : problem.durations[from, to]
    }

    /// Whether a node is a visit to a charging station (depots charge, but a van leaves them full).
    @inline(__always) func isStation(_ node: Int) -> Bool { isClient(node) && recharges[node] }

    @inline(__always) func rangeSingle(_ node: Int) -> RangeSegment { .single(recharges: recharges[location[node]]) }

    /// A client's visit for `ChargingSegment` (depots come from the caches, with their vehicle's shift).
    @inline(__always) func chargingSingle(_ node: Int) -> ChargingSegment {
        let l = location[node]
        return .single(single(node), point: recharges[l], station: recharges[l])
    }

    /// `a` then `b` for route slot r's vehicle, from node `from` (a's last) to node `to` (b's first).
    @inline(__always) func merge(_ a: ChargingSegment, _ b: ChargingSegment, from: Int, to: Int, route r: Int) -> ChargingSegment {
        ChargingSegment.merge(a, b, edge: d(from, to), travel: t(from, to), range: terms[r].maxDistance, rate: terms[r].chargeRate)
    }

    /// Route r's timing: with charging when it visits a station and needs one (longer than its range), else
    /// the plain segment, as `cost` prices a proposal.
    @inline(__always) func routeTiming(_ r: Int) -> DurationSegment {
        if let exact = exactTimings[r] { return exact }
        let e = endNode(r)
        return hasChargers && cumulativeStations[e] > 0 && terms[r].needsCharge(distance: cumulativeDistance[e]) ? chargingBefore[e].route : before[e]
    }

    @inline(__always) func single(_ node: Int) -> DurationSegment {
        let l = location[node]
        return DurationSegment(location: l, service: service[l], twEarly: twEarly[l], twLate: twLate[l])
    }

    private func depotSegment(_ depot: Int, type: Int) -> DurationSegment {
        let v = vehicleTypes[type]
        return DurationSegment(location: depot, service: 0, twEarly: max(twEarly[depot], v.shiftStart),
                               twLate: min(twLate[depot], v.shiftEnd))
    }

    // MARK: - Changing routes

    /// Gives route `r` these clients and refills its caches.
    func replace(_ r: Int, with clients: [Int]) {
        visits[r] = clients
        rebuild(r)
    }

    /// Puts unplanned client `u` into route `r` at visit index `index` (0 = first).
    func insert(_ u: Int, route r: Int, at index: Int) {
        visits[r].insert(u, at: index)
        rebuild(r)
    }

    /// Takes client `u` out of its route; pinned clients stay.
    func remove(_ u: Int) {
        let r = routeOf[u]
        guard r >= 0, movable(u) else { return }
        visits[r].remove(at: position[u] - 1)
        unplan(u)
        rebuild(r)
    }

    /// Empties every route and sets `pinned[r]` leading visits of route r as pinned.
    func reset(_ routes: [[Int]], pinned: [Int]) {
        for r in 0..<routeCount {
            for c in visits[r] { unplan(c) }
            visits[r] = routes[r]
            pinnedCount[r] = pinned[r]
        }
        for r in 0..<routeCount { rebuild(r) }
        resetEmptyRoutes()
    }

    /// Returns the routes that differ to `routes`, rebuilding only those (an untouched route still shares
    /// its snapshot's buffer, so the comparison is O(1)).
    func restore(_ routes: [[Int]]) {
        var changed: [Int] = []
        for r in 0..<routeCount where visits[r] != routes[r] {
            changed.append(r)
            for c in visits[r] { unplan(c) }
        }
        for r in changed {
            visits[r] = routes[r]
            rebuild(r)
        }
    }

    @inline(__always) private func unplan(_ c: Int) {
        guard routeOf[c] >= 0 else { return }
        routeOf[c] = -1
        let client = problem.client(c)
        if client.required { unplannedRequired += 1 } else { unplannedPrize += client.prize }
    }

    @inline(__always) private func plan(_ c: Int) {
        let client = problem.client(c)
        if client.required { unplannedRequired -= 1 } else { unplannedPrize -= client.prize }
    }

    /// Refills route `r`'s caches from `visits[r]` and updates the running totals.
    private func rebuild(_ r: Int) {
        let s = startNode(r), e = endNode(r), type = routeType[r], dims = dimensions
        let wasEmpty = position[e] == 1
        position[s] = 0
        previous[s] = s
        cumulativeDistance[s] = 0
        cumulativeDuration[s] = 0
        reverseDistance[s] = 0
        reverseDuration[s] = 0
        cumulativeStations[s] = 0
        for k in 0..<dims { cumulativeLoad[s * dims + k] = 0 }
        before[s] = depotSegment(location[s], type: type)
        var last = s
        let count = visits[r].count
        visits[r].withUnsafeBufferPointer { clients in
            for (i, c) in clients.enumerated() {
                if routeOf[c] < 0 { plan(c) }
                routeOf[c] = r
                position[c] = i + 1
                previous[c] = last
                following[last] = c
                cumulativeDistance[c] = cumulativeDistance[last] + d(last, c)
                if timesRoutes { cumulativeDuration[c] = cumulativeDuration[last] + t(last, c) + service[c] }
                if reverses {
                    reverseDistance[c] = reverseDistance[last] + d(c, last)
                    reverseDuration[c] = reverseDuration[last] + t(c, last) + service[c]
                }
                cumulativeStations[c] = cumulativeStations[last] + (recharges[c] ? 1 : 0)
                for k in 0..<dims { cumulativeLoad[c * dims + k] = cumulativeLoad[last * dims + k] + demand[c * dims + k] }
                before[c] = DurationSegment.merge(before[last], single(c), edge: t(last, c))
                last = c
            }
        }
        position[e] = count + 1
        previous[e] = last
        following[last] = e
        following[e] = e
        cumulativeDistance[e] = cumulativeDistance[last] + d(last, e)
        if timesRoutes { cumulativeDuration[e] = cumulativeDuration[last] + t(last, e) }
        cumulativeStations[e] = cumulativeStations[last]
        for k in 0..<dims { cumulativeLoad[e * dims + k] = cumulativeLoad[last * dims + k] }
        let end = depotSegment(location[e], type: type)
        before[e] = DurationSegment.merge(before[last], end, edge: t(last, e))
        after[e] = end
        var node = last
        while node != s {
            after[node] = DurationSegment.merge(single(node), after[following[node]], edge: t(node, following[node]))
            node = previous[node]
        }
        after[s] = DurationSegment.merge(before[s], after[following[s]], edge: t(s, following[s]))
        if hasChargers {
            rebuildCharging(r)
            exactTimings[r] = nil
            // Asked only where it may help: two stations or more within range, and on time without charging at
            // all (charging only delays, so a route late without it is late with any plan).
            let policies = routeTiming(r)
            if policies.timeWarp > 0, cumulativeStations[e] >= 2, chargingBefore[e].range.excess == 0, before[e].timeWarp == 0 {
                exactTimings[r] = exactTiming(visits[r], policies: policies)
            }
        }
        clock += 1
        lastModified[r] = clock
        let cost = currentCost(route: r)
        totalRouteCost += cost - routeCost[r]
        routeCost[r] = cost
        let overloaded = excessLoad(route: r) > 0, late = routeTiming(r).totalTimeWarp(maxDuration: terms[r].maxDuration) > 0
        if overloaded != wasOverloaded[r] { overloadedRoutes += overloaded ? 1 : -1; wasOverloaded[r] = overloaded }
        if late != wasLate[r] { lateRoutes += late ? 1 : -1; wasLate[r] = late }
        let tooLong = excessDistance(route: r) > 0
        if tooLong != wasTooLong[r] { tooLongRoutes += tooLong ? 1 : -1; wasTooLong[r] = tooLong }
        if count == 0 && !wasEmpty { emptyRoutes[type].append(r) }
    }

    /// The timing of a route the charging policies time late, by `exactCharging`: on time, with its exact
    /// plan's duration, or nil (late by any plan).
    private func exactTiming(_ clients: [Int], policies: DurationSegment) -> DurationSegment? {
        guard let exactCharging else { return nil }
        let duration: Int
        if let known = exactAnswers[clients] {
            duration = known
        } else {
            duration = exactCharging(clients.map { location[$0] }) ?? -1
            // Bounded: a long run meets millions of routes, most of them once.
            if exactAnswers.count >= 1 << 16 { exactAnswers.removeAll(keepingCapacity: true) }
            exactAnswers[clients] = duration
        }
        guard duration >= 0 else { return nil }
        var onTime = policies
        onTime.timeWarp = 0
        onTime.duration = duration
        return onTime
    }

    /// Prices every route again under a changed `evaluator`.
    func repriceAll() {
        for r in 0..<routeCount {
            let cost = currentCost(route: r)
            totalRouteCost += cost - routeCost[r]
            routeCost[r] = cost
        }
    }

    private func excessLoad(route r: Int) -> Int {
        let e = endNode(r)
        var excess = 0
        for k in 0..<dimensions { excess += max(cumulativeLoad[e * dimensions + k] - capacity[r * dimensions + k], 0) }
        return excess
    }

    /// Distance driven beyond the vehicle's range between charging points (or over the whole route).
    private func excessDistance(route r: Int) -> Int {
        hasChargers ? chargingBefore[endNode(r)].range.excess : max(cumulativeDistance[endNode(r)] - terms[r].maxDistance, 0)
    }

    /// Refills route r's charging caches; the depots carry their vehicle's shift.
    private func rebuildCharging(_ r: Int) {
        let s = startNode(r), e = endNode(r), type = routeType[r]
        chargingBefore[s] = .single(depotSegment(location[s], type: type), point: true, station: false)
        var node = s
        while node != e {
            let next = following[node]
            let visit = next == e ? ChargingSegment.single(depotSegment(location[e], type: type), point: true, station: false) : chargingSingle(next)
            chargingBefore[next] = merge(chargingBefore[node], visit, from: node, to: next, route: r)
            node = next
        }
        chargingAfter[e] = .single(depotSegment(location[e], type: type), point: true, station: false)
        while node != s {
            let back = previous[node]
            chargingAfter[back] = merge(back == s ? chargingBefore[s] : chargingSingle(back), chargingAfter[node], from: back, to: node, route: r)
            node = back
        }
    }

    private func currentCost(route r: Int) -> Int {
        if visits[r].isEmpty { return 0 }
        let segment = routeTiming(r)
        return evaluator.penalised(distance: cumulativeDistance[endNode(r)], duration: segment.duration, excessLoad: excessLoad(route: r),
                                   timeWarp: segment.totalTimeWarp(maxDuration: terms[r].maxDuration),
                                   excessDistance: excessDistance(route: r), vehicle: terms[r])
    }

    // MARK: - Empty vehicles

    /// A route slot of type `t` without clients, if there is one.
    func emptyRoute(ofType t: Int) -> Int? {
        while let r = emptyRoutes[t].last {
            if visits[r].isEmpty { return r }
            emptyRoutes[t].removeLast()
        }
        return nil
    }

    private func resetEmptyRoutes() {
        for t in emptyRoutes.indices { emptyRoutes[t] = (0..<routeCount).filter { routeType[$0] == t && visits[$0].isEmpty } }
    }
}
