import SolverSupport

/// First-improvement local search over granular neighbourhoods (PyVRP's `LocalSearch`): Relocate, Swap,
/// 2-opt* (also into an empty vehicle, which splits a route) and 2-opt, optionally Exchange (2,0), (2,1),
/// (2,2). A route remembers when it last changed and a client when it was last tested, so unchanged pairs
/// are not examined again.
///
/// Every route keeps prefix and suffix caches (distance, load, timing segments) indexed by *search node*:
/// node ids below `locationCount` are the clients themselves and route slot r's start and end depots are
/// nodes `locationCount + 2r` and `+ 1`. A move is priced from `Proposal`s of a few pieces: distance and
/// load first, in O(1), as a lower bound that rejects most moves; then the timing, in O(1) for pieces
/// cut from the caches and O(length) only for stretches moved inside a route. The caches live in buffers
/// allocated once, so pricing a move neither allocates nor counts references.
final class LocalSearch {
    let problem: ProblemData
    let neighbours: [[Int32]]
    let dimensions: Int
    var evaluator: CostEvaluator
    /// Also move and swap pairs of consecutive clients (Exchange (2,0), (2,1), (2,2)).
    var pairMoves = false
    /// Clients of each route slot in visiting order.
    private(set) var visits: [[Int]]
    private let routeType: [Int]
    private let routeCount: Int
    private let locationCount: Int
    private let nodeCount: Int
    private var lastTested: [Int]
    private var wasOverloaded: [Bool], wasLate: [Bool]
    private var clock = 1
    private var emptyRoutes: [[Int]]

    // Per search node (see above).
    private let location: UnsafeMutablePointer<Int>
    /// Route slot of a node, -1 for an unplanned client.
    private let routeOf: UnsafeMutablePointer<Int>
    /// 0 for the start depot, 1... for the clients, count + 1 for the end depot.
    private let position: UnsafeMutablePointer<Int>
    private let previous: UnsafeMutablePointer<Int>
    private let following: UnsafeMutablePointer<Int>
    private let cumulativeDistance: UnsafeMutablePointer<Int>
    /// Load from the start up to and including the node, `dimensions` values per node.
    private let cumulativeLoad: UnsafeMutablePointer<Int>
    private let before: UnsafeMutablePointer<DurationSegment>
    private let after: UnsafeMutablePointer<DurationSegment>
    // Per route slot.
    private let routeCost: UnsafeMutablePointer<Int>
    private let lastModified: UnsafeMutablePointer<Int>
    private let pinnedCount: UnsafeMutablePointer<Int>
    private let terms: UnsafeMutablePointer<VehicleTerms>
    /// Capacity of each route slot's vehicle, `dimensions` values per slot.
    private let capacity: UnsafeMutablePointer<Int>

    // Per location, in flat arrays for the hot loops.
    private let service: [Int], twEarly: [Int], twLate: [Int], demand: [Int], skills: [UInt64]
    private let vehicleTypes: [ProblemData.VehicleType]
    private let typeTerms: [VehicleTerms]
    private let distanceValues: [Int], durationValues: [Int], matrixSize: Int
    private let symmetric: Bool

