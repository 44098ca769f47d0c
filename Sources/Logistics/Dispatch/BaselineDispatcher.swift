import Foundation
import Routing

/// What a small mall does without an optimiser, as the yardstick of `bench dispatch` and `simulate`. Two
/// rules, both taking orders in the order they were paid and filling one van after another until its
/// capacity, its shift (with the drive home) or an electric van's battery (with the drive home, no charging
/// on the way) runs out; a window that has closed does not stop them (the order is delivered late):
/// - `arrivalOrder` (the baseline): each van takes the next orders as they come, whatever their
///   area, and its driver visits them nearest first (by distance, waiting where a window has not opened);
///   an installation waits for the next installer crew.
/// - `soonestNext` (a stronger yardstick): each van starts with the oldest order it can take, then always
///   takes the order it can start soonest from the whole pool (Solomon's time-oriented nearest neighbour),
///   so it does gather an area's orders.
public struct BaselineDispatcher: Sendable {
    public enum Rule: String, Sendable, CaseIterable {
        case arrivalOrder, soonestNext
    }

    public var travel: any TravelTimeProvider
    public var rule: Rule

    public init(travel: any TravelTimeProvider, rule: Rule = .soonestNext) {
        self.travel = travel
        self.rule = rule
    }

    public func solve(_ problem: PlanningProblem) -> Solution {
        switch rule {
        case .soonestNext: soonestNext(problem)
        case .arrivalOrder: arrivalOrder(problem)
        }
    }

    private func arrivalOrder(_ problem: PlanningProblem) -> Solution {
        var remaining = problem.orders.indices.sorted { problem.orders[$0].paidAt < problem.orders[$1].paidAt }
        var routes: [Solution.Route] = []
        for (k, vehicle) in problem.vehicles.enumerated() where !remaining.isEmpty {
            var taken: [Int] = [], grams = 0, millilitres = 0
            var position = 0
            while position < remaining.count {
                let index = remaining[position], order = problem.orders[index]
                // An installation waits for a crew; anything else is loaded as it comes until the van is full.
                if order.needsInstaller && !vehicle.skills.contains(.install) {
                    position += 1
                    continue
                }
                let sequence = nearestFirst(taken + [index], problem)
                guard grams + order.weightGrams <= vehicle.capacityGrams, millilitres + order.volumeMillilitres <= vehicle.capacityMillilitres,
                      homeInTime(sequence, vehicle: vehicle, problem: problem), withinRange(sequence, vehicle: vehicle, problem: problem) else {
                    // The van is full; an order no empty van could take is passed over, not waited for.
                    if taken.isEmpty { position += 1; continue }
                    break
                }
                taken.append(index)
                grams += order.weightGrams
                millilitres += order.volumeMillilitres
                remaining.remove(at: position)
            }
            if !taken.isEmpty { routes.append(.init(vehicleType: k, visits: nearestFirst(taken, problem).map { $0 + 1 })) }
        }
        return Solution(routes: routes)
    }

    /// The driver's order: from the warehouse, always the nearest stop not yet visited.
    private func nearestFirst(_ orders: [Int], _ problem: PlanningProblem) -> [Int] {
        var left = orders, here = problem.warehouse.location, sequence: [Int] = []
        while let nearest = left.indices.min(by: { problem.orders[left[$0]].location.distanceMetres(to: here) < problem.orders[left[$1]].location.distanceMetres(to: here) }) {
            let index = left.remove(at: nearest)
            sequence.append(index)
            here = problem.orders[index].location
        }
        return sequence
    }

    /// Whether the van, leaving at its shift's start and waiting for windows to open, is home by its end.
    private func homeInTime(_ sequence: [Int], vehicle: Vehicle, problem: PlanningProblem) -> Bool {
        var time = problem.day.at(minute: vehicle.shiftStartMinute), here = problem.warehouse.location
        for index in sequence {
            let order = problem.orders[index]
            let arrive = time.addingTimeInterval(travel.travel(from: here, to: order.location, departingAt: time).seconds)
            time = max(arrive, order.window?.start ?? arrive).addingTimeInterval(Double(problem.serviceSeconds[index]))
            here = order.location
        }
        let home = time.addingTimeInterval(travel.travel(from: here, to: problem.warehouse.location, departingAt: time).seconds)
        return home <= problem.day.at(minute: vehicle.shiftEndMinute)
    }

    /// Whether an electric van drives `sequence` and back on one battery.
    private func withinRange(_ sequence: [Int], vehicle: Vehicle, problem: PlanningProblem) -> Bool {
        guard let range = vehicle.electric?.rangeKm else { return true }
        let noon = problem.day.at(minute: 12 * 60)
        let points = [problem.warehouse.location] + sequence.map { problem.orders[$0].location } + [problem.warehouse.location]
        let metres = zip(points, points.dropFirst()).reduce(0.0) { $0 + travel.travel(from: $1.0, to: $1.1, departingAt: noon).metres }
        return metres / 1000 <= range
    }

    private func soonestNext(_ problem: PlanningProblem) -> Solution {
        var remaining = problem.orders.indices.sorted { problem.orders[$0].paidAt < problem.orders[$1].paidAt }
        var routes: [Solution.Route] = []
        let depot = problem.warehouse.location
        for (k, vehicle) in problem.vehicles.enumerated() where !remaining.isEmpty {
            var grams = 0, millilitres = 0, metres = 0.0, visits: [Int] = []
            let rangeMetres = vehicle.electric.map { $0.rangeKm * 1000 } ?? .infinity
            var time = problem.day.at(minute: vehicle.shiftStartMinute), here = depot
            let shiftEnd = problem.day.at(minute: vehicle.shiftEndMinute)
            /// When service at order `index` would start and end, if the van can take it and be home in time.
            func visit(_ index: Int) -> (start: Date, done: Date, metres: Double)? {
                let order = problem.orders[index]
                guard !order.needsInstaller || vehicle.skills.contains(.install),
                      grams + order.weightGrams <= vehicle.capacityGrams,
                      millilitres + order.volumeMillilitres <= vehicle.capacityMillilitres else { return nil }
                let leg = travel.travel(from: here, to: order.location, departingAt: time)
                let arrive = time.addingTimeInterval(leg.seconds)
                let start = max(arrive, order.window?.start ?? arrive)
                let done = start.addingTimeInterval(Double(problem.serviceSeconds[index]))
                let home = travel.travel(from: order.location, to: depot, departingAt: done)
                guard done.addingTimeInterval(home.seconds) <= shiftEnd, metres + leg.metres + home.metres <= rangeMetres else { return nil }
                return (start, done, metres + leg.metres)
            }
            // The oldest order the van can take first, then always the one it can start soonest.
            var next = remaining.indices.lazy.compactMap { position in visit(remaining[position]).map { (position, $0) } }.first
            while let (position, times) = next {
                let index = remaining.remove(at: position)
                let order = problem.orders[index]
                time = times.done
                metres = times.metres
                here = order.location
                grams += order.weightGrams
                millilitres += order.volumeMillilitres
                visits.append(index + 1)
                next = remaining.indices.compactMap { position in visit(remaining[position]).map { (position, $0) } }.min { $0.1.start < $1.1.start }
            }
            if !visits.isEmpty { routes.append(.init(vehicleType: k, visits: visits)) }
        }
        return Solution(routes: routes)
    }
}
