import SolverSupport

/// First-improvement local search over granular neighbourhoods with Relocate, Swap, 2-opt* and 2-opt
/// moves, each priced in O(1) from the routes' caches where it changes two routes (PyVRP's `LocalSearch`).
/// A route remembers when it last changed and a client when it was last tested, so unchanged pairs are
/// not examined again.
final class LocalSearch {
    let problem: ProblemData
    let neighbours: [[Int32]]
    let dimensions: Int
    var evaluator: CostEvaluator
    /// Also move and swap pairs of consecutive clients (Exchange (2,0), (2,1), (2,2)). Off by default: on
    /// Solomon at 10 s the extra moves cost more iterations than they gain (mean +0.3 %, BENCHMARKS.md).
    var pairMoves = false
    var routes: [SearchRoute] = []
    var routeOf: [Int]
    var positionOf: [Int]
    private var lastTested: [Int]
    private var clock = 1
    private var emptyRoutes: [[Int]]
    // Per-location data in flat arrays for the hot loops.
    private let service: [Int], twEarly: [Int], twLate: [Int], demand: [Int], skills: [UInt64]
    private let vehicleTypes: [ProblemData.VehicleType]

    init(problem: ProblemData, neighbours: [[Int32]], evaluator: CostEvaluator) {
        self.problem = problem
        self.neighbours = neighbours
        self.evaluator = evaluator
        dimensions = problem.dimensions
        vehicleTypes = problem.vehicleTypes
        let n = problem.locationCount
        routeOf = [Int](repeating: -1, count: n)
        positionOf = [Int](repeating: -1, count: n)
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
        emptyRoutes = Array(repeating: [], count: problem.vehicleTypes.count)
        for (t, type) in problem.vehicleTypes.enumerated() {
            for _ in 0..<type.count {
                routes.append(SearchRoute(type: t, nodes: [type.startDepot, type.endDepot]))
                emptyRoutes[t].append(routes.count - 1)
            }
        }
        for r in routes.indices { rebuild(r) }
    }

    // MARK: - Loading and reading solutions

    /// Replaces the routes with `solution`'s (routes beyond a type's count are dropped to unassigned).
    func load(_ solution: Solution, pinned: [Int: Int] = [:]) {
        for r in routes.indices {
            routes[r].nodes = [routes[r].nodes[0], routes[r].nodes[routes[r].nodes.count - 1]]
            routes[r].pinned = 0
        }
        for l in routeOf.indices { routeOf[l] = -1; positionOf[l] = -1 }
        var nextOfType = [Int](repeating: 0, count: vehicleTypes.count)
        let firstOfType = vehicleTypes.indices.map { t in vehicleTypes[..<t].reduce(0) { $0 + $1.count } }
        for (k, route) in solution.routes.enumerated() where !route.visits.isEmpty {
            let t = route.vehicleType
            guard nextOfType[t] < vehicleTypes[t].count else { continue }
            let r = firstOfType[t] + nextOfType[t]
            nextOfType[t] += 1
            routes[r].nodes = [vehicleTypes[t].startDepot] + route.visits + [vehicleTypes[t].endDepot]
            routes[r].pinned = pinned[k] ?? 0
        }
        for r in routes.indices { rebuild(r) }
        resetEmptyRoutes()
    }

    /// The nodes of every route slot: a cheap copy to come back to.
    func snapshot() -> [[Int]] { routes.map(\.nodes) }

    /// Returns to a snapshot, rebuilding only the routes that differ from it (after a rejected
    /// perturbation that is a handful), so an iteration costs little more than its moves.
    func restore(_ snapshot: [[Int]]) {
        var changed: [Int] = []
        for r in routes.indices where routes[r].nodes != snapshot[r] {
            changed.append(r)
            for u in routes[r].nodes.dropFirst().dropLast() { routeOf[u] = -1; positionOf[u] = -1 }
        }
        for r in changed {
            routes[r].nodes = snapshot[r]
            rebuild(r)
        }
    }

    func solution() -> Solution {
        Solution(routes: routes.filter { !$0.isEmpty }.map { .init(vehicleType: $0.type, visits: Array($0.nodes[1..<($0.nodes.count - 1)])) })
    }