    init(problem: ProblemData, neighbours: [[Int32]], evaluator: CostEvaluator) {
        self.problem = problem
        self.neighbours = neighbours
        self.evaluator = evaluator
        dimensions = problem.dimensions
        vehicleTypes = problem.vehicleTypes
        typeTerms = problem.vehicleTypes.map(VehicleTerms.init)
        let n = problem.locationCount
        locationCount = n
        lastTested = [Int](repeating: 0, count: n)
        var service = [Int](repeating: 0, count: n), early = service, late = service
        var demand = [Int](repeating: 0, count: n * problem.dimensions)
        var skills = [UInt64](repeating: 0, count: n)
        for (d, depot) in problem.depots.enumerated() { early[d] = depot.twEarly; late[d] = depot.twLate }
        for (c, client) in problem.clients.enumerated() {
            let l = problem.depotCount + c
            service[l] = client.serviceDuration; early[l] = client.twEarly; late[l] = client.twLate
            for k in 0..<problem.dimensions { demand[l * problem.dimensions + k] = client.demand[k] }
            skills[l] = client.requiredSkills
        }
        self.service = service; twEarly = early; twLate = late; self.demand = demand; self.skills = skills
        if case .dense(let distances, let size) = problem.distances, case .dense(let durations, size) = problem.durations {
            distanceValues = distances; durationValues = durations; matrixSize = size
        } else {
            distanceValues = []; durationValues = []; matrixSize = 0
        }
        symmetric = LocalSearch.isSymmetric(problem.distances)

        var types: [Int] = []
        for (t, type) in problem.vehicleTypes.enumerated() { types += Array(repeating: t, count: type.count) }
        routeType = types
        routeCount = types.count
        wasOverloaded = Array(repeating: false, count: types.count)
        wasLate = wasOverloaded
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
        cumulativeLoad = buffer(nodeCount * problem.dimensions, 0)
        let zero = DurationSegment(first: 0, last: 0, duration: 0, timeWarp: 0, twEarly: 0, twLate: 0)
        before = buffer(nodeCount, zero)
        after = buffer(nodeCount, zero)
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
        for pointer in [location, routeOf, position, previous, following, cumulativeDistance, cumulativeLoad,
                        routeCost, lastModified, pinnedCount, capacity] { pointer.deallocate() }
        terms.deallocate()
        before.deallocate()
        after.deallocate()
    }

    private static func isSymmetric(_ matrix: TravelMatrix) -> Bool {
        guard case .dense(let values, let size) = matrix else { return true }
        for i in 0..<size { for j in (i + 1)..<max(size, i + 1) where values[i * size + j] != values[j * size + i] { return false } }
        return true
    }

    // MARK: - Loading and reading solutions

    /// Replaces the routes with `solution`'s (routes beyond a type's count are dropped to unassigned).
    func load(_ solution: Solution, pinned: [Int: Int] = [:]) {
        for r in 0..<routeCount {
            for c in visits[r] { unplan(c) }
            visits[r] = []
            pinnedCount[r] = 0
        }
        var nextOfType = [Int](repeating: 0, count: vehicleTypes.count)
        let firstOfType = vehicleTypes.indices.map { t in vehicleTypes[..<t].reduce(0) { $0 + $1.count } }
        for (k, route) in solution.routes.enumerated() where !route.visits.isEmpty {
            let t = route.vehicleType
            guard nextOfType[t] < vehicleTypes[t].count else { continue }
            let r = firstOfType[t] + nextOfType[t]
            nextOfType[t] += 1
            visits[r] = route.visits
            pinnedCount[r] = pinned[k] ?? 0
        }
        for r in 0..<routeCount { rebuild(r) }
        resetEmptyRoutes()
    }

    /// The clients of every route slot: a cheap copy (shared buffers) to come back to.
    func snapshot() -> [[Int]] { visits }

    /// Returns to a snapshot, rebuilding only the routes that differ from it (after a rejected
    /// perturbation that is a handful; an untouched route still shares its snapshot's buffer, so the
    /// comparison is O(1)).
    func restore(_ snapshot: [[Int]]) {
        var changed: [Int] = []
        for r in 0..<routeCount where visits[r] != snapshot[r] {
            changed.append(r)
            for c in visits[r] { unplan(c) }
        }
        for r in changed {
            visits[r] = snapshot[r]
            rebuild(r)
        }
    }

    func solution() -> Solution {
        Solution(routes: (0..<routeCount).filter { !visits[$0].isEmpty }.map { .init(vehicleType: routeType[$0], visits: visits[$0]) })
    }

    var unassigned: [Int] { (problem.depotCount..<problem.locationCount).filter { routeOf[$0] < 0 } }

