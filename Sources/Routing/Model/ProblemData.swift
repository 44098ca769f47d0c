/// An immutable routing problem: depots, clients, vehicle types and travel between them (PyVRP's
/// `ProblemData`). Locations are numbered depots first (`0..<depotCount`), then clients.
///
/// All quantities are integers in the problem's units; `costScale` says how many units make one reported
/// unit (10 for the DIMACS convention of distances truncated to one decimal).
public struct ProblemData: Sendable, Codable {
    public struct Depot: Sendable, Equatable, Codable {
        public var x: Double, y: Double
        /// When the depot opens and closes.
        public var twEarly: Int, twLate: Int

        public init(x: Double, y: Double, twEarly: Int = 0, twLate: Int = .max / 4) {
            self.x = x; self.y = y; self.twEarly = twEarly; self.twLate = twLate
        }
    }

    public struct Client: Sendable, Equatable, Codable {
        public var x: Double, y: Double
        /// Demand per load dimension (kg, litres, units...).
        public var demand: [Int]
        public var serviceDuration: Int
        public var twEarly: Int, twLate: Int
        /// Earned when the client is visited; an optional client may be left out, forgoing it.
        public var prize: Int
        public var required: Bool
        /// Skills the visit needs (bit i = skill i), e.g. a licensed electrician for a wall-box install.
        public var requiredSkills: UInt64
        /// A charging point: a vehicle's range (`VehicleType.maxDistance`) starts again here, as at a depot.
        /// Usually optional with no prize and no demand, so the search visits it only where range needs it.
        public var recharges: Bool

        public init(x: Double, y: Double, demand: [Int], serviceDuration: Int = 0, twEarly: Int = 0,
                    twLate: Int = .max / 4, prize: Int = 0, required: Bool = true, requiredSkills: UInt64 = 0,
                    recharges: Bool = false) {
            self.x = x; self.y = y; self.demand = demand; self.serviceDuration = serviceDuration
            self.twEarly = twEarly; self.twLate = twLate; self.prize = prize; self.required = required
            self.requiredSkills = requiredSkills; self.recharges = recharges
        }

        enum CodingKeys: String, CodingKey {
            case x, y, demand, serviceDuration, twEarly, twLate, prize, required, requiredSkills, recharges
        }

