import Foundation

/// A charger an electric van may stop at during its day: a warehouse's own (`warehouseId` set, at the
/// warehouse) or a public station. Vans are charged at their warehouse overnight in any case; these are
/// the stops that let a route run longer than one battery.
public struct ChargingStation: Codable, Equatable, Sendable {
    public var id: String
    public var name: String
    public var location: GeoPoint
    /// What the charger delivers to one van (kW); a van's charging time is the kWh it takes at this power.
    public var powerKW: Double
    /// The warehouse that owns it, for the fleet's own chargers; nil for a public station.
    public var warehouseId: String?

    public init(id: String, name: String, location: GeoPoint, powerKW: Double, warehouseId: String? = nil) {
        self.id = id
        self.name = name
        self.location = location
        self.powerKW = powerKW
        self.warehouseId = warehouseId
    }

    public func validate() throws(LogisticsError) {
        guard (1...60).contains(name.trimmingCharacters(in: .whitespaces).count) else { throw .validation(field: "name", message: "1 to 60 characters") }
        guard (-90...90).contains(location.latitude), (-180...180).contains(location.longitude) else {
            throw .validation(field: "location", message: "latitude within ±90, longitude within ±180")
        }
        guard powerKW >= 1, powerKW <= 600 else { throw .validation(field: "powerKW", message: "between 1 and 600") }
    }
}

/// A charging stop on a planned route: where, after which stop, when, and how much.
public struct ChargingStop: Codable, Equatable, Sendable {
    public var stationId: String
    public var name: String
    public var location: GeoPoint
    /// The sequence of the delivery stop it follows; 0 when the van charges on its way to the first.
    public var afterStop: Int
    public var arrival: Date
    /// Time at the station: parking and plugging in, then charging at the station's power.
    public var minutes: Int
    public var kWh: Double

    public init(stationId: String, name: String, location: GeoPoint, afterStop: Int, arrival: Date, minutes: Int, kWh: Double) {
        self.stationId = stationId
        self.name = name
        self.location = location
        self.afterStop = afterStop
        self.arrival = arrival
        self.minutes = minutes
        self.kWh = kWh
    }
}

/// How much a van charges at each station of its route, by one of the two policies the routing engine prices
/// (`ChargingSegment`), both of which a van can always drive:
/// - `.early`: to full (the usable battery) at every station but the last, and at the last just enough to come
///   home with the reserve;
/// - `.late`: at each station just enough to reach the next one (or home), never more than the engine priced.
/// The planner times a route both ways and keeps the better, so a route the search found within its range and
/// on time stays so here.
public enum ChargingPolicy: Sendable, CaseIterable {
    case early, late

    /// kWh to charge at each charging point of a route. `legKm[i]` is the leg into waypoint i (the last leg
    /// is the one home); `charges` the waypoint indices that are charging stops.
    public static func amounts(legKm: [Double], charges: [Int], spec: ElectricSpec, policy: ChargingPolicy = .early) -> [Double] {
        guard !charges.isEmpty else { return [] }
        guard policy == .early else { return lateAmounts(legKm: legKm, charges: charges, spec: spec) }
        let chargeSet = Set(charges)
        var amounts: [Double] = []
        var sinceLast = 0.0
        for (index, km) in legKm.enumerated() {
            sinceLast += km
            guard chargeSet.contains(index) else { continue }
            let used = sinceLast * spec.kWhPerKm
            if amounts.count < charges.count - 1 {
                amounts.append(used)
            } else {
                let toGo = legKm[(index + 1)...].reduce(0, +) * spec.kWhPerKm
                amounts.append(min(used, max(0, toGo - (spec.usableKWh - used))))
            }
            sinceLast = 0
        }
        return amounts
    }

    /// Just enough at each station to reach the next charging point with the reserve, from what is left.
    private static func lateAmounts(legKm: [Double], charges: [Int], spec: ElectricSpec) -> [Double] {
        let stops = charges.sorted()
        var energy = spec.usableKWh, amounts: [Double] = []
        var leg = 0
        for (k, index) in stops.enumerated() {
            energy -= legKm[leg...index].reduce(0, +) * spec.kWhPerKm
            let next = k + 1 < stops.count ? stops[k + 1] : legKm.count - 1
            let needed = legKm[(index + 1)...next].reduce(0, +) * spec.kWhPerKm
            let amount = min(max(0, needed - energy), spec.usableKWh - energy)
            amounts.append(amount)
            energy += amount
            leg = index + 1
        }
        return amounts
    }

    /// Parking and plugging in at a station, before any charging: it also keeps the search from visiting a
    /// station that happens to lie on the way when the battery does not need it.
    public static let plugMinutes = 5

    /// Minutes at a station to charge `kWh` at `powerKW`: plugging in, then the charging, rounded up.
    public static func minutes(kWh: Double, powerKW: Double) -> Int {
        plugMinutes + Int((kWh / powerKW * 60).rounded(.up))
    }
}