    func isPlanned(_ client: Int) -> Bool { routeOf[client] >= 0 }

    /// Route slot holding `client`, -1 when it is unplanned (perturbations group their removals by route).
    func route(of client: Int) -> Int { routeOf[client] }

    /// Penalised cost of all routes plus prizes of unvisited optional clients; required clients left out
    /// cost a large penalty so that they are always reinserted.
    var penalisedCost: Int { totalRouteCost + unplannedRequired << 40 + unplannedPrize }

    var isLoadFeasible: Bool { overloadedRoutes == 0 }
    var isTimeFeasible: Bool { lateRoutes == 0 }
    var isFeasible: Bool { overloadedRoutes == 0 && lateRoutes == 0 && unplannedRequired == 0 }

    // Running totals, so that reading the solution's cost and feasibility after an iteration is O(1).
    private var totalRouteCost = 0
    private var overloadedRoutes = 0
    private var lateRoutes = 0
    private var unplannedRequired = 0
    private var unplannedPrize = 0

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

    /// Distance of all routes in problem units.
    var distance: Int { (0..<routeCount).reduce(0) { $0 + cumulativeDistance[endNode($1)] } }

    func repriceAll() {
        for r in 0..<routeCount {
            let cost = currentCost(route: r)
            totalRouteCost += cost - routeCost[r]
            routeCost[r] = cost
        }
    }

    // MARK: - Nodes, matrices and caches

    @inline(__always) private func startNode(_ r: Int) -> Int { locationCount + 2 * r }
    @inline(__always) private func endNode(_ r: Int) -> Int { locationCount + 2 * r + 1 }
    @inline(__always) private func clientCount(_ r: Int) -> Int { position[endNode(r)] - 1 }
    @inline(__always) private func isClient(_ node: Int) -> Bool { node < locationCount }

    /// Distance between two search nodes.
    @inline(__always) private func d(_ a: Int, _ b: Int) -> Int {
        let from = location[a], to = location[b]
        return matrixSize > 0 ? distanceValues[from * matrixSize + to] : problem.distances[from, to]
    }

    /// Travel time between two search nodes.
    @inline(__always) private func t(_ a: Int, _ b: Int) -> Int {
        let from = location[a], to = location[b]
        return matrixSize > 0 ? durationValues[from * matrixSize + to] : problem.durations[from, to]
    }

    @inline(__always) private func single(_ node: Int) -> DurationSegment {
        let l = location[node]
        return DurationSegment(location: l, service: service[l], twEarly: twEarly[l], twLate: twLate[l])
    }

    private func depotSegment(_ depot: Int, type: Int) -> DurationSegment {
        let v = vehicleTypes[type]
        return DurationSegment(location: depot, service: 0, twEarly: max(twEarly[depot], v.shiftStart),
                               twLate: min(twLate[depot], v.shiftEnd))
    }

    /// Refills route `r`'s caches from `visits[r]`.
    func rebuild(_ r: Int) {
        let s = startNode(r), e = endNode(r), type = routeType[r], dims = dimensions
        let wasEmpty = position[e] == 1
        position[s] = 0
        previous[s] = s
        cumulativeDistance[s] = 0
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
        clock += 1
        lastModified[r] = clock
        let cost = currentCost(route: r)
        totalRouteCost += cost - routeCost[r]
        routeCost[r] = cost
        let overloaded = excessLoad(route: r) > 0, late = before[e].totalTimeWarp(maxDuration: terms[r].maxDuration) > 0
        if overloaded != wasOverloaded[r] { overloadedRoutes += overloaded ? 1 : -1; wasOverloaded[r] = overloaded }
        if late != wasLate[r] { lateRoutes += late ? 1 : -1; wasLate[r] = late }
        if count == 0 && !wasEmpty { emptyRoutes[type].append(r) }
    }

