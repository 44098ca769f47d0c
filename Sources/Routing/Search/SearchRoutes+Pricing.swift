/// Pricing a `Proposal` from the caches: distance and load first, in O(1), as a lower bound that rejects
/// most moves; then the timing, in O(1) for pieces cut from the caches and O(length) only for stretches
/// moved inside a route.
extension SearchRoutes {
    @inline(__always) func firstNode(_ p: Piece) -> Int {
        switch p.kind {
        case .head: startNode(routeOf[p.a])
        case .reversed: p.b
        case .tail, .stretch, .single: p.a
        }
    }

    @inline(__always) func lastNode(_ p: Piece) -> Int {
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
        case .reversed: return symmetric ? cumulativeDistance[p.b] - cumulativeDistance[p.a] : reverseDistance[p.b] - reverseDistance[p.a]
        }
    }

    /// Travel and service time inside a piece, waits left out.
    @inline(__always) private func innerDuration(_ p: Piece) -> Int {
        switch p.kind {
        case .head: return cumulativeDuration[p.a]
        case .tail: return cumulativeDuration[endNode(routeOf[p.a])] - cumulativeDuration[p.a] + service[location[p.a]]
        case .stretch: return cumulativeDuration[p.b] - cumulativeDuration[p.a] + service[location[p.a]]
        case .single: return service[location[p.a]]
        case .reversed: return (symmetricDurations ? cumulativeDuration[p.b] - cumulativeDuration[p.a] : reverseDuration[p.b] - reverseDuration[p.a])
            + service[location[p.a]]
        }
    }

    /// A proposal's distance and its travel and service time: no timing of it is shorter
    /// (waits only add), so its cost at the vehicle's price per second, and any excess over the longest shift,
    /// bound the priced route from below. One pass, as both read the same joints.
    @inline(__always) private func distanceAndDuration(_ p: Proposal) -> (distance: Int, duration: Int) {
        var distance = innerDistance(p[0]), duration = innerDuration(p[0])
        for i in 1..<p.count {
            let from = lastNode(p[i - 1]), to = firstNode(p[i])
            if matrixSize > 0 {
                let index = location[from] * matrixSize + location[to]
                distance += distanceValues[index]
                duration += durationValues[index]
            } else {
                distance += d(from, to)
                duration += t(from, to)
            }
            distance += innerDistance(p[i])
            duration += innerDuration(p[i])
        }
        return (distance, duration)
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

    @inline(__always) private func excessLoad(_ p: Proposal, route r: Int) -> Int {
        var excess = 0
        for k in 0..<dimensions {
            var total = 0
            for i in 0..<p.count { total += load(p[i], k) }
            excess += max(total - capacity[r * dimensions + k], 0)
        }
        return excess
    }

    /// Whether a proposal visits a charging station, from the caches in O(pieces) (a stretch's count is a
    /// difference of cumulative counts whichever way it is driven).
    @inline(__always) private func visitsStation(_ p: Proposal) -> Bool {
        for i in 0..<p.count {
            let piece = p[i]
            switch piece.kind {
            case .single: if isStation(piece.a) { return true }
            case .head: if cumulativeStations[piece.a] > 0 { return true }
            case .tail: if cumulativeStations[endNode(routeOf[piece.a])] - cumulativeStations[piece.a] > 0 || isStation(piece.a) { return true }
            case .stretch, .reversed: if cumulativeStations[piece.b] - cumulativeStations[piece.a] > 0 || isStation(piece.a) { return true }
            }
        }
        return false
    }

    /// A proposed route's timing, charging points visited as plain stops (their parking as their service).
    @inline(__always) func segment(_ p: Proposal) -> DurationSegment {
        var result = segment(p[0])
        for i in 1..<p.count { result = DurationSegment.merge(result, segment(p[i]), edge: t(lastNode(p[i - 1]), firstNode(p[i]))) }
        return result
    }

    /// The range a piece needs between charging points, for a vehicle of range `range`: from the charging
    /// caches when the piece's route has that range, walked otherwise.
    @inline(__always) private func rangeSegment(_ p: Piece, range: Int) -> RangeSegment {
        switch p.kind {
        case .single: return rangeSingle(p.a)
        case .head:
            let r = routeOf[p.a]
            return terms[r].maxDistance == range ? chargingBefore[p.a].range : walkRange(from: startNode(r), to: p.a, along: following, range: range)
        case .tail:
            let r = routeOf[p.a]
            return terms[r].maxDistance == range ? chargingAfter[p.a].range : walkRange(from: p.a, to: endNode(r), along: following, range: range)
        case .stretch: return walkRange(from: p.a, to: p.b, along: following, range: range)
        case .reversed: return walkRange(from: p.b, to: p.a, along: previous, range: range)
        }
    }

    @inline(__always) private func walkRange(from start: Int, to end: Int, along step: UnsafeMutablePointer<Int>, range: Int) -> RangeSegment {
        var result = rangeSingle(start), node = start
        while node != end {
            let next = step[node]
            result = RangeSegment.merge(result, rangeSingle(next), edge: d(node, next), range: range)
            node = next
        }
        return result
    }

    /// A piece's timing with charging for route slot r's vehicle: from the caches when the piece's route has
    /// the same range and charging rate, walked otherwise.
    @inline(__always) private func chargingSegment(_ p: Piece, route r: Int) -> ChargingSegment {
        switch p.kind {
        case .single: return chargingSingle(p.a)
        case .head:
            let own = routeOf[p.a]
            if terms[own].maxDistance == terms[r].maxDistance && terms[own].chargeRate == terms[r].chargeRate { return chargingBefore[p.a] }
            return walkCharging(from: startNode(own), to: p.a, along: following, route: r)
        case .tail:
            let own = routeOf[p.a]
            if terms[own].maxDistance == terms[r].maxDistance && terms[own].chargeRate == terms[r].chargeRate { return chargingAfter[p.a] }
            return walkCharging(from: p.a, to: endNode(own), along: following, route: r)
        case .stretch: return walkCharging(from: p.a, to: p.b, along: following, route: r)
        case .reversed: return walkCharging(from: p.b, to: p.a, along: previous, route: r)
        }
    }

    /// Visits from `start` to `end` for route slot r's vehicle; only the ends may be depots, whose single
    /// visits (with their vehicle's shift) the caches hold.
    @inline(__always) private func walkCharging(from start: Int, to end: Int, along step: UnsafeMutablePointer<Int>, route r: Int) -> ChargingSegment {
        var result = isClient(start) ? chargingSingle(start) : chargingBefore[start], node = start
        while node != end {
            let next = step[node]
            result = merge(result, isClient(next) ? chargingSingle(next) : chargingAfter[next], from: node, to: next, route: r)
            node = next
        }
        return result
    }

    /// A proposed route's timing with charging.
    @inline(__always) func chargingTiming(_ p: Proposal, route r: Int) -> DurationSegment {
        var result = chargingSegment(p[0], route: r)
        for i in 1..<p.count { result = merge(result, chargingSegment(p[i], route: r), from: lastNode(p[i - 1]), to: firstNode(p[i]), route: r) }
        return result.route
    }

    /// Distance driven beyond the vehicle's range, between charging points when it visits any.
    @inline(__always) private func excessDistance(_ p: Proposal, distance: Int, route r: Int, stations: Bool) -> Int {
        let range = terms[r].maxDistance
        guard stations else { return max(distance - range, 0) }
        var result = rangeSegment(p[0], range: range)
        for i in 1..<p.count {
            result = RangeSegment.merge(result, rangeSegment(p[i], range: range), edge: d(lastNode(p[i - 1]), firstNode(p[i])), range: range)
        }
        return result.excess
    }

    /// What `lowerBound` found out about a proposed route: the bound, and the parts `cost` reuses.
    struct Bound {
        var bound: Int
        var distance: Int
        var excessLoad: Int
        var excessDistance: Int
        /// Whether the route as proposed visits a charging station (else it is timed without charging).
        var stations: Bool
    }

    /// What a route would cost as proposed, at least, without its timing: distance, load and range penalties
    /// and fixed cost, and when time has a price or a limit, its travel and service time (`distanceAndDuration`).
    /// Never more than `cost`, so a move it rejects is one `cost` would reject too: the bound changes no
    /// search's path, only how soon it prices a move out.
    @inline(__always) func lowerBound(_ p: Proposal, route r: Int) -> Bound {
        if isEmpty(p) { return Bound(bound: 0, distance: 0, excessLoad: 0, excessDistance: 0, stations: false) }
        if terms[r].timed { return timedBound(p, route: r) }
        let v = terms[r], stations = hasChargers && visitsStation(p)
        // The distance loop written out: as a called function (even `@inline(__always)`) it was compiled out of
        // line once `timedBound` existed, and Solomon's instances ran a fifth fewer iterations.
        var distance = innerDistance(p[0])
        for i in 1..<p.count { distance += d(lastNode(p[i - 1]), firstNode(p[i])) + innerDistance(p[i]) }
        let excess = excessLoad(p, route: r), overrun = excessDistance(p, distance: distance, route: r, stations: stations)
        return Bound(bound: distance * v.unitDistanceCost + excess * evaluator.loadPenalty + overrun * evaluator.distancePenalty + v.fixedCost,
                     distance: distance, excessLoad: excess, excessDistance: overrun, stations: stations)
    }

    /// `lowerBound` with the travel and service time priced (kept out of line: see `lowerBound`).
    @inline(never) private func timedBound(_ p: Proposal, route r: Int) -> Bound {
        let v = terms[r], stations = hasChargers && visitsStation(p)
        let (distance, duration) = distanceAndDuration(p)
        let excess = excessLoad(p, route: r), overrun = excessDistance(p, distance: distance, route: r, stations: stations)
        let bound = distance * v.unitDistanceCost + excess * evaluator.loadPenalty + overrun * evaluator.distancePenalty + v.fixedCost
            + duration * v.unitDurationCost + max(duration - v.maxDuration, 0) * evaluator.timeWarpPenalty
        return Bound(bound: bound, distance: distance, excessLoad: excess, excessDistance: overrun, stations: stations)
    }

    /// What a route would cost as proposed, given what `lowerBound` found.
    @inline(__always) func cost(_ p: Proposal, route r: Int, given b: Bound) -> Int {
        if isEmpty(p) { return 0 }
        // The charging merge, a third of a city plan's search when stations are in reach, is left to routes
        // that need it.
        let v = terms[r], segment = b.stations && v.needsCharge(distance: b.distance) ? chargingTiming(p, route: r) : segment(p)
        return evaluator.penalised(distance: b.distance, duration: segment.duration, excessLoad: b.excessLoad,
                                   timeWarp: segment.totalTimeWarp(maxDuration: v.maxDuration), excessDistance: b.excessDistance, vehicle: v)
    }

    /// What route `r` as proposed saves, 0 when it does not cost less than now; with `applying`, a saving
    /// proposal also replaces the route. (Moves price and apply through one call so that each states its
    /// proposal once; returning the proposals instead would copy them on every evaluation.)
    @inline(__always) func saving(_ r: Int, _ p: Proposal, applying: Bool) -> Int {
        let b = lowerBound(p, route: r)
        guard b.bound < routeCost[r] else { return 0 }
        let cost = cost(p, route: r, given: b)
        guard cost < routeCost[r] else { return 0 }
        let saving = routeCost[r] - cost
        if applying { replace(r, with: clients(p)) }
        return saving
    }

    /// What routes `ra` and `rb` as proposed save together, 0 when they do not cost less than now; with
    /// `applying`, saving proposals also replace the routes.
    @inline(__always) func saving(_ ra: Int, _ pa: Proposal, _ rb: Int, _ pb: Proposal, applying: Bool) -> Int {
        let current = routeCost[ra] + routeCost[rb]
        let a = lowerBound(pa, route: ra), b = lowerBound(pb, route: rb)
        guard a.bound + b.bound < current else { return 0 }
        let cost = cost(pa, route: ra, given: a) + cost(pb, route: rb, given: b)
        guard cost < current else { return 0 }
        if applying {
            // Both proposals read the current routes: list both before changing either.
            let first = clients(pa), second = clients(pb)
            replace(ra, with: first)
            replace(rb, with: second)
        }
        return current - cost
    }

    /// The clients a proposal visits, in order.
    func clients(_ p: Proposal) -> [Int] {
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
}
