import Foundation

/// Fleet, plan requests and plans (dispatch's port).
public protocol DispatchStore: Sendable {
    func vehicles(warehouseId: String?) async throws -> [Vehicle]
    /// Adds a vehicle; a plate already registered is a `plateTaken` conflict.
    func insertVehicle(_ vehicle: Vehicle, at time: Date) async throws
    /// Own-fleet shipments from `warehouseId` that are allocated, picking or packed, or failed once and due
    /// another attempt, with their lines' products, window and promise; not those on a route under way, nor
    /// on a published route of another day (those on `day`'s routes not yet started are planned again: the
    /// new plan, once published, takes them over).
    func planningOrders(warehouseId: String, day: PlanningDay) async throws -> [PlanningOrder]
    /// When each van of `warehouseId` on a route of `day` under way is expected back at the warehouse.
    func vehiclesBusy(warehouseId: String, day: PlanningDay) async throws -> [String: Date]
    func insertPlanRequest(_ request: PlanRequest) async throws
    /// Takes the oldest unclaimed request (or one whose worker went silent before `staleBefore`) for
    /// `owner`; two workers never get the same one.
    func claimPlanRequest(owner: String, at time: Date, staleBefore: Date) async throws -> PlanRequest?
    /// Stores a finished plan (routes and stops) and marks its request ready.
    func completePlan(_ plan: DispatchPlan, at time: Date) async throws
    /// Replaces a ready plan's routes, stops, figures and orders left out by `plan`'s (a re-optimisation);
    /// a plan no longer ready is a `planState` conflict. Returns the plan as stored.
    func replaceReadyPlan(_ plan: DispatchPlan, at time: Date) async throws -> DispatchPlan
    func failPlan(id: String, error: String, at time: Date) async throws
    func plan(id: String) async throws -> DispatchPlan?
    /// Publishes a ready plan: each route gets its vehicle's driver for the day (the day's assignment, else
    /// the vehicle's regular driver), and the routes of the day's earlier plans that have not started are
    /// superseded (a plan left with none on the road is superseded whole), all in one transaction. A second
    /// wave so goes out while the first is on the road. Conflicts: `planState` (not ready), `noDriver`.
    func publishPlan(id: String, at time: Date) async throws -> DispatchPlan
    /// Sets (or, with no minutes, clears) a warehouse's cut-offs and when the next one falls.
    func setCutoffSchedule(_ schedule: CutoffSchedule, nextRunAt: Date?) async throws
    func cutoffSchedules() async throws -> [(schedule: CutoffSchedule, nextRunAt: Date?)]
    /// Schedules whose next cut-off is at or before `time`, with that cut-off.
    func dueCutoffs(at time: Date) async throws -> [(schedule: CutoffSchedule, due: Date)]
    /// If `warehouseId`'s cut-off is still the one due at `due`, moves it on to `next` and queues `request`
    /// (if any) in one transaction and returns true; false, writing nothing, when another instance got there
    /// first. A cut-off so makes one plan however many instances watch it.
    func enqueueCutoff(warehouseId: String, due: Date, next: Date?, request: PlanRequest?) async throws -> Bool
    /// Sets who drives `vehicleId` on `day`, replacing an earlier assignment of either.
    func assignDriver(driverId: String, vehicleId: String, day: PlanningDay) async throws
    /// The chargers electric vans may stop at, warehouses' own and public.
    func chargingStations() async throws -> [ChargingStation]
    func insertChargingStation(_ station: ChargingStation, at time: Date) async throws
    /// Removes a station from future plans (plans made keep their copy of it); false when unknown.
    func deleteChargingStation(id: String) async throws -> Bool
}

/// A plan asked for and not yet made.
public struct PlanRequest: Equatable, Sendable {
    public var id: String
    public var warehouseId: String
    public var day: PlanningDay
    public var seconds: Double
    public var requestedBy: String?
    public var createdAt: Date
    public var trigger: PlanTrigger
    /// Publish as soon as made (a cut-off plan of a warehouse that trusts its plans).
    public var autoPublish: Bool

    public init(id: String, warehouseId: String, day: PlanningDay, seconds: Double, requestedBy: String?, createdAt: Date,
                trigger: PlanTrigger = .request, autoPublish: Bool = false) {
        self.trigger = trigger
        self.autoPublish = autoPublish
        self.id = id
        self.warehouseId = warehouseId
        self.day = day
        self.seconds = seconds
        self.requestedBy = requestedBy
        self.createdAt = createdAt
    }
}