    private func excessLoad(route r: Int) -> Int {
        let e = endNode(r)
        var excess = 0
        for k in 0..<dimensions { excess += max(cumulativeLoad[e * dimensions + k] - capacity[r * dimensions + k], 0) }
        return excess
    }

    private func currentCost(route r: Int) -> Int {
        if visits[r].isEmpty { return 0 }
        let segment = before[endNode(r)]
        return evaluator.penalised(distance: cumulativeDistance[endNode(r)], duration: segment.duration, excessLoad: excessLoad(route: r),
                                   timeWarp: segment.totalTimeWarp(maxDuration: terms[r].maxDuration), vehicle: terms[r])
    }

    // MARK: - Pricing proposals

    @inline(__always) private func firstNode(_ p: Piece) -> Int {
        switch p.kind {
        case .head: startNode(routeOf[p.a])
        case .reversed: p.b
        case .tail, .stretch, .single: p.a
        }
    }

    @inline(__always) private func lastNode(_ p: Piece) -> Int {
        switch p.kind {
        case .tail: endNode(routeOf[p.a])
        case .stretch: p.b
        case .head, .reversed, .single: p.a
        }
    }

    @inline(__always) private func innerDistance(_ p: Piece) -> Int {
        switch p.kind {
        case .head: return cumulativeDistance[p.a]
        case .tail: return cumulativeDistance[endNode(routeOf[p.a])] - cumulativeDistance[p.a]
        case .stretch: return cumulativeDistance[p.b] - cumulativeDistance[p.a]
        case .single: return 0
        case .reversed:
            if symmetric { return cumulativeDistance[p.b] - cumulativeDistance[p.a] }
            var total = 0, node = p.b
            while node != p.a { total += d(node, previous[node]); node = previous[node] }
            return total
        }
    }

    @inline(__always) private func load(_ p: Piece, _ k: Int) -> Int {
        let dims = dimensions
        switch p.kind {
        case .head: return cumulativeLoad[p.a * dims + k]
        case .tail: return cumulativeLoad[endNode(routeOf[p.a]) * dims + k] - cumulativeLoad[p.a * dims + k] + demand[location[p.a] * dims + k]
        case .stretch, .reversed: return cumulativeLoad[p.b * dims + k] - cumulativeLoad[p.a * dims + k] + demand[p.a * dims + k]
        case .single: return demand[p.a * dims + k]
        }
    }

    @inline(__always) private func segment(_ p: Piece) -> DurationSegment {
        switch p.kind {
        case .head: return before[p.a]
        case .tail: return after[p.a]
        case .single: return single(p.a)
        case .stretch: return walk(from: p.a, to: p.b, along: following)
        case .reversed: return walk(from: p.b, to: p.a, along: previous)
        }
    }

    /// The timing of the visits from `start` to `end`, stepping through `step` (`following` for route
    /// order, `previous` for the reverse): the O(length) part of pricing a stretch moved inside a route.
    @inline(__always) private func walk(from start: Int, to end: Int, along step: UnsafeMutablePointer<Int>) -> DurationSegment {
        var result = single(start), node = start
        while node != end {
            let next = step[node]
            result = DurationSegment.merge(result, single(next), edge: t(node, next))
            node = next
        }
        return result
    }

    /// A proposal that is just the start and end depot of a route: the vehicle stays home.
    @inline(__always) private func isEmpty(_ p: Proposal) -> Bool {
        p.count == 2 && p[0].kind == .head && p[0].a >= locationCount && p[1].kind == .tail && p[1].a >= locationCount
    }

    @inline(__always) private func distance(_ p: Proposal) -> Int {
        var total = innerDistance(p[0])
        for i in 1..<p.count { total += d(lastNode(p[i - 1]), firstNode(p[i])) + innerDistance(p[i]) }
        return total
    }

