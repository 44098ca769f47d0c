import Foundation

/// Dispatch as staff use it: the fleet, plan requests (made in the background by `runNextPlan`), plans.
public struct DispatchService: Sendable {
    public typealias Store = DispatchStore & CatalogStore & UserStore
    let store: any Store
    let planner: DispatchPlanner
    let clock: @Sendable () -> Date
    /// A worker that claimed a plan and fell silent this long ago (a crash) loses it to another.
    public var claimTimeoutSeconds = 600.0
    public static let planners: Set<Role> = [.admin, .dispatcher]

    public init(store: any Store, planner: DispatchPlanner, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.planner = planner
        self.clock = { Date(timeIntervalSince1970: (clock().timeIntervalSince1970 * 1000).rounded() / 1000) }
    }

    public func vehicles(warehouseId: String?) async throws -> [Vehicle] {
        try await store.vehicles(warehouseId: warehouseId)
    }

    public func addVehicle(_ vehicle: Vehicle) async throws -> Vehicle {
        try vehicle.validate()
        guard try await store.warehouses().contains(where: { $0.id == vehicle.warehouseId }) else { throw LogisticsError.notFound("warehouse \(vehicle.warehouseId)") }
        if let driverId = vehicle.driverId { try await requireDriver(driverId) }
        try await store.insertVehicle(vehicle, at: clock())
        return vehicle
    }

    /// Queues a plan for `warehouseId` on `date` (`YYYY-MM-DD`, China time) with a solver budget.
    public func requestPlan(warehouseId: String, date: String, seconds: Double?, by user: User) async throws -> PlanRequest {
        guard let day = PlanningDay(date) else { throw LogisticsError.validation(field: "date", message: "a day that exists, as YYYY-MM-DD") }
        let seconds = seconds ?? 10
        guard (1...120).contains(seconds) else { throw LogisticsError.validation(field: "seconds", message: "1 to 120") }
        guard try await store.warehouses().contains(where: { $0.id == warehouseId }) else { throw LogisticsError.notFound("warehouse \(warehouseId)") }
        guard try await store.vehicles(warehouseId: warehouseId).contains(where: \.active) else {
            throw LogisticsError.conflict(.noVehicles, message: "warehouse \(warehouseId) has no active vehicle to plan with")
        }
        let now = clock()
        let request = PlanRequest(id: Identifier.make("pln", at: now), warehouseId: warehouseId, day: day, seconds: seconds,
                                  requestedBy: user.id, createdAt: now)
        try await store.insertPlanRequest(request)
        return request
    }

    public func plan(id: String) async throws -> DispatchPlan {
        guard let plan = try await store.plan(id: id) else { throw LogisticsError.notFound("plan \(id)") }
        return plan
    }

    /// Routes go to their drivers (see `DispatchStore.publishPlan`).
    public func publish(planId: String) async throws -> DispatchPlan {
        try await store.publishPlan(id: planId, at: clock())
    }

    /// `driverId` drives `vehicleId` on `date`.
    public func assign(driverId: String, vehicleId: String, date: String) async throws {
        guard let day = PlanningDay(date) else { throw LogisticsError.validation(field: "date", message: "a day that exists, as YYYY-MM-DD") }
        try await requireDriver(driverId)
        guard try await store.vehicles(warehouseId: nil).contains(where: { $0.id == vehicleId }) else { throw LogisticsError.notFound("vehicle \(vehicleId)") }
        try await store.assignDriver(driverId: driverId, vehicleId: vehicleId, day: day)
    }

    private func requireDriver(_ id: String) async throws {
        guard let user = try await store.user(id: id), user.role == .driver else { throw LogisticsError.notFound("driver \(id)") }
    }

    /// Claims the oldest waiting plan request and makes the plan; false when none was waiting. The solver
    /// runs off the caller's executor, on its own threads.
    @discardableResult
    public func runNextPlan(owner: String) async throws -> Bool {
        let now = clock()
        guard let request = try await store.claimPlanRequest(owner: owner, at: now, staleBefore: now.addingTimeInterval(-claimTimeoutSeconds)) else {
            return false
        }
        do {
            guard let warehouse = try await store.warehouses().first(where: { $0.id == request.warehouseId }) else {
                throw LogisticsError.notFound("warehouse \(request.warehouseId)")
            }
            let vehicles = try await store.vehicles(warehouseId: warehouse.id)
            let orders = try await store.planningOrders(warehouseId: warehouse.id)
            var planner = planner
            planner.options.seconds = request.seconds
            let made = await Task.detached(priority: .utility) { [planner] in
                let problem = planner.problem(day: request.day, warehouse: warehouse, vehicles: vehicles, orders: orders)
                return planner.plan(problem, id: request.id, now: now).plan
            }.value
            try await store.completePlan(made, at: clock())
        } catch {
            try await store.failPlan(id: request.id, error: "\(error)", at: clock())
        }
        return true
    }
}