    var unassigned: [Int] { (problem.depotCount..<problem.locationCount).filter { routeOf[$0] < 0 } }

    /// Penalised cost of all routes plus prizes of unvisited optional clients; required clients left out
    /// cost a large penalty so that they are always reinserted.
    var penalisedCost: Int {
        var total = routes.reduce(0) { $0 + $1.cost }
        for l in problem.depotCount..<problem.locationCount where routeOf[l] < 0 {
            let c = problem.client(l)
            total += c.required ? 1 << 40 : c.prize
        }
        return total
    }

    var isLoadFeasible: Bool { routes.allSatisfy { excessLoad($0) == 0 } }
    var isTimeFeasible: Bool { routes.allSatisfy { $0.segment.totalTimeWarp(maxDuration: vehicleTypes[$0.type].maxDuration) == 0 } }
    var isFeasible: Bool { isLoadFeasible && isTimeFeasible && unassigned.allSatisfy { !problem.client($0).required } }

    /// Distance of all routes in problem units.
    var distance: Int { routes.reduce(0) { $0 + $1.distance } }

    func repriceAll() { for r in routes.indices { routes[r].cost = cost(of: routes[r]) } }

    // MARK: - Caches

    func rebuild(_ r: Int) {
        // Take the route out of the array so that its buffers are uniquely owned and refilled in place.
        let wasEmpty = routes[r].isEmpty
        var route = routes[r]
        routes[r] = placeholder
        let count = route.nodes.count
        let dims = dimensions
        route.cumulativeDistance.removeAll(keepingCapacity: true)
        route.loads.removeAll(keepingCapacity: true)
        route.before.removeAll(keepingCapacity: true)
        route.after.removeAll(keepingCapacity: true)
        route.nodes.withUnsafeBufferPointer { nodes in
            route.cumulativeDistance.append(0)
            for _ in 0..<dims { route.loads.append(0) }
            route.before.append(depotSegment(nodes[0], type: route.type, isStart: true))
            for i in 1..<count {
                route.cumulativeDistance.append(route.cumulativeDistance[i - 1] + problem.distances[nodes[i - 1], nodes[i]])
                for k in 0..<dims { route.loads.append(route.loads[(i - 1) * dims + k] + demand[nodes[i] * dims + k]) }
                let segment = i == count - 1 ? depotSegment(nodes[i], type: route.type, isStart: false) : single(nodes[i])
                route.before.append(DurationSegment.merge(route.before[i - 1], segment, edge: problem.durations[nodes[i - 1], nodes[i]]))
            }
            let end = depotSegment(nodes[count - 1], type: route.type, isStart: false)
            for _ in 0..<count { route.after.append(end) }
            for i in stride(from: count - 2, through: 0, by: -1) {
                let segment = i == 0 ? depotSegment(nodes[0], type: route.type, isStart: true) : single(nodes[i])
                route.after[i] = DurationSegment.merge(segment, route.after[i + 1], edge: problem.durations[nodes[i], nodes[i + 1]])
            }
            for i in 1..<(count - 1) { routeOf[nodes[i]] = r; positionOf[nodes[i]] = i }
        }
        clock += 1
        route.lastModified = clock
        route.cost = cost(of: route)
        routes[r] = route
        if route.isEmpty && !wasEmpty { emptyRoutes[route.type].append(r) }
    }

    private let placeholder = SearchRoute(type: 0, nodes: [])

    @inline(__always) private func single(_ l: Int) -> DurationSegment {
        DurationSegment(location: l, service: service[l], twEarly: twEarly[l], twLate: twLate[l])
    }

    private func depotSegment(_ depot: Int, type: Int, isStart: Bool) -> DurationSegment {
        let v = vehicleTypes[type]
        return DurationSegment(location: depot, service: 0, twEarly: max(twEarly[depot], v.shiftStart),
                               twLate: min(twLate[depot], v.shiftEnd))
    }

    private func excessLoad(_ route: SearchRoute) -> Int {
        let last = (route.nodes.count - 1) * dimensions
        var excess = 0
        for k in 0..<dimensions { excess += max(route.loads[last + k] - vehicleTypes[route.type].capacity[k], 0) }
        return excess
    }