    @inline(__always) private func excessLoad(_ p: Proposal, route r: Int) -> Int {
        var excess = 0
        for k in 0..<dimensions {
            var total = 0
            for i in 0..<p.count { total += load(p[i], k) }
            excess += max(total - capacity[r * dimensions + k], 0)
        }
        return excess
    }

    @inline(__always) private func segment(_ p: Proposal) -> DurationSegment {
        var result = segment(p[0])
        for i in 1..<p.count { result = DurationSegment.merge(result, segment(p[i]), edge: t(lastNode(p[i - 1]), firstNode(p[i]))) }
        return result
    }

    /// What a route would cost as proposed, without its timing: distance, load penalty and fixed cost.
    @inline(__always) private func lowerBound(_ p: Proposal, route r: Int) -> (bound: Int, distance: Int, excess: Int) {
        if isEmpty(p) { return (0, 0, 0) }
        let v = terms[r]
        let distance = distance(p), excess = excessLoad(p, route: r)
        return (distance * v.unitDistanceCost + excess * evaluator.loadPenalty + v.fixedCost, distance, excess)
    }

    @inline(__always) private func cost(_ p: Proposal, route r: Int, distance: Int, excess: Int) -> Int {
        if isEmpty(p) { return 0 }
        let v = terms[r], segment = segment(p)
        return evaluator.penalised(distance: distance, duration: segment.duration, excessLoad: excess,
                                   timeWarp: segment.totalTimeWarp(maxDuration: v.maxDuration), vehicle: v)
    }

    /// Whether route `r` as proposed costs less than it does now.
    @inline(__always) private func improves(_ r: Int, _ p: Proposal) -> Bool {
        let (bound, distance, excess) = lowerBound(p, route: r)
        guard bound < routeCost[r] else { return false }
        return cost(p, route: r, distance: distance, excess: excess) < routeCost[r]
    }

    /// Whether routes `ra` and `rb` as proposed cost less together than they do now.
    @inline(__always) private func improves(_ ra: Int, _ pa: Proposal, _ rb: Int, _ pb: Proposal) -> Bool {
        let current = routeCost[ra] + routeCost[rb]
        let a = lowerBound(pa, route: ra), b = lowerBound(pb, route: rb)
        guard a.bound + b.bound < current else { return false }
        return cost(pa, route: ra, distance: a.distance, excess: a.excess) + cost(pb, route: rb, distance: b.distance, excess: b.excess) < current
    }

    /// The clients a proposal visits, in order.
    private func clients(_ p: Proposal) -> [Int] {
        var result: [Int] = []
        for i in 0..<p.count {
            let piece = p[i]
            switch piece.kind {
            case .head: result += visits[routeOf[piece.a]][..<position[piece.a]]
            case .tail: if isClient(piece.a) { result += visits[routeOf[piece.a]][(position[piece.a] - 1)...] }
            case .stretch: result += visits[routeOf[piece.a]][(position[piece.a] - 1)...(position[piece.b] - 1)]
            case .reversed: result += visits[routeOf[piece.a]][(position[piece.a] - 1)...(position[piece.b] - 1)].reversed()
            case .single: result.append(piece.a)
            }
        }
        return result
    }

    private func apply(_ r: Int, _ p: Proposal) {
        visits[r] = clients(p)
        rebuild(r)
    }

    private func apply(_ ra: Int, _ pa: Proposal, _ rb: Int, _ pb: Proposal) {
        let a = clients(pa), b = clients(pb)
        visits[ra] = a
        visits[rb] = b
        rebuild(ra)
        rebuild(rb)
    }

    // MARK: - Search

