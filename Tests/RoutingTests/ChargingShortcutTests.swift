import SolverSupport
import Testing
@testable import Routing

/// A route that stays within its range on the charge it leaves the depot with needs no charge anywhere: the
/// search times it as plain stops (`cost`, `routeTiming`) and merges charging segments only for routes that
/// need them.
@Suite("charging stops within range")
struct ChargingShortcutTests {
    @Test("within range, the charging timing of one station is the plain timing, and of several never less",
          arguments: [(UInt64(1), 1_500), (2, 1_500), (1, 1_000_000), (3, 1_000_000)])
    func plainWithinRange(run: (seed: UInt64, range: Int)) {
        var problem = LowerBoundTests.problem(seed: run.seed, electric: true)
        problem.vehicleTypes[0].maxDistance = run.range
        var (routes, random) = LowerBoundTests.fiveRoutes(problem, seed: run.seed)
        func nodes(_ r: Int) -> [Int] {
            var result = [routes.startNode(r)], node = routes.startNode(r)
            while node != routes.endNode(r) { node = routes.following[node]; result.append(node) }
            return result
        }
        func stations(_ path: [Int]) -> Int {
            path.filter { $0 >= problem.depotCount && $0 < problem.locationCount && problem.clients[$0 - problem.depotCount].recharges }.count
        }
        var one = 0, several = 0, beyond = 0
        for _ in 0..<2_000 {
            let r = Int.random(in: 0..<5, using: &random), other = (r + Int.random(in: 1..<5, using: &random)) % 5
            let own = nodes(r), far = nodes(other)
            let i = Int.random(in: 0..<(own.count - 2), using: &random), j = Int.random(in: (i + 1)..<(own.count - 1), using: &random)
            let ia = Int.random(in: 1..<(far.count - 1), using: &random), ib = Int.random(in: ia..<(far.count - 1), using: &random)
            let (x, y, a, b) = (own[i], own[j], far[ia], far[ib])
            let proposals: [(Proposal, [Int])] = [
                (Proposal(.head(x), .stretch(a, b), .tail(y)), Array(own[...i]) + Array(far[ia...ib]) + Array(own[j...])),
                (Proposal(.head(x), .single(a), .tail(routes.following[x])), Array(own[...i]) + [a] + Array(own[(i + 1)...])),
            ]
            for (p, path) in proposals {
                let bound = routes.lowerBound(p, route: r)
                guard bound.stations else { continue }
                let plain = routes.segment(p), charged = routes.chargingTiming(p, route: r)
                func priced(_ timing: DurationSegment) -> Int {
                    routes.evaluator.penalised(distance: bound.distance, duration: timing.duration, excessLoad: bound.excessLoad,
                                               timeWarp: timing.totalTimeWarp(maxDuration: problem.vehicleTypes[0].maxDuration),
                                               excessDistance: bound.excessDistance, vehicle: routes.terms[r])
                }
                guard bound.distance <= run.range else {
                    // Beyond range the search prices the charging timing.
                    #expect(routes.cost(p, route: r, given: bound) == priced(charged))
                    beyond += 1
                    continue
                }
                if stations(path) == 1 {
                    #expect(charged.duration == plain.duration && charged.timeWarp == plain.timeWarp, "one station within range charges nothing")
                    one += 1
                } else {
                    #expect((charged.timeWarp, charged.duration) >= (plain.timeWarp, plain.duration), "charging never saves time")
                    several += 1
                }
                // What the search prices: the plain timing.
                #expect(routes.cost(p, route: r, given: bound) == priced(plain))
            }
        }
        if run.range > 100_000 {
            #expect(one > 100 && several > 100 && beyond == 0, "one station: \(one), several: \(several), beyond range: \(beyond)")
        } else {
            #expect(beyond > 100 && one + several > 0, "one station: \(one), several: \(several), beyond range: \(beyond)")
        }
    }
}