    private func cost(of route: SearchRoute) -> Int {
        if route.isEmpty { return 0 }
        let v = vehicleTypes[route.type]
        return evaluator.penalised(distance: route.distance, duration: route.segment.duration, excessLoad: excessLoad(route),
                                   timeWarp: route.segment.totalTimeWarp(maxDuration: v.maxDuration), type: v) + v.fixedCost
    }

    /// Penalised cost of route `r` if it became `segment` with `distance` and loads `total + change`.
    @inline(__always)
    private func cost(route r: Int, distance: Int, segment: DurationSegment, loadChange: (Int) -> Int, empty: Bool) -> Int {
        if empty { return 0 }
        let route = routes[r]
        let v = vehicleTypes[route.type]
        let last = (route.nodes.count - 1) * dimensions
        var excess = 0
        for k in 0..<dimensions { excess += max(route.loads[last + k] + loadChange(k) - v.capacity[k], 0) }
        return evaluator.penalised(distance: distance, duration: segment.duration, excessLoad: excess,
                                   timeWarp: segment.totalTimeWarp(maxDuration: v.maxDuration), type: v) + v.fixedCost
    }

    /// Penalised cost of route `r`'s vehicle driving `nodes` (depots included): the O(length) fallback
    /// used for moves inside one route.
    private func cost(route r: Int, nodes: [Int]) -> Int {
        if nodes.count == 2 { return 0 }
        let route = routes[r]
        let v = vehicleTypes[route.type]
        var distance = 0
        var segment = depotSegment(nodes[0], type: route.type, isStart: true)
        for i in 1..<nodes.count {
            distance += problem.distances[nodes[i - 1], nodes[i]]
            let next = i == nodes.count - 1 ? depotSegment(nodes[i], type: route.type, isStart: false) : single(nodes[i])
            segment = DurationSegment.merge(segment, next, edge: problem.durations[nodes[i - 1], nodes[i]])
        }
        return evaluator.penalised(distance: distance, duration: segment.duration, excessLoad: excessLoad(route),
                                   timeWarp: segment.totalTimeWarp(maxDuration: v.maxDuration), type: v) + v.fixedCost
    }

    // MARK: - Search

    /// Runs moves until none improves. Only promising clients are examined (all when `promising` is nil):
    /// those perturbed, and those next to a change, as PyVRP does, so an iteration's work stays local.
    func search(random: inout SeededGenerator, promising: Set<Int>? = nil) {
        var order = Array(problem.depotCount..<problem.locationCount)
        order.shuffle(using: &random)
        var flags = [Bool](repeating: promising == nil, count: problem.locationCount)
        if let promising { for u in promising { flags[u] = true } }
        var improved = true
        while improved {
            improved = false
            for u in order where flags[u] {
                flags[u] = false
                let ru = routeOf[u]
                if ru < 0 { continue }
                let tested = lastTested[u]
                lastTested[u] = clock
                for v32 in neighbours[u] {
                    let v = Int(v32)
                    let rv = routeOf[v]
                    if rv < 0 { continue }
                    if max(routes[routeOf[u]].lastModified, routes[rv].lastModified) <= tested { continue }
                    if tryMoves(u, v) {
                        improved = true
                        markAround(u, &flags)
                        markAround(v, &flags)
                    }
                    if routeOf[u] < 0 { break }
                }
                // Opening a new route.
                if routeOf[u] >= 0, routes[routeOf[u]].clientCount > 1 {
                    for t in vehicleTypes.indices where vehicleTypes[t].canServe(skills[u]) {
                        if let empty = emptyRoute(ofType: t), relocate(u, afterPosition: 0, in: empty) {
                            improved = true
                            markAround(u, &flags)
                            break
                        }
                    }
                }
            }
        }
    }

    /// Marks a client and its route neighbours for another look.
    private func markAround(_ u: Int, _ flags: inout [Bool]) {
        flags[u] = true
        let r = routeOf[u]
        guard r >= 0 else { return }
        let nodes = routes[r].nodes, i = positionOf[u]
        if i > 1 { flags[nodes[i - 1]] = true }
        if i < nodes.count - 2 { flags[nodes[i + 1]] = true }
    }

