import Foundation
import Routing

/// A warehouse's day as a routing problem: location 0 is the warehouse, client location i + 1 is
/// `orders[i]`, vehicle type k is `vehicles[k]` (count 1 each: every van has its own shift and costs).
///
/// Units: metres, seconds after local midnight, grams and millilitres; costs in thousandths of a cent, so
/// a van's cost per km and per hour become integer costs per metre and per second. Every order is an
/// optional client with a prize: one due today (its window or promise falls on the day, or has passed)
/// is worth 1,000 CNY, more than any stop costs to drive to, so it is left out only when no van can take
/// it in time; one due later is worth 200 CNY, so when the fleet is full those wait first. (Prizes must
/// stay below what the search's penalties can make a violation cost, or it would rather serve an order
/// late or overloaded than leave it out.)
public struct PlanningProblem: Sendable {
    public let day: PlanningDay
    public let warehouse: Warehouse
    public let vehicles: [Vehicle]
    public let orders: [PlanningOrder]
    public let problem: ProblemData
    /// Service seconds per order.
    public let serviceSeconds: [Int]
    public let rules: PlanRules
    /// Cents per kWh in the electric vans' cost per km.
    public let energyPriceCents: Double

    static let duePrize = 100_000_000
    static let laterPrize = 20_000_000

    /// The solver plans with one travel-time matrix: the provider's times at an off-peak and a rush-hour
    /// departure, weighted by the shares of the fleet's shift hours that fall in each (ETAs are then
    /// computed hour by hour along each route by `RouteTimeline`).
    public init(day: PlanningDay, warehouse: Warehouse, vehicles: [Vehicle], orders: [PlanningOrder],
                travel: any TravelTimeProvider, serviceTimes: ServiceTimes = ServiceTimes(), rules: PlanRules = PlanRules(),
                energyPriceCents: Double = 0) {
        self.energyPriceCents = energyPriceCents
        self.day = day
        self.warehouse = warehouse
        self.vehicles = vehicles
        self.orders = orders
        self.rules = rules
        let masks = rules.masks(vehicles: vehicles, orders: orders)
        let points = [warehouse.location] + orders.map(\.location)
        let offPeakTime = day.at(minute: 11 * 60), rushTime = day.at(minute: 17 * 60 + 30)
        let rushShare = Self.rushShare(vehicles)
        let size = points.count
        var distances = [Int](repeating: 0, count: size * size), durations = distances
        for i in 0..<size {
            let offPeak = travel.travels(from: points[i], to: points, departingAt: offPeakTime)
            let rush = travel.travels(from: points[i], to: points, departingAt: rushTime)
            for j in 0..<size where i != j {
                distances[i * size + j] = Int(offPeak[j].metres.rounded())
                durations[i * size + j] = Int((offPeak[j].seconds * (1 - rushShare) + rush[j].seconds * rushShare).rounded())
            }
        }
        let dayEnd = 2 * 86_400
        let service = orders.map { serviceTimes.seconds(for: $0.lines) }
        serviceSeconds = service
        let clients = orders.enumerated().map { index, order -> ProblemData.Client in
            var early = 0, late = dayEnd
            if let window = order.window {
                early = max(0, day.seconds(to: window.start))
                late = max(early, day.seconds(to: window.end))
            } else if let promise = order.promisedAt, day.seconds(to: promise) > 0 {
                late = day.seconds(to: promise)
            }
            let due = order.dueBy.map { PlanningDay(containing: $0).days <= day.days } ?? false
            let pinned = rules.pins[order.orderId] != nil
            return ProblemData.Client(x: order.location.longitude, y: order.location.latitude,
                                      demand: [order.weightGrams, order.volumeMillilitres], serviceDuration: service[index],
                                      twEarly: early, twLate: late, prize: due || pinned ? PlanningProblem.duePrize : PlanningProblem.laterPrize,
                                      required: false, requiredSkills: masks.clients[index])
        }
        // An electric van's range is its route's distance limit (metres), its energy a part of its cost per km.
        let types = vehicles.enumerated().map { index, vehicle in
            let energyCents = vehicle.electric.map { $0.kWhPerKm * energyPriceCents } ?? 0
            return ProblemData.VehicleType(count: 1, capacity: [vehicle.capacityGrams, vehicle.capacityMillilitres],
                                           shiftStart: vehicle.shiftStartMinute * 60, shiftEnd: vehicle.shiftEndMinute * 60,
                                           fixedCost: vehicle.costPerHourCents * 1_000, unitDistanceCost: vehicle.costPerKmCents + Int(energyCents.rounded()),
                                           unitDurationCost: vehicle.costPerHourCents * 1_000 / 3_600, skills: masks.vehicles[index],
                                           maxDistance: vehicle.electric.map { Int(($0.rangeKm * 1000).rounded(.down)) } ?? .max / 4)
        }
        problem = ProblemData(name: "\(warehouse.code) \(day)",
                              depots: [.init(x: warehouse.location.longitude, y: warehouse.location.latitude, twEarly: 0, twLate: dayEnd)],
                              clients: clients, vehicleTypes: types,
                              distances: .dense(values: distances, size: size), durations: .dense(values: durations, size: size))
    }

    /// The order at client location `location`.
    public func order(at location: Int) -> PlanningOrder { orders[location - 1] }

    /// Share of the fleet's shift hours inside the 07–09 and 17–19 rush hours.
    static func rushShare(_ vehicles: [Vehicle]) -> Double {
        var rush = 0, total = 0
        for vehicle in vehicles {
            for minute in stride(from: vehicle.shiftStartMinute, to: vehicle.shiftEndMinute, by: 15) {
                total += 1
                let hour = minute / 60
                if (7..<9).contains(hour) || (17..<19).contains(hour) { rush += 1 }
            }
        }
        return total == 0 ? 0 : Double(rush) / Double(total)
    }
}
