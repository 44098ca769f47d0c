/// What a dispatcher or merchant imposes on a plan beyond the orders' own needs: stops pinned to a van,
/// and vans kept to their districts (the zone rule).
///
/// Both reach the engine as skills, the one mechanism it has for "this client only on those vehicles":
/// bit 0 is the installer skill, bits 8 to 23 the districts, bits 24 to 62 one per van that holds a pin (bit
/// 63 is `PlanningProblem.chargerBit`).
public struct PlanRules: Sendable, Equatable {
    /// Orders a dispatcher keeps on a vehicle: order id → vehicle id.
    public var pins: [String: String]
    /// Whether vans with districts keep to them (they always may; the rule makes them).
    public var zones: Bool

    public static let maxPinnedVehicles = 39
    static let districtBit = 8, pinBit = 24

    public init(pins: [String: String] = [:], zones: Bool = true) {
        self.pins = pins
        self.zones = zones
    }

    /// Whether the zone rule changes anything for this fleet.
    public func zoned(_ vehicles: [Vehicle]) -> Bool { zones && vehicles.contains { !$0.districts.isEmpty } }

    /// The skills each vehicle has and each order needs under these rules. A pinned order skips the zone
    /// rule: the dispatcher's word is the last.
    func masks(vehicles: [Vehicle], orders: [PlanningOrder], districts: [District] = District.shenzhen) -> (vehicles: [UInt64], clients: [UInt64]) {
        let zoned = zoned(vehicles)
        let allDistricts = districts.indices.reduce(UInt64(0)) { $0 | Self.bit(Self.districtBit + $1) }
        let pinned = Array(Set(pins.values)).sorted()
        let pinBits = Dictionary(uniqueKeysWithValues: pinned.prefix(Self.maxPinnedVehicles).enumerated().map { ($1, Self.bit(Self.pinBit + $0)) })
        let vehicleMasks = vehicles.map { vehicle -> UInt64 in
            var mask = VehicleSkill.mask(vehicle.skills) | (pinBits[vehicle.id] ?? 0)
            if zoned {
                mask |= vehicle.districts.isEmpty ? allDistricts
                    : vehicle.districts.reduce(0) { mask, code in mask | (districts.firstIndex { $0.code == code }.map { Self.bit(Self.districtBit + $0) } ?? 0) }
            }
            return mask
        }
        let clientMasks = orders.map { order -> UInt64 in
            var mask = order.needsInstaller ? VehicleSkill.install.bit : 0
            if let vehicleId = pins[order.orderId], let bit = pinBits[vehicleId] {
                mask |= bit
            } else if zoned, let index = districts.firstIndex(of: District.containing(order.location, in: districts)) {
                mask |= Self.bit(Self.districtBit + index)
            }
            return mask
        }
        return (vehicleMasks, clientMasks)
    }

    private static func bit(_ index: Int) -> UInt64 { 1 << UInt64(index) }
}
