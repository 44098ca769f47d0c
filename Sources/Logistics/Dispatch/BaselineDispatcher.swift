import Foundation
import Routing

/// What a small mall does without an optimiser, as the yardstick of `bench dispatch` and `simulate`: orders
/// in the order they were paid, each van in turn filled from the oldest order it can take, then always the
/// order it can start soonest (nearest in time: the drive, or the wait for a window to open; Solomon's
/// time-oriented nearest neighbour), until its capacity or its shift (with the drive home) runs out.
/// A window that has closed does not stop it: the order is delivered late.
public struct BaselineDispatcher: Sendable {
    public var travel: any TravelTimeProvider

    public init(travel: any TravelTimeProvider) { self.travel = travel }

    public func solve(_ problem: PlanningProblem) -> Solution {
        var remaining = problem.orders.indices.sorted { problem.orders[$0].paidAt < problem.orders[$1].paidAt }
        var routes: [Solution.Route] = []
        let depot = problem.warehouse.location
        for (k, vehicle) in problem.vehicles.enumerated() where !remaining.isEmpty {
            var grams = 0, millilitres = 0, visits: [Int] = []
            var time = problem.day.at(minute: vehicle.shiftStartMinute), here = depot
            let shiftEnd = problem.day.at(minute: vehicle.shiftEndMinute)
            /// When service at order `index` would start and end, if the van can take it and be home in time.
            func visit(_ index: Int) -> (start: Date, done: Date)? {
                let order = problem.orders[index]
                guard !order.needsInstaller || vehicle.skills.contains(.install),
                      grams + order.weightGrams <= vehicle.capacityGrams,
                      millilitres + order.volumeMillilitres <= vehicle.capacityMillilitres else { return nil }
                let arrive = time.addingTimeInterval(travel.travel(from: here, to: order.location, departingAt: time).seconds)
                let start = max(arrive, order.window?.start ?? arrive)
                let done = start.addingTimeInterval(Double(problem.serviceSeconds[index]))
                guard done.addingTimeInterval(travel.travel(from: order.location, to: depot, departingAt: done).seconds) <= shiftEnd else { return nil }
                return (start, done)
            }
            // The oldest order the van can take first, then always the one it can start soonest.
            var next = remaining.indices.lazy.compactMap { position in visit(remaining[position]).map { (position, $0) } }.first
            while let (position, times) = next {
                let index = remaining.remove(at: position)
                let order = problem.orders[index]
                time = times.done
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
