import Foundation

/// When a van leaves, reaches each stop and returns, walked leg by leg with the travel time of the hour
/// each leg starts in (the solver's single matrix is an average; this is what customers are told).
public struct RouteTimeline: Sendable {
    public var departure: Date
    public var arrivals: [Date]
    /// When service starts: the arrival, or the window's opening if the van is early.
    public var serviceStarts: [Date]
    public var returnAt: Date
    public var metres: Double

    /// The van leaves at its shift start, or later when the first window opens later.
    public init(vehicle: Vehicle, from depot: GeoPoint, day: PlanningDay, orders: [PlanningOrder], serviceSeconds: [Int],
                travel: any TravelTimeProvider) {
        var time = day.at(minute: vehicle.shiftStartMinute)
        if let first = orders.first, let opens = first.window?.start {
            let leg = travel.travel(from: depot, to: first.location, departingAt: time)
            time = max(time, opens.addingTimeInterval(-leg.seconds))
        }
        self.init(departure: time, from: depot, orders: orders, serviceSeconds: serviceSeconds, travel: travel)
    }

    /// The stops from `position` at `time` onwards (a re-plan starts where the van is).
    public init(departure: Date, from position: GeoPoint, to depot: GeoPoint? = nil, orders: [PlanningOrder], serviceSeconds: [Int],
                travel: any TravelTimeProvider) {
        self.departure = departure
        var time = departure, here = position, metres = 0.0
        var arrivals: [Date] = [], starts: [Date] = []
        for (order, service) in zip(orders, serviceSeconds) {
            let leg = travel.travel(from: here, to: order.location, departingAt: time)
            let arrival = time.addingTimeInterval(leg.seconds)
            let start = max(arrival, order.window?.start ?? arrival)
            arrivals.append(arrival)
            starts.append(start)
            metres += leg.metres
            time = start.addingTimeInterval(Double(service))
            here = order.location
        }
        let home = travel.travel(from: here, to: depot ?? position, departingAt: time)
        self.arrivals = arrivals
        serviceStarts = starts
        returnAt = time.addingTimeInterval(home.seconds)
        self.metres = metres + home.metres
    }
}