    /// Runs moves until none improves. Only promising clients are examined (all when `promising` is nil):
    /// those perturbed and those next to a change, as PyVRP does, so an iteration's work stays local.
    func search(random: inout SeededGenerator, promising: [Int]? = nil) {
        var order = Array(problem.depotCount..<problem.locationCount)
        order.shuffle(using: &random)
        var flags = [Bool](repeating: promising == nil, count: locationCount)
        if let promising { for u in promising { markAround(u, &flags) } }
        var improved = true
        while improved {
            improved = false
            for u in order where flags[u] {
                flags[u] = false
                if routeOf[u] < 0 { continue }
                let tested = lastTested[u]
                lastTested[u] = clock
                for v32 in neighbours[u] {
                    let v = Int(v32)
                    let rv = routeOf[v]
                    if rv < 0 { continue }
                    if max(lastModified[routeOf[u]], lastModified[rv]) <= tested { continue }
                    // The clients around u and v before the move are worth another look too.
                    let around = (previous[u], following[u], previous[v], following[v])
                    if tryMoves(u, v) {
                        improved = true
                        markAround(u, &flags)
                        markAround(v, &flags)
                        for node in [around.0, around.1, around.2, around.3] where isClient(node) { markAround(node, &flags) }
                    }
                    if routeOf[u] < 0 { break }
                }
                if routeOf[u] >= 0, clientCount(routeOf[u]) > 1, emptyRouteMove(u) {
                    improved = true
                    markAround(u, &flags)
                }
            }
        }
    }

    /// Marks a client and its route neighbours for another look.
    @inline(__always) private func markAround(_ u: Int, _ flags: inout [Bool]) {
        flags[u] = true
        guard routeOf[u] >= 0 else { return }
        if isClient(previous[u]) { flags[previous[u]] = true }
        if isClient(following[u]) { flags[following[u]] = true }
    }

    private func tryMoves(_ u: Int, _ v: Int) -> Bool {
        if relocate(u, after: v) || relocate(u, after: previous[v]) { return true }
        if pairMoves, exchange(u, length: 2, with: v, length: 0) { return true }
        if swap(u, v) { return true }
        if pairMoves, exchange(u, length: 2, with: v, length: 1) || exchange(u, length: 2, with: v, length: 2) { return true }
        if routeOf[u] != routeOf[v] {
            if swapTails(u, v) { return true }
            if !isClient(previous[v]), swapTails(u, previous[v]) { return true }
        } else if twoOpt(u, v) {
            return true
        }
        return false
    }

    /// Moves `u`, or the rest of its route from `u` on, into an empty vehicle that can serve it.
    private func emptyRouteMove(_ u: Int) -> Bool {
        for t in typeTerms.indices where typeTerms[t].canServe(skills[u]) {
            guard let empty = emptyRoute(ofType: t) else { continue }
            if relocate(u, after: startNode(empty)) || swapTails(previous[u], startNode(empty)) { return true }
        }
        return false
    }

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

    @inline(__always) private func movable(_ u: Int) -> Bool { position[u] > pinnedCount[routeOf[u]] }

    @inline(__always) private func canServe(route r: Int, _ client: Int) -> Bool {
        terms[r].canServe(skills[client])
    }

    /// Moves client `u` to just after node `v` (a client or a start depot), if that lowers the penalised cost.
    @discardableResult
    func relocate(_ u: Int, after v: Int) -> Bool {
        let ru = routeOf[u], rv = routeOf[v]
        guard v != u, v != previous[u], v != endNode(rv), movable(u), position[v] >= pinnedCount[rv], canServe(route: rv, u) else {
            return false
        }
        let pu = previous[u], nu = following[u], w = following[v]
        if ru != rv {
            let a = Proposal(.head(pu), .tail(nu)), b = Proposal(.head(v), .single(u), .tail(w))
            guard improves(ru, a, rv, b) else { return false }
            apply(ru, a, rv, b)
            return true
        }
        let p = position[v] < position[u] ? Proposal(.head(v), .single(u), .stretch(w, pu), .tail(nu))
                                          : Proposal(.head(pu), .stretch(nu, v), .single(u), .tail(w))
        guard improves(ru, p) else { return false }
        apply(ru, p)
        return true
    }

