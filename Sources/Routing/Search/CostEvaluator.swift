/// Penalised cost: distance (and duration) at their unit costs plus penalties per unit of excess load,
/// time warp and distance beyond a vehicle's range, so the search may cross infeasible solutions (PyVRP's
/// `CostEvaluator`).
struct CostEvaluator {
    var loadPenalty: Int
    var timeWarpPenalty: Int
    var distancePenalty: Int = 1

    @inline(__always)
    func penalised(distance: Int, duration: Int, excessLoad: Int, timeWarp: Int, excessDistance: Int, vehicle: VehicleTerms) -> Int {
        distance * vehicle.unitDistanceCost + duration * vehicle.unitDurationCost + excessLoad * loadPenalty + timeWarp * timeWarpPenalty
            + excessDistance * distancePenalty + vehicle.fixedCost
    }
}

/// The scalar parts of a vehicle type that price a route, copied out of `ProblemData.VehicleType` (whose
/// capacity array would cost reference counting in the search's inner loop).
struct VehicleTerms {
    var unitDistanceCost: Int
    var unitDurationCost: Int
    var fixedCost: Int
    var maxDuration: Int
    var maxDistance: Int
    var skills: UInt64
    /// `chargeTimePerDistance` in 1/1024ths, so the inner loop stays in integers.
    var chargeRate: Int

    @inline(__always) func canServe(_ required: UInt64) -> Bool { required & ~skills == 0 }

    /// Whether a route driving `distance` with a station on it charges at all: within its range a van needs
    /// no charge (it leaves full), so its stations time as plain stops. (`FeasibilityChecker.chargingTimes`
    /// states the same rule on its own, as an independent check should.)
    @inline(__always) func needsCharge(distance: Int) -> Bool { distance > maxDistance }

    /// Whether time has a price or a limit for this vehicle (the search's bound then counts it).
    var timed: Bool { unitDurationCost > 0 || maxDuration < .max / 4 }

    init(_ type: ProblemData.VehicleType) {
        skills = type.skills
        unitDistanceCost = type.unitDistanceCost
        unitDurationCost = type.unitDurationCost
        fixedCost = type.fixedCost
        maxDuration = type.maxDuration
        maxDistance = type.maxDistance
        chargeRate = Int((type.chargeTimePerDistance * 1024).rounded(.up))
    }
}
