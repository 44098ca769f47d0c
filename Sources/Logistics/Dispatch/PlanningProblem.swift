import Foundation
import Routing

/// A warehouse's day as a routing problem: location 0 is the warehouse, client location i + 1 is
/// `orders[i]`, then come the charging stations (`stationCopies` copies of each, so that one route may
/// charge at one station twice), vehicle type k is `vehicles[k]` (count 1 each: every van has its own
/// shift and costs).
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
    /// What a kWh costs; the search prices an electric van's km at the overnight price (what charging it back
    /// at the warehouse costs), the plan's figures price charging on the way at the hour's price.
    public let tariff: ElectricityTariff
    /// The charging stations the electric vans may stop at (those within half a van's range of the
    /// warehouse, nearest first); empty when no van is electric.
    public let stations: [ChargingStation]

    /// Copies of each station among the clients: prize-less, optional, recharging. A client is visited
    /// once in a whole solution, so this is how many charging stops the fleet may make at one station.
    static let stationCopies = 3
    /// At most this many stations, the nearest: each adds clients to every search.
    static let maximumStations = 8
    /// The skill bit only electric vans have and every station asks for: a diesel van never detours to one.
    static let chargerBit: UInt64 = 1 << 63

    static let duePrize = 100_000_000
    static let laterPrize = 20_000_000

    /// The solver plans with one travel-time matrix: the provider's times at an off-peak and a rush-hour
    /// departure, weighted by the shares of the fleet's shift hours that fall in each (ETAs are then
    /// computed hour by hour along each route by `RouteTimeline`).
    public init(day: PlanningDay, warehouse: Warehouse, vehicles: [Vehicle], orders: [PlanningOrder],
                travel: any TravelTimeProvider, serviceTimes: ServiceTimes = ServiceTimes(), rules: PlanRules = PlanRules(),
                tariff: ElectricityTariff = ElectricityTariff(flat: 0), stations: [ChargingStation] = []) {
        self.tariff = tariff
        let electric = vehicles.compactMap(\.electric)
        let reach = (electric.map(\.rangeKm).max() ?? 0) * 1000 / 2
        let stations = electric.isEmpty ? [] : Array(stations
            .map { (station: $0, metres: warehouse.location.distanceMetres(to: $0.location)) }
            .filter { $0.metres <= reach }
            .sorted { ($0.metres, $0.station.id) < ($1.metres, $1.station.id) }
            .prefix(Self.maximumStations).map(\.station))
        self.stations = stations
        self.day = day
        self.warehouse = warehouse
        self.vehicles = vehicles
        self.orders = orders
        self.rules = rules
        let masks = rules.masks(vehicles: vehicles, orders: orders)
        let stationPoints = stations.flatMap { Array(repeating: $0.location, count: Self.stationCopies) }
        // Travel is asked once per place: a station's copies share its row and column.
        let places = [warehouse.location] + orders.map(\.location) + stations.map(\.location)
        let size = 1 + orders.count + stationPoints.count
        let place = (0..<size).map { $0 <= orders.count ? $0 : orders.count + 1 + ($0 - orders.count - 1) / Self.stationCopies }
        let offPeakTime = day.at(minute: 11 * 60), rushTime = day.at(minute: 17 * 60 + 30)
        let rushShare = Self.rushShare(vehicles)
        var placeMetres = [[Double]](), placeSeconds = [[Double]]()
        for from in places {
            let offPeak = travel.travels(from: from, to: places, departingAt: offPeakTime)
            let rush = travel.travels(from: from, to: places, departingAt: rushTime)
            placeMetres.append(offPeak.map(\.metres))
            placeSeconds.append(zip(offPeak, rush).map { $0.seconds * (1 - rushShare) + $1.seconds * rushShare })
        }
        var distances = [Int](repeating: 0, count: size * size), durations = distances
        for i in 0..<size {
            for j in 0..<size where i != j {
                distances[i * size + j] = Int(placeMetres[place[i]][place[j]].rounded())
                durations[i * size + j] = Int(placeSeconds[place[i]][place[j]].rounded())
            }
        }
        let dayEnd = 2 * 86_400
        let service = orders.map { serviceTimes.seconds(for: $0.lines) }
        serviceSeconds = service
        let clients = orders.enumerated().map { index, order -> ProblemData.Client in
            var early = 0, late = dayEnd
            if let window = order.window(on: day) {
                early = max(0, day.seconds(to: window.start))
                late = max(early, day.seconds(to: window.end))
            } else if let deadline = order.deadline(on: day) {
                late = day.seconds(to: deadline)
            }
            let due = order.dueBy.map { PlanningDay(containing: $0).days <= day.days } ?? false
            let pinned = rules.pins[order.orderId] != nil
            return ProblemData.Client(x: order.location.longitude, y: order.location.latitude,
                                      demand: [order.weightGrams, order.volumeMillilitres], serviceDuration: service[index],
                                      twEarly: early, twLate: late, prize: due || pinned ? PlanningProblem.duePrize : PlanningProblem.laterPrize,
                                      required: false, requiredSkills: masks.clients[index])
        } + stationPoints.map { point in
            ProblemData.Client(x: point.longitude, y: point.latitude, demand: [0, 0], serviceDuration: ChargingPolicy.plugMinutes * 60, twEarly: 0, twLate: dayEnd,
                               prize: 0, required: false, requiredSkills: Self.chargerBit, recharges: true)
        }
        // Charging time is priced at the slowest station's power: the search so never promises a time that
        // a real charger cannot keep (the timeline then charges at each station's own power).
        let slowestKW = stations.map(\.powerKW).min()
        // An electric van's range is its distance limit between charging points (metres), its energy a part
        // of its cost per km.
        let types = vehicles.enumerated().map { index, vehicle in
            let energyCents = vehicle.electric.map { $0.kWhPerKm * tariff.overnightCents } ?? 0
            return ProblemData.VehicleType(count: 1, capacity: [vehicle.capacityGrams, vehicle.capacityMillilitres],
                                           shiftStart: vehicle.shiftStartMinute * 60, shiftEnd: vehicle.shiftEndMinute * 60,
                                           fixedCost: vehicle.costPerHourCents * 1_000, unitDistanceCost: vehicle.costPerKmCents + Int(energyCents.rounded()),
                                           unitDurationCost: vehicle.costPerHourCents * 1_000 / 3_600,
                                           skills: masks.vehicles[index] | (vehicle.electric == nil ? 0 : Self.chargerBit),
                                           maxDistance: vehicle.electric.map { Int(($0.rangeKm * 1000).rounded(.down)) } ?? .max / 4,
                                           chargeTimePerDistance: vehicle.electric.flatMap { spec in slowestKW.map { spec.kWhPerKm / 1000 / $0 * 3600 } } ?? 0)
        }
        problem = ProblemData(name: "\(warehouse.code) \(day)",
                              depots: [.init(x: warehouse.location.longitude, y: warehouse.location.latitude, twEarly: 0, twLate: dayEnd)],
                              clients: clients, vehicleTypes: types,
                              distances: .dense(values: distances, size: size), durations: .dense(values: durations, size: size))
    }

    /// The order at client location `location`; nil for a charging station.
    public func order(at location: Int) -> PlanningOrder? { location <= orders.count ? orders[location - 1] : nil }

    /// The charging station at client location `location`; nil for an order.
    public func station(at location: Int) -> ChargingStation? {
        location > orders.count ? stations[(location - orders.count - 1) / Self.stationCopies] : nil
    }

    /// The client locations of `station`'s copies.
    func locations(of stationId: String) -> [Int] {
        guard let index = stations.firstIndex(where: { $0.id == stationId }) else { return [] }
        let first = orders.count + 1 + index * Self.stationCopies
        return Array(first..<(first + Self.stationCopies))
    }

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
