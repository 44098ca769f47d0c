/// A delivery van or an installer crew's van, based at a warehouse (its depot for dispatch).
public struct Vehicle: Codable, Equatable, Sendable {
    public var id: String
    public var plate: String
    public var warehouseId: String
    public var capacityGrams: Int
    public var capacityMillilitres: Int
    public var skills: Set<VehicleSkill>
    /// Shift in minutes after local midnight (China time): 480 = 08:00.
    public var shiftStartMinute: Int
    public var shiftEndMinute: Int
    public var costPerKmCents: Int
    public var costPerHourCents: Int
    /// Battery data for an electric van; nil for a combustion one.
    public var electric: ElectricSpec?
    public var active: Bool
    /// Who usually drives it; a day's assignment overrides.
    public var driverId: String?
    /// The district codes it keeps to under the zone rule (see `District`); empty: anywhere.
    public var districts: [String]

    /// What a vehicle registered without these gets: an 08:00–20:00 shift, 1.20 CNY per km, 60 CNY per hour.
    public static let defaultShiftStartMinute = 8 * 60, defaultShiftEndMinute = 20 * 60
    public static let defaultCostPerKmCents = 120, defaultCostPerHourCents = 6_000

    public init(id: String, plate: String, warehouseId: String, capacityGrams: Int, capacityMillilitres: Int,
                skills: Set<VehicleSkill> = [], shiftStartMinute: Int = defaultShiftStartMinute, shiftEndMinute: Int = defaultShiftEndMinute,
                costPerKmCents: Int = defaultCostPerKmCents, costPerHourCents: Int = defaultCostPerHourCents, electric: ElectricSpec? = nil,
                active: Bool = true, driverId: String? = nil, districts: [String] = []) {
        self.id = id
        self.plate = plate
        self.warehouseId = warehouseId
        self.capacityGrams = capacityGrams
        self.capacityMillilitres = capacityMillilitres
        self.skills = skills
        self.shiftStartMinute = shiftStartMinute
        self.shiftEndMinute = shiftEndMinute
        self.costPerKmCents = costPerKmCents
        self.costPerHourCents = costPerHourCents
        self.electric = electric
        self.active = active
        self.driverId = driverId
        self.districts = Array(Set(districts)).sorted()
    }

    /// Checks what the database cannot express well; throws the first problem found.
    public func validate() throws(LogisticsError) {
        guard (2...20).contains(plate.count) else { throw .validation(field: "plate", message: "2 to 20 characters") }
        guard capacityGrams > 0 else { throw .validation(field: "capacityGrams", message: "must be positive") }
        guard capacityMillilitres > 0 else { throw .validation(field: "capacityMillilitres", message: "must be positive") }
        guard (0..<1440).contains(shiftStartMinute), (1...1440).contains(shiftEndMinute), shiftStartMinute < shiftEndMinute else {
            throw .validation(field: "shiftEndMinute", message: "the shift runs within one day and ends after it starts")
        }
        guard costPerKmCents >= 0, costPerHourCents >= 0 else { throw .validation(field: "costPerKmCents", message: "costs must not be negative") }
        if let electric { try electric.validate() }
        if let unknown = districts.first(where: { !District.codes.contains($0) }) {
            throw .validation(field: "districts", message: "\(unknown) is not one of \(District.codes.joined(separator: ", "))")
        }
    }
}

/// What a crew can do beyond handing over a parcel.
public enum VehicleSkill: String, Codable, CaseIterable, Sendable, Comparable {
    /// A licensed electrician aboard: may install wall boxes and pedestals.
    case install

    /// Bit of this skill in the routing engine's skill masks.
    public var bit: UInt64 { 1 << UInt64(Self.allCases.firstIndex(of: self)!) }

    public static func < (a: VehicleSkill, b: VehicleSkill) -> Bool { a.rawValue < b.rawValue }

    public static func mask(_ skills: Set<VehicleSkill>) -> UInt64 { skills.reduce(0) { $0 | $1.bit } }
}

/// Battery and consumption of an electric van.
public struct ElectricSpec: Codable, Equatable, Sendable {
    public var batteryKWh: Double
    public var kWhPerKm: Double

    public init(batteryKWh: Double, kWhPerKm: Double) {
        self.batteryKWh = batteryKWh
        self.kWhPerKm = kWhPerKm
    }

    /// Plans keep this share of the battery in hand: a van comes home with at least a tenth left, for a
    /// detour, a cold morning or a wrong turn.
    public static let reserveShare = 0.1

    /// What a route may use: the battery less the reserve (the van is charged at its warehouse overnight).
    public var usableKWh: Double { batteryKWh * (1 - Self.reserveShare) }

    /// How far the van may drive in a day's plan.
    public var rangeKm: Double { usableKWh / kWhPerKm }

    public func validate() throws(LogisticsError) {
        guard batteryKWh > 0, batteryKWh <= 1_000 else { throw .validation(field: "electric.batteryKWh", message: "between 0 and 1000") }
        guard kWhPerKm > 0, kWhPerKm <= 5 else { throw .validation(field: "electric.kWhPerKm", message: "between 0 and 5") }
    }
}