    private func tryMoves(_ u: Int, _ v: Int) -> Bool {
        let rv = routeOf[v]
        let pv = positionOf[v]
        if relocate(u, afterPosition: pv, in: rv) { return true }
        if routeOf[u] != rv || positionOf[u] != pv - 1, relocate(u, afterPosition: pv - 1, in: rv) { return true }
        if pairMoves, exchange(u, length: 2, with: v, length: 0) { return true }
        if swap(u, v) { return true }
        if pairMoves, exchange(u, length: 2, with: v, length: 1) || exchange(u, length: 2, with: v, length: 2) { return true }
        if routeOf[u] != routeOf[v] {
            if swapTails(u, v) { return true }
        } else if twoOpt(u, v) {
            return true
        }
        return false
    }

    func emptyRoute(ofType t: Int) -> Int? {
        while let r = emptyRoutes[t].last {
            if routes[r].isEmpty { return r }
            emptyRoutes[t].removeLast()
        }
        return nil
    }

    private func resetEmptyRoutes() {
        for t in emptyRoutes.indices { emptyRoutes[t] = routes.indices.filter { routes[$0].type == t && routes[$0].isEmpty } }
    }

    @inline(__always) private func movable(_ u: Int) -> Bool { positionOf[u] > routes[routeOf[u]].pinned }

    /// Moves client `u` to just after position `j` of route `rv`, if that lowers the penalised cost.
    @discardableResult
    func relocate(_ u: Int, afterPosition j: Int, in rv: Int) -> Bool {
        let ru = routeOf[u], i = positionOf[u]
        guard movable(u), j >= routes[rv].pinned, vehicleTypes[routes[rv].type].canServe(skills[u]) else { return false }
        let d = problem.distances
        if ru != rv {
            let a = routes[ru], b = routes[rv]
            let p = a.nodes[i - 1], n = a.nodes[i + 1]
            let distanceA = a.distance - d[p, u] - d[u, n] + d[p, n]
            let segmentA = DurationSegment.merge(a.before[i - 1], a.after[i + 1], edge: problem.durations[p, n])
            let costA = cost(route: ru, distance: distanceA, segment: segmentA, loadChange: { -self.demand[u * self.dimensions + $0] },
                             empty: a.clientCount == 1)
            // A cheap bound first: the removal gain alone must beat the insertion's added distance.
            let w = b.nodes[j + 1], vNode = b.nodes[j]
            let distanceB = b.distance - d[vNode, w] + d[vNode, u] + d[u, w]
            let segmentB = DurationSegment.merge(DurationSegment.merge(b.before[j], single(u), edge: problem.durations[vNode, u]),
                                                 b.after[j + 1], edge: problem.durations[u, w])
            let costB = cost(route: rv, distance: distanceB, segment: segmentB, loadChange: { self.demand[u * self.dimensions + $0] }, empty: false)
            guard costA + costB < a.cost + b.cost else { return false }
            routes[ru].nodes.remove(at: i)
            routes[rv].nodes.insert(u, at: j + 1)
            rebuild(ru)
            rebuild(rv)
            return true
        }
        // Same route: compare whole node orders.
        if j == i || j == i - 1 { return false }
        var nodes = routes[ru].nodes
        nodes.remove(at: i)
        nodes.insert(u, at: j < i ? j + 1 : j)
        guard cost(route: ru, nodes: nodes) < routes[ru].cost else { return false }
        routes[ru].nodes = nodes
        rebuild(ru)
        return true
    }

