/// One stop of an electric route as a plan states it: where, and how much energy the van takes there
/// (stations only).
public struct ElectricVisit: Sendable, Equatable, Codable {
    public var location: Int
    public var charge: Double

    public init(location: Int, charge: Double = 0) {
        self.location = location
        self.charge = charge
    }
}

/// Checks electric routes from first principles, apart from `ElectricRouteEvaluator` (which searches for the
/// charge amounts along a frontier): the van leaves the depot full at its opening, drives each leg as soon as
/// it can, takes exactly the stated charge at each station (at the instance's linear rate) and must never
/// run below empty, charge above its battery, miss a window, exceed its load or return after the depot
/// closes; every customer exactly once. With fixed amounts, leaving as early as possible is never worse for
/// a window, so this forward pass is exact.
public struct ElectricChecker: Sendable {
    public let instance: EVRPTWInstance
    /// Slack for the rounding of exact Euclidean distances.
    public static let tolerance = 1e-6

    public init(instance: EVRPTWInstance) { self.instance = instance }

    public struct RouteFacts: Sendable, Equatable, Codable {
        public var distance: Double
        public var energy: Double
        public var charged: Double
        public var chargingTime: Double
        public var load: Double
        public var returnTime: Double
    }

    public struct Report: Sendable {
        public var violations: [String]
        public var routes: [RouteFacts]
        public var vehicles: Int { routes.count }
        public var distance: Double { routes.reduce(0) { $0 + $1.distance } }
        public var energy: Double { routes.reduce(0) { $0 + $1.energy } }
        public var isFeasible: Bool { violations.isEmpty }
    }

    public func check(_ routes: [[ElectricVisit]]) -> Report {
        var violations: [String] = []
        var served = [Int](repeating: 0, count: instance.locations.count)
        var facts: [RouteFacts] = []
        for (k, route) in routes.enumerated() {
            facts.append(drive(route, name: "route \(k + 1)", served: &served, violations: &violations))
        }
        for customer in instance.customers where served[customer] != 1 {
            violations.append("\(instance.locations[customer].id) is served \(served[customer]) times")
        }
        return Report(violations: violations, routes: facts)
    }

    /// What is wrong with one route on its own (range, windows, charges, load), leaving aside whether the
    /// other customers are served.
    public func violations(of route: [ElectricVisit]) -> [String] {
        var violations: [String] = []
        var served = [Int](repeating: 0, count: instance.locations.count)
        _ = drive(route, name: "route", served: &served, violations: &violations)
        return violations
    }

    /// Drives one route with its stated charges, counting the customers it serves.
    private func drive(_ route: [ElectricVisit], name: String, served: inout [Int], violations: inout [String]) -> RouteFacts {
        let depot = instance.locations[instance.depot]
        let slack = Self.tolerance
        var time = depot.ready, battery = instance.battery
        var distance = 0.0, charged = 0.0, chargingTime = 0.0, load = 0.0
        var here = instance.depot
        for visit in route + [ElectricVisit(location: instance.depot)] {
            guard instance.locations.indices.contains(visit.location) else {
                violations.append("\(name): no location \(visit.location)")
                continue
            }
            let location = instance.locations[visit.location]
            let leg = instance.distance(here, visit.location)
            distance += leg
            time += leg / instance.speed
            battery -= leg * instance.energyPerDistance
            if battery < -slack { violations.append("\(name): the battery is empty before \(location.id) (\(battery))") }
            if visit.charge != 0, location.kind != .station { violations.append("\(name): charges at \(location.id), which is not a station") }
            switch location.kind {
            case .depot:
                if visit.location != instance.depot {
                    violations.append("\(name): visits a depot in the middle")
                } else if time > location.due + slack {
                    violations.append("\(name): back at the depot at \(time), after it closes at \(location.due)")
                }
            case .customer:
                served[visit.location] += 1
                load += location.demand
                time = max(time, location.ready)
                if time > location.due + slack { violations.append("\(name): starts \(location.id) at \(time), after its window closes at \(location.due)") }
                time += location.service
            case .station:
                time = max(time, location.ready)
                if time > location.due + slack { violations.append("\(name): reaches station \(location.id) at \(time), after it closes") }
                if visit.charge < 0 { violations.append("\(name): a negative charge at \(location.id)") }
                battery += visit.charge
                if battery > instance.battery + slack { violations.append("\(name): charges to \(battery) at \(location.id), above the battery's \(instance.battery)") }
                let duration = visit.charge * instance.chargeTimePerEnergy
                time += location.service + duration
                charged += visit.charge
                chargingTime += duration
            }
            here = visit.location
        }
        if load > instance.capacity + slack { violations.append("\(name): load \(load) above the capacity \(instance.capacity)") }
        return RouteFacts(distance: distance, energy: distance * instance.energyPerDistance, charged: charged, chargingTime: chargingTime,
                          load: load, returnTime: time)
    }
}

extension ElectricRouteEvaluator {
    /// The route with the charge amounts of its earliest-return plan, as the checker and the output formats take it.
    public func plan(_ route: [Int]) -> [ElectricVisit]? {
        let evaluation = evaluate(route)
        guard evaluation.isFeasible else { return nil }
        return Self.visits(route, charging: evaluation.charging)
    }

    static func visits(_ route: [Int], charging: [ChargingStop]) -> [ElectricVisit] {
        var visits = route.map { ElectricVisit(location: $0) }
        for stop in charging { visits[stop.position].charge = stop.energy }
        return visits
    }
}