    /// Exchanges clients `u` and `v`, if that lowers the penalised cost.
    func swap(_ u: Int, _ v: Int) -> Bool {
        let ru = routeOf[u], rv = routeOf[v]
        guard u != v, movable(u), movable(v) else { return false }
        if ru != rv {
            guard canServe(route: rv, u), canServe(route: ru, v) else { return false }
            let a = Proposal(.head(previous[u]), .single(v), .tail(following[u]))
            let b = Proposal(.head(previous[v]), .single(u), .tail(following[v]))
            guard improves(ru, a, rv, b) else { return false }
            apply(ru, a, rv, b)
            return true
        }
        let (x, y) = position[u] < position[v] ? (u, v) : (v, u)
        let p = following[x] == y ? Proposal(.head(previous[x]), .single(y), .single(x), .tail(following[y]))
                                  : Proposal(.head(previous[x]), .single(y), .stretch(following[x], previous[y]), .single(x), .tail(following[y]))
        guard improves(ru, p) else { return false }
        apply(ru, p)
        return true
    }

    /// The last node of the `length` clients starting at `u`, or nil when the route ends before.
    @inline(__always) private func stretchEnd(_ u: Int, length: Int) -> Int? {
        let last = position[u] + length - 1
        guard last <= clientCount(routeOf[u]) else { return nil }
        var node = u
        for _ in 1..<max(length, 1) { node = following[node] }
        return node
    }

    /// Moves the `n` clients starting at `u` to where the `m` clients starting at `v` are, and those to
    /// where `u`'s were (m = 0: the n clients go just after `v`).
    func exchange(_ u: Int, length n: Int, with v: Int, length m: Int) -> Bool {
        let ru = routeOf[u], rv = routeOf[v]
        guard movable(u), let uLast = stretchEnd(u, length: n) else { return false }
        var vLast = v
        if m > 0 {
            guard movable(v), let last = stretchEnd(v, length: m) else { return false }
            vLast = last
        } else {
            guard position[v] >= pinnedCount[rv] else { return false }
        }
        if ru != rv {
            var node = u
            for _ in 0..<n { guard canServe(route: rv, node) else { return false }; node = following[node] }
            node = v
            for _ in 0..<m { guard canServe(route: ru, node) else { return false }; node = following[node] }
            let a: Proposal, b: Proposal
            if m == 0 {
                a = Proposal(.head(previous[u]), .tail(following[uLast]))
                b = Proposal(.head(v), .stretch(u, uLast), .tail(following[v]))
            } else {
                a = Proposal(.head(previous[u]), .stretch(v, vLast), .tail(following[uLast]))
                b = Proposal(.head(previous[v]), .stretch(u, uLast), .tail(following[vLast]))
            }
            guard improves(ru, a, rv, b) else { return false }
            apply(ru, a, rv, b)
            return true
        }
        let p: Proposal
        if m == 0 {
            // Inserting right before or inside its own stretch changes nothing.
            if position[v] < position[u] - 1 {
                p = Proposal(.head(v), .stretch(u, uLast), .stretch(following[v], previous[u]), .tail(following[uLast]))
            } else if position[v] > position[uLast] {
                p = Proposal(.head(previous[u]), .stretch(following[uLast], v), .stretch(u, uLast), .tail(following[v]))
            } else {
                return false
            }
        } else {
            guard position[uLast] < position[v] || position[vLast] < position[u] else { return false }
            let (first, firstLast, second, secondLast) = position[u] < position[v] ? (u, uLast, v, vLast) : (v, vLast, u, uLast)
            p = following[firstLast] == second
                ? Proposal(.head(previous[first]), .stretch(second, secondLast), .stretch(first, firstLast), .tail(following[secondLast]))
                : Proposal(.head(previous[first]), .stretch(second, secondLast), .stretch(following[firstLast], previous[second]),
                           .stretch(first, firstLast), .tail(following[secondLast]))
        }
        guard improves(ru, p) else { return false }
        apply(ru, p)
        return true
    }