        /// `recharges` may be left out (not a charging point), as in documents written before it existed.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(x: try c.decode(Double.self, forKey: .x), y: try c.decode(Double.self, forKey: .y),
                      demand: try c.decode([Int].self, forKey: .demand), serviceDuration: try c.decode(Int.self, forKey: .serviceDuration),
                      twEarly: try c.decode(Int.self, forKey: .twEarly), twLate: try c.decode(Int.self, forKey: .twLate),
                      prize: try c.decode(Int.self, forKey: .prize), required: try c.decode(Bool.self, forKey: .required),
                      requiredSkills: try c.decode(UInt64.self, forKey: .requiredSkills),
                      recharges: try c.decodeIfPresent(Bool.self, forKey: .recharges) ?? false)
        }
    }

    public struct VehicleType: Sendable, Equatable, Codable {
        public var count: Int
        public var capacity: [Int]
        public var startDepot: Int, endDepot: Int
        public var shiftStart: Int, shiftEnd: Int
        public var maxDuration: Int
        public var fixedCost: Int
        public var unitDistanceCost: Int
        public var unitDurationCost: Int
        public var skills: UInt64
        /// The farthest the vehicle may drive between charging points (its depots and clients that `recharge`):
        /// an electric van's range on one charge (energy per distance is constant, so its battery is a distance
        /// limit); without charging points, the longest route. The search prices each unit beyond it like
        /// excess load, so it may cross routes that are too long on its way to shorter ones.
        public var maxDistance: Int
        /// Time to charge the energy for one unit of distance at a charging point (charging time per energy ×
        /// energy per distance); 0 when charging takes no time worth planning. The search then times each
        /// station visit by `ChargingSegment`'s policy (full at every charging point but the route's last
        /// station, just enough there), which a van can always drive.
        public var chargeTimePerDistance: Double

        public init(count: Int, capacity: [Int], startDepot: Int = 0, endDepot: Int = 0, shiftStart: Int = 0,
                    shiftEnd: Int = .max / 4, maxDuration: Int = .max / 4, fixedCost: Int = 0,
                    unitDistanceCost: Int = 1, unitDurationCost: Int = 0, skills: UInt64 = .max, maxDistance: Int = .max / 4,
                    chargeTimePerDistance: Double = 0) {
            self.count = count; self.capacity = capacity; self.startDepot = startDepot; self.endDepot = endDepot
            self.shiftStart = shiftStart; self.shiftEnd = shiftEnd; self.maxDuration = maxDuration
            self.fixedCost = fixedCost; self.unitDistanceCost = unitDistanceCost
            self.unitDurationCost = unitDurationCost; self.skills = skills; self.maxDistance = maxDistance
            self.chargeTimePerDistance = chargeTimePerDistance
        }

        enum CodingKeys: String, CodingKey {
            case count, capacity, startDepot, endDepot, shiftStart, shiftEnd, maxDuration, fixedCost, unitDistanceCost, unitDurationCost, skills, maxDistance
            case chargeTimePerDistance
        }

        /// `maxDistance` and `chargeTimePerDistance` may be left out (no limit, no charging time), as in
        /// documents written before they existed.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(count: try c.decode(Int.self, forKey: .count), capacity: try c.decode([Int].self, forKey: .capacity),
                      startDepot: try c.decode(Int.self, forKey: .startDepot), endDepot: try c.decode(Int.self, forKey: .endDepot),
                      shiftStart: try c.decode(Int.self, forKey: .shiftStart), shiftEnd: try c.decode(Int.self, forKey: .shiftEnd),
                      maxDuration: try c.decode(Int.self, forKey: .maxDuration), fixedCost: try c.decode(Int.self, forKey: .fixedCost),
                      unitDistanceCost: try c.decode(Int.self, forKey: .unitDistanceCost), unitDurationCost: try c.decode(Int.self, forKey: .unitDurationCost),
                      skills: try c.decode(UInt64.self, forKey: .skills), maxDistance: try c.decodeIfPresent(Int.self, forKey: .maxDistance) ?? .max / 4,
                      chargeTimePerDistance: try c.decodeIfPresent(Double.self, forKey: .chargeTimePerDistance) ?? 0)
        }

        /// Whether this vehicle may serve a client needing `required` skills.
        @inline(__always) public func canServe(_ required: UInt64) -> Bool { required & ~skills == 0 }
    }

    public var name: String
    public var depots: [Depot]
    public var clients: [Client]
    public var vehicleTypes: [VehicleType]
    public var distances: TravelMatrix
    public var durations: TravelMatrix
    public var dimensions: Int
    public var costScale: Int

    public init(name: String = "", depots: [Depot], clients: [Client], vehicleTypes: [VehicleType],
                distances: TravelMatrix, durations: TravelMatrix? = nil, costScale: Int = 1) {
        precondition(!depots.isEmpty, "a problem needs a depot")
        self.name = name
        self.depots = depots
        self.clients = clients
        self.vehicleTypes = vehicleTypes
        self.distances = distances
        self.durations = durations ?? distances
        self.dimensions = max(1, clients.first?.demand.count ?? vehicleTypes.first?.capacity.count ?? 1)
        self.costScale = costScale
    }

    public var depotCount: Int { depots.count }
    public var clientCount: Int { clients.count }
    public var locationCount: Int { depots.count + clients.count }
    public var vehicleCount: Int { vehicleTypes.reduce(0) { $0 + $1.count } }

    /// The client at location `location` (which must be ≥ depotCount).
    @inline(__always) public func client(_ location: Int) -> Client { clients[location - depots.count] }

    public func isDepot(_ location: Int) -> Bool { location < depots.count }

    public func coordinates(_ location: Int) -> (x: Double, y: Double) {
        location < depots.count ? (depots[location].x, depots[location].y)
            : (clients[location - depots.count].x, clients[location - depots.count].y)
    }
}
