/// Decides whether a van can drive a fixed route of an E-VRPTW instance (customers and station visits in
/// order, from the depot back to it) and how: when it arrives, how much it charges at each station visit
/// (charging early where a later wait absorbs the time is found when it is what meets a window), its energy
/// and distance. Exact up to `ChargingFrontier.tolerance`; written apart from any search, so it also checks
/// others' solutions (the best known ones among them).
public struct ElectricRouteEvaluator: Sendable {
    public let instance: EVRPTWInstance

    public init(instance: EVRPTWInstance) { self.instance = instance }

    public struct ChargingStop: Sendable, Equatable {
        /// Position in the route (0 = the first visit after the depot).
        public var position: Int
        public var location: Int
        public var arrival: Double
        public var energy: Double
        public var duration: Double
    }

    public struct Evaluation: Sendable {
        /// Empty when the route can be driven.
        public var violations: [String]
        public var distance: Double
        /// Energy the route uses (`energyPerDistance` × distance).
        public var energy: Double
        public var load: Double
        /// Back at the depot as early as it can be (nil when infeasible).
        public var returnTime: Double?
        /// How much the van charges at each station visit, in the plan that returns earliest.
        public var charging: [ChargingStop]
        public var isFeasible: Bool { violations.isEmpty }
    }

    public func evaluate(_ route: [Int]) -> Evaluation {
        let pass = forward(route, detailed: true)
        let energy = pass.distance * instance.energyPerDistance
        guard pass.violations.isEmpty, let back = pass.returnTime else {
            return Evaluation(violations: pass.violations.isEmpty ? ["infeasible"] : pass.violations, distance: pass.distance, energy: energy,
                              load: pass.load, returnTime: nil, charging: [])
        }
        return Evaluation(violations: [], distance: pass.distance, energy: energy, load: pass.load, returnTime: back,
                          charging: chargingPlan([instance.depot] + route + [instance.depot], frontiers: pass.frontiers, returnTime: back))
    }

    /// When the van is back at the depot at the earliest, or nil when it cannot drive `route`: `evaluate`
    /// without the charging plan (for a search that asks often).
    public func returnTime(_ route: [Int]) -> Double? {
        let pass = forward(route, detailed: false)
        return pass.violations.isEmpty ? pass.returnTime : nil
    }

    /// The forward pass: what is violated (in words when `detailed`), the frontier on leaving each point of the
    /// path (kept when `detailed`), and the earliest return.
    private func forward(_ route: [Int], detailed: Bool)
        -> (violations: [String], distance: Double, load: Double, frontiers: [ChargingFrontier], returnTime: Double?) {
        var violations: [String] = []
        // The search only asks whether: words are for the reports.
        func fail(_ message: @autoclosure () -> String) { violations.append(detailed ? message() : "") }
        let depot = instance.locations[instance.depot]
        let path = [instance.depot] + route + [instance.depot]
        var distance = 0.0
        for i in 1..<path.count { distance += instance.distance(path[i - 1], path[i]) }
        let load = route.reduce(0.0) { $0 + instance.locations[$1].demand }
        if load > instance.capacity + ChargingFrontier.tolerance { fail("load \(load) exceeds the capacity \(instance.capacity)") }
        for v in route where v == instance.depot || !instance.locations.indices.contains(v) { fail("\(v) is not a customer or a station") }
        guard violations.isEmpty else { return (violations, distance, load, [], nil) }

        // Forward: the frontier on leaving each point of the path.
        var frontier = ChargingFrontier(full: instance.battery, from: depot.ready)
        var frontiers = [frontier]
        for i in 1..<path.count {
            let leg = instance.distance(path[i - 1], path[i])
            frontier.travel(time: leg / instance.speed, energy: leg * instance.energyPerDistance)
            let here = instance.locations[path[i]]
            if frontier.isEmpty {
                fail("runs out of energy before \(here.id)")
                break
            }
            switch here.kind {
            case .customer:
                frontier.visit(ready: here.ready, due: here.due, service: here.service)
                if frontier.isEmpty { fail("reaches \(here.id) after its window closes at \(here.due)") }
            case .station:
                frontier.visit(ready: here.ready, due: here.due, service: here.service)
                frontier.charge(timePerEnergy: instance.chargeTimePerEnergy, battery: instance.battery)
                if frontier.isEmpty { fail("reaches station \(here.id) after it closes") }
            case .depot:
                if let back = frontier.earliest, back > here.due + ChargingFrontier.tolerance {
                    fail("returns at \(back), after the depot closes at \(here.due)")
                }
            }
            if frontier.isEmpty { break }
            if detailed { frontiers.append(frontier) }
        }
        return (violations, distance, load, frontiers, violations.isEmpty ? frontier.earliest : nil)
    }

    /// Backward through the frontiers from the earliest return: where the van is and what it needs on leaving
    /// each point, and at each station the arrival that lets it charge the least.
    private func chargingPlan(_ path: [Int], frontiers: [ChargingFrontier], returnTime: Double) -> [ChargingStop] {
        var stops: [ChargingStop] = []
        var leave = returnTime, need = 0.0
        for i in stride(from: path.count - 1, through: 1, by: -1) {
            let here = instance.locations[path[i]]
            let leg = instance.distance(path[i - 1], path[i])
            let travel = leg / instance.speed, used = leg * instance.energyPerDistance
            let before = frontiers[i - 1]
            var arrival: Double
            switch here.kind {
            case .depot:
                arrival = leave
            case .customer:
                // As late as the window and the departure allow: the van waits where it was, keeping its charge.
                arrival = min(leave - here.service, here.due)
            case .station:
                // The arrival a ≤ leave that leaves the most after charging until `leave`, among arrivals the
                // van can make without running flat on the way: the optimum is at a breakpoint of the frontier
                // before, or at the earliest departure that still has the leg's energy.
                let g = instance.chargeTimePerEnergy
                var candidates = before.points.map { $0.time + travel }.filter { $0 <= leave }
                if let first = before.earliest(reaching: used), first + travel <= leave { candidates.append(first + travel) }
                candidates.append(leave)
                var best = (arrival: leave, value: -Double.greatestFiniteMagnitude)
                for a in candidates {
                    guard let onArrival = before.energy(at: a - travel).map({ $0 - used }), onArrival >= -ChargingFrontier.tolerance else { continue }
                    let value = onArrival + (leave - a) / g
                    if value > best.value + 1e-12 || (abs(value - best.value) <= 1e-12 && a > best.arrival) { best = (a, value) }
                }
                arrival = best.arrival
                let onArrival = (before.energy(at: arrival - travel) ?? 0) - used
                let amount = max(0, min(instance.battery, need) - onArrival)
                if amount > ChargingFrontier.tolerance {
                    stops.append(ChargingStop(position: i - 1, location: path[i], arrival: arrival, energy: amount, duration: amount * g))
                }
                need = onArrival
            }
            if here.kind == .customer { need = max(need, 0) }
            leave = arrival - travel
            need += used
        }
        return stops.reversed()
    }
}