    /// Exchanges clients `u` and `v`, if that lowers the penalised cost.
    func swap(_ u: Int, _ v: Int) -> Bool {
        let ru = routeOf[u], rv = routeOf[v]
        guard movable(u), movable(v) else { return false }
        let i = positionOf[u], j = positionOf[v]
        if ru == rv {
            var nodes = routes[ru].nodes
            nodes.swapAt(i, j)
            guard cost(route: ru, nodes: nodes) < routes[ru].cost else { return false }
            routes[ru].nodes = nodes
            rebuild(ru)
            return true
        }
        guard vehicleTypes[routes[rv].type].canServe(skills[u]), vehicleTypes[routes[ru].type].canServe(skills[v]) else { return false }
        let d = problem.distances, t = problem.durations
        let a = routes[ru], b = routes[rv]
        let pu = a.nodes[i - 1], nu = a.nodes[i + 1], pv = b.nodes[j - 1], nv = b.nodes[j + 1]
        let distanceA = a.distance - d[pu, u] - d[u, nu] + d[pu, v] + d[v, nu]
        let distanceB = b.distance - d[pv, v] - d[v, nv] + d[pv, u] + d[u, nv]
        let segmentA = DurationSegment.merge(DurationSegment.merge(a.before[i - 1], single(v), edge: t[pu, v]), a.after[i + 1], edge: t[v, nu])
        let segmentB = DurationSegment.merge(DurationSegment.merge(b.before[j - 1], single(u), edge: t[pv, u]), b.after[j + 1], edge: t[u, nv])
        let dims = dimensions
        let costA = cost(route: ru, distance: distanceA, segment: segmentA, loadChange: { self.demand[v * dims + $0] - self.demand[u * dims + $0] }, empty: false)
        let costB = cost(route: rv, distance: distanceB, segment: segmentB, loadChange: { self.demand[u * dims + $0] - self.demand[v * dims + $0] }, empty: false)
        guard costA + costB < a.cost + b.cost else { return false }
        routes[ru].nodes[i] = v
        routes[rv].nodes[j] = u
        rebuild(ru)
        rebuild(rv)
        return true
    }

    /// Moves the `n` clients starting at `u` to where the `m` clients starting at `v` are, and those to
    /// where `u`'s were (m = 0: the n clients go just after `v`). Between routes the move is priced in O(1)
    /// from the caches; inside a route by rebuilding the node order.
    func exchange(_ u: Int, length n: Int, with v: Int, length m: Int) -> Bool {
        let ru = routeOf[u], rv = routeOf[v]
        let i = positionOf[u], j = positionOf[v]
        let a = routes[ru], b = routes[rv]
        // Both stretches must be clients, unpinned, and not overlap.
        guard i > a.pinned, i + n - 1 <= a.nodes.count - 2 else { return false }
        if m > 0 { guard j > b.pinned, j + m - 1 <= b.nodes.count - 2 else { return false } } else { guard j >= b.pinned else { return false } }
        if ru == rv {
            if m == 0 {
                // Inserting right before or inside its own stretch changes nothing.
                guard j < i - 1 || j >= i + n else { return false }
            } else {
                guard i + n <= j || j + m <= i else { return false }
            }
            var nodes = a.nodes
            let chunkU = Array(nodes[i..<(i + n)])
            if m == 0 {
                nodes.removeSubrange(i..<(i + n))
                let insertAt = j < i ? j + 1 : j + 1 - n
                nodes.insert(contentsOf: chunkU, at: insertAt)
            } else {
                let chunkV = Array(nodes[j..<(j + m)])
                if i < j {
                    nodes.replaceSubrange(j..<(j + m), with: chunkU)
                    nodes.replaceSubrange(i..<(i + n), with: chunkV)
                } else {
                    nodes.replaceSubrange(i..<(i + n), with: chunkV)
                    nodes.replaceSubrange(j..<(j + m), with: chunkU)
                }
            }
            guard cost(route: ru, nodes: nodes) < a.cost else { return false }
            routes[ru].nodes = nodes
            rebuild(ru)
            return true
        }
        let typeA = vehicleTypes[a.type], typeB = vehicleTypes[b.type]
        for k in 0..<n where !typeB.canServe(skills[a.nodes[i + k]]) { return false }
        for k in 0..<m where !typeA.canServe(skills[b.nodes[j + k]]) { return false }
        let d = problem.distances, t = problem.durations
        let dims = dimensions
        // Stretches as segments, with their inner distance and load.
        func stretch(_ r: SearchRoute, _ start: Int, _ count: Int) -> (DurationSegment, Int) {
            var segment = single(r.nodes[start])
            for k in 1..<max(count, 1) where count > 1 {
                segment = DurationSegment.merge(segment, single(r.nodes[start + k]), edge: t[r.nodes[start + k - 1], r.nodes[start + k]])
            }
            return (segment, r.cumulativeDistance[start + count - 1] - r.cumulativeDistance[start])
        }
        let (segU, innerU) = stretch(a, i, n)
        let firstU = a.nodes[i], lastU = a.nodes[i + n - 1]
        let pa = a.nodes[i - 1], na = a.nodes[i + n]
        var distanceA: Int, segmentA: DurationSegment
        var distanceB: Int, segmentB: DurationSegment
        if m == 0 {
            distanceA = a.distance - d[pa, firstU] - innerU - d[lastU, na] + d[pa, na]
            segmentA = DurationSegment.merge(a.before[i - 1], a.after[i + n], edge: t[pa, na])
            let vNode = b.nodes[j], w = b.nodes[j + 1]
            distanceB = b.distance - d[vNode, w] + d[vNode, firstU] + innerU + d[lastU, w]
            segmentB = DurationSegment.merge(DurationSegment.merge(b.before[j], segU, edge: t[vNode, firstU]), b.after[j + 1], edge: t[lastU, w])
        } else {
            let (segV, innerV) = stretch(b, j, m)
            let firstV = b.nodes[j], lastV = b.nodes[j + m - 1]
            let pb = b.nodes[j - 1], nb = b.nodes[j + m]
            distanceA = a.distance - d[pa, firstU] - innerU - d[lastU, na] + d[pa, firstV] + innerV + d[lastV, na]
            segmentA = DurationSegment.merge(DurationSegment.merge(a.before[i - 1], segV, edge: t[pa, firstV]), a.after[i + n], edge: t[lastV, na])
            distanceB = b.distance - d[pb, firstV] - innerV - d[lastV, nb] + d[pb, firstU] + innerU + d[lastU, nb]
            segmentB = DurationSegment.merge(DurationSegment.merge(b.before[j - 1], segU, edge: t[pb, firstU]), b.after[j + m], edge: t[lastU, nb])
        }
        let loadU: (Int) -> Int = { k in a.loads[(i + n - 1) * dims + k] - a.loads[(i - 1) * dims + k] }
        let loadV: (Int) -> Int = { k in m == 0 ? 0 : b.loads[(j + m - 1) * dims + k] - b.loads[(j - 1) * dims + k] }
        let costA = cost(route: ru, distance: distanceA, segment: segmentA, loadChange: { loadV($0) - loadU($0) },
                         empty: m == 0 && a.clientCount == n)
        let costB = cost(route: rv, distance: distanceB, segment: segmentB, loadChange: { loadU($0) - loadV($0) }, empty: false)
        guard costA + costB < a.cost + b.cost else { return false }
        let chunkU = Array(a.nodes[i..<(i + n)])
        let chunkV = m > 0 ? Array(b.nodes[j..<(j + m)]) : []
        routes[ru].nodes.replaceSubrange(i..<(i + n), with: chunkV)
        if m == 0 { routes[rv].nodes.insert(contentsOf: chunkU, at: j + 1) } else { routes[rv].nodes.replaceSubrange(j..<(j + m), with: chunkU) }
        rebuild(ru)
        rebuild(rv)
        return true
    }