    /// 2-opt* between routes: `u`'s route keeps its head up to `u` and takes the tail after `v`, and the other
    /// way round. `u` or `v` may be a start depot (the whole route moves, or a route is split into an
    /// empty vehicle).
    func swapTails(_ u: Int, _ v: Int) -> Bool {
        let ru = routeOf[u], rv = routeOf[v]
        guard ru >= 0, ru != rv, position[u] >= pinnedCount[ru], position[v] >= pinnedCount[rv] else { return false }
        let nu = following[u], nv = following[v]
        guard isClient(nu) || isClient(nv) else { return false }
        // The tails carry their end depots: only vehicles that end alike may trade them.
        let ea = after[endNode(ru)], eb = after[endNode(rv)]
        guard ea.first == eb.first, ea.twEarly == eb.twEarly, ea.twLate == eb.twLate else { return false }
        // Tails change vehicles: check skills only when the fleet has them.
        if terms[ru].skills != terms[rv].skills {
            var node = nv
            while isClient(node) { guard canServe(route: ru, node) else { return false }; node = following[node] }
            node = nu
            while isClient(node) { guard canServe(route: rv, node) else { return false }; node = following[node] }
        }
        let a = Proposal(.head(u), .tail(nv)), b = Proposal(.head(v), .tail(nu))
        guard improves(ru, a, rv, b) else { return false }
        apply(ru, a, rv, b)
        return true
    }

    /// 2-opt inside a route: reverses the stretch after `u` up to `v` (or after `v` up to `u`).
    func twoOpt(_ u: Int, _ v: Int) -> Bool {
        let r = routeOf[u]
        let (x, y) = position[u] < position[v] ? (u, v) : (v, u)
        guard position[y] - position[x] >= 2, position[x] >= pinnedCount[r] else { return false }
        let p = Proposal(.head(x), .reversed(following[x], y), .tail(following[y]))
        guard improves(r, p) else { return false }
        apply(r, p)
        return true
    }

    // MARK: - Insertion and removal

    /// Inserts unassigned client `u` where it adds the least penalised cost: next to one of its neighbours,
    /// or alone in an empty route. Optional clients stay out when their prize does not pay for the detour.
    func insert(_ u: Int) {
        var bestDelta = Int.max, bestAfter = -1
        func consider(_ v: Int) {
            let r = routeOf[v]
            guard v != endNode(r), position[v] >= pinnedCount[r], canServe(route: r, u) else { return }
            let p = Proposal(.head(v), .single(u), .tail(following[v]))
            let (bound, distance, excess) = lowerBound(p, route: r)
            guard bound - routeCost[r] < bestDelta else { return }
            let delta = cost(p, route: r, distance: distance, excess: excess) - routeCost[r]
            if delta < bestDelta { bestDelta = delta; bestAfter = v }
        }
        for v32 in neighbours[u] {
            let v = Int(v32)
            guard routeOf[v] >= 0 else { continue }
            consider(v)
            consider(previous[v])
        }
        for t in vehicleTypes.indices { if let r = emptyRoute(ofType: t) { consider(startNode(r)) } }
        if bestAfter < 0 {
            // No neighbour placed yet and no empty vehicle: try every position.
            for r in 0..<routeCount {
                consider(startNode(r))
                for c in visits[r] { consider(c) }
            }
        }
        guard bestAfter >= 0 else { return }
        let client = problem.client(u)
        if !client.required && bestDelta >= client.prize { return }
        let r = routeOf[bestAfter]
        visits[r].insert(u, at: position[bestAfter])
        rebuild(r)
    }

    /// Takes client `u` out of its route (for perturbation); pinned clients stay.
    func remove(_ u: Int) {
        let r = routeOf[u]
        guard r >= 0, movable(u) else { return }
        visits[r].remove(at: position[u] - 1)
        unplan(u)
        rebuild(r)
    }
}
