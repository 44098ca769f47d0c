import Foundation

/// When a van leaves, reaches each stop and returns, walked leg by leg with the travel time of the hour
/// each leg starts in (the solver's single matrix is an average; this is what customers are told).
public struct RouteTimeline: Sendable {
    public var departure: Date
    public var arrivals: [Date]
    /// When service starts: the arrival, or the window's opening if the van is early.
    public var serviceStarts: [Date]
    /// When the van reaches each of its charging stops.
    public var chargeArrivals: [Date]
    /// Each leg's metres in driving order (stops and charging stops interleaved), the last one home.
    public var legMetres: [Double]
    public var returnAt: Date
    public var metres: Double

    /// A charging stop between stops: before `stops[before]` (the stop count: on the way home).
    public struct Charge: Sendable {
        public var before: Int
        public var location: GeoPoint
        public var seconds: Double

        public init(before: Int, location: GeoPoint, seconds: Double) {
            self.before = before
            self.location = location
            self.seconds = seconds
        }
    }

    /// The van leaves at its shift start, or later when the first window opens later.
    public init(vehicle: Vehicle, from depot: GeoPoint, day: PlanningDay, orders: [PlanningOrder], serviceSeconds: [Int],
                charges: [Charge] = [], travel: any TravelTimeProvider) {
        var time = day.at(minute: vehicle.shiftStartMinute)
        if let first = orders.first, let opens = first.window?.start, !charges.contains(where: { $0.before == 0 }) {
            let leg = travel.travel(from: depot, to: first.location, departingAt: time)
            time = max(time, opens.addingTimeInterval(-leg.seconds))
        }
        self.init(departure: time, from: depot, orders: orders, serviceSeconds: serviceSeconds, charges: charges, travel: travel)
    }

    /// The stops from `position` at `time` onwards (a re-plan starts where the van is).
    public init(departure: Date, from position: GeoPoint, to depot: GeoPoint? = nil, orders: [PlanningOrder], serviceSeconds: [Int],
                charges: [Charge] = [], travel: any TravelTimeProvider) {
        self.departure = departure
        var time = departure, here = position
        var arrivals: [Date] = [], starts: [Date] = [], chargeArrivals: [Date] = [], legs: [Double] = []
        var pending = charges.sorted { $0.before < $1.before }[...]
        func charge(before index: Int) {
            while let next = pending.first, next.before <= index {
                pending.removeFirst()
                let leg = travel.travel(from: here, to: next.location, departingAt: time)
                let arrival = time.addingTimeInterval(leg.seconds)
                chargeArrivals.append(arrival)
                legs.append(leg.metres)
                time = arrival.addingTimeInterval(next.seconds)
                here = next.location
            }
        }
        for (index, (order, service)) in zip(orders, serviceSeconds).enumerated() {
            charge(before: index)
            let leg = travel.travel(from: here, to: order.location, departingAt: time)
            let arrival = time.addingTimeInterval(leg.seconds)
            let start = max(arrival, order.window?.start ?? arrival)
            arrivals.append(arrival)
            starts.append(start)
            legs.append(leg.metres)
            time = start.addingTimeInterval(Double(service))
            here = order.location
        }
        charge(before: orders.count)
        let home = travel.travel(from: here, to: depot ?? position, departingAt: time)
        legs.append(home.metres)
        self.arrivals = arrivals
        serviceStarts = starts
        self.chargeArrivals = chargeArrivals
        legMetres = legs
        returnAt = time.addingTimeInterval(home.seconds)
        metres = legs.reduce(0, +)
    }
}