    /// 2-opt* between routes: `u`'s route keeps its head up to `u` and takes the tail after `v`, and the other
    /// way round.
    func swapTails(_ u: Int, _ v: Int) -> Bool {
        let ru = routeOf[u], rv = routeOf[v]
        let a = routes[ru], b = routes[rv]
        guard ru != rv, vehicleTypes[a.type].endDepot == vehicleTypes[b.type].endDepot else { return false }
        let i = positionOf[u], j = positionOf[v]
        guard i >= a.pinned, j >= b.pinned else { return false }
        // Tails change vehicles: check skills only when the fleet has them.
        if vehicleTypes[a.type].skills != vehicleTypes[b.type].skills {
            for k in (j + 1)..<(b.nodes.count - 1) where !vehicleTypes[a.type].canServe(skills[b.nodes[k]]) { return false }
            for k in (i + 1)..<(a.nodes.count - 1) where !vehicleTypes[b.type].canServe(skills[a.nodes[k]]) { return false }
        }
        let d = problem.distances, t = problem.durations
        let na = a.nodes[i + 1], nb = b.nodes[j + 1]
        let distanceA = a.cumulativeDistance[i] + d[u, nb] + (b.distance - b.cumulativeDistance[j + 1])
        let distanceB = b.cumulativeDistance[j] + d[v, na] + (a.distance - a.cumulativeDistance[i + 1])
        let segmentA = DurationSegment.merge(a.before[i], b.after[j + 1], edge: t[u, nb])
        let segmentB = DurationSegment.merge(b.before[j], a.after[i + 1], edge: t[v, na])
        let dims = dimensions
        let lastA = (a.nodes.count - 1) * dims, lastB = (b.nodes.count - 1) * dims
        // New load of A = head of A + tail of B, expressed as a change to A's total.
        let costA = cost(route: ru, distance: distanceA, segment: segmentA, loadChange: { k in
            (b.loads[lastB + k] - b.loads[j * dims + k]) - (a.loads[lastA + k] - a.loads[i * dims + k])
        }, empty: i == 0 && j + 1 == b.nodes.count - 1)
        let costB = cost(route: rv, distance: distanceB, segment: segmentB, loadChange: { k in
            (a.loads[lastA + k] - a.loads[i * dims + k]) - (b.loads[lastB + k] - b.loads[j * dims + k])
        }, empty: j == 0 && i + 1 == a.nodes.count - 1)
        guard costA + costB < a.cost + b.cost else { return false }
        let tailA = Array(a.nodes[(i + 1)...]), tailB = Array(b.nodes[(j + 1)...])
        routes[ru].nodes = Array(a.nodes[...i]) + tailB
        routes[rv].nodes = Array(b.nodes[...j]) + tailA
        rebuild(ru)
        rebuild(rv)
        return true
    }

    /// 2-opt inside a route: reverses the stretch after `u` up to `v` (or after `v` up to `u`).
    func twoOpt(_ u: Int, _ v: Int) -> Bool {
        let r = routeOf[u]
        var i = positionOf[u], j = positionOf[v]
        if i > j { Swift.swap(&i, &j) }
        guard j - i >= 2, i >= routes[r].pinned else { return false }
        var nodes = routes[r].nodes
        nodes[(i + 1)...j].reverse()
        guard cost(route: r, nodes: nodes) < routes[r].cost else { return false }
        routes[r].nodes = nodes
        rebuild(r)
        return true
    }

    // MARK: - Insertion and removal

    /// Inserts unassigned client `u` where it adds the least penalised cost: next to one of its neighbours,
    /// or alone in an empty route. Optional clients stay out when their prize does not pay for the detour.
    func insert(_ u: Int) {
        var bestDelta = Int.max, bestRoute = -1, bestPosition = 0
        func consider(_ r: Int, _ j: Int) {
            let b = routes[r]
            guard j >= b.pinned, j < b.nodes.count - 1, vehicleTypes[b.type].canServe(skills[u]) else { return }
            let vNode = b.nodes[j], w = b.nodes[j + 1]
            let distance = b.distance - problem.distances[vNode, w] + problem.distances[vNode, u] + problem.distances[u, w]
            let segment = DurationSegment.merge(DurationSegment.merge(b.before[j], single(u), edge: problem.durations[vNode, u]),
                                                b.after[j + 1], edge: problem.durations[u, w])
            let delta = cost(route: r, distance: distance, segment: segment, loadChange: { self.demand[u * self.dimensions + $0] }, empty: false) - b.cost
            if delta < bestDelta { bestDelta = delta; bestRoute = r; bestPosition = j }
        }
        for v32 in neighbours[u] {
            let v = Int(v32)
            guard routeOf[v] >= 0 else { continue }
            consider(routeOf[v], positionOf[v])
            consider(routeOf[v], positionOf[v] - 1)
        }
        for t in vehicleTypes.indices { if let r = emptyRoute(ofType: t) { consider(r, 0) } }
        if bestRoute < 0 {
            // No neighbour placed yet and no empty vehicle: try every position.
            for r in routes.indices { for j in 0..<(routes[r].nodes.count - 1) { consider(r, j) } }
        }
        guard bestRoute >= 0 else { return }
        let client = problem.client(u)
        if !client.required && bestDelta >= client.prize { return }
        routes[bestRoute].nodes.insert(u, at: bestPosition + 1)
        rebuild(bestRoute)
    }

    /// Takes client `u` out of its route (for perturbation); pinned clients stay.
    func remove(_ u: Int) {
        let r = routeOf[u]
        guard r >= 0, movable(u) else { return }
        routes[r].nodes.remove(at: positionOf[u])
        routeOf[u] = -1
        positionOf[u] = -1
        rebuild(r)
    }
}
