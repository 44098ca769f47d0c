import Foundation
import Routing

/// Dispatch as staff use it: the fleet, plan requests (made in the background by `runNextPlan`), plans.
public struct DispatchService: Sendable {
    public typealias Store = DispatchStore & CatalogStore & UserStore
    let store: any Store
    let planner: DispatchPlanner
    let clock: @Sendable () -> Date
    /// A worker that claimed a plan and fell silent this long ago (a crash) loses it to another.
    public var claimTimeoutSeconds = 600.0
    public static let planners: Set<Role> = [.admin, .dispatcher]
    /// Loading a van takes this long: a plan made during its day sends vans out no earlier than now plus
    /// this, and a van back from a wave leaves again this long after it is back.
    public var loadingMinutes = 30

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

    public func chargingStations() async throws -> [ChargingStation] {
        try await store.chargingStations()
    }

    /// Registers a charger; a warehouse's own must name a warehouse that exists.
    public func addChargingStation(_ station: ChargingStation) async throws -> ChargingStation {
        var station = station
        station.name = station.name.trimmingCharacters(in: .whitespaces)
        try station.validate()
        if let warehouseId = station.warehouseId, !(try await store.warehouses().contains { $0.id == warehouseId }) {
            throw LogisticsError.notFound("warehouse \(warehouseId)")
        }
        try await store.insertChargingStation(station, at: clock())
        return station
    }

    public func removeChargingStation(id: String) async throws {
        guard try await store.deleteChargingStation(id: id) else { throw LogisticsError.notFound("charging station \(id)") }
    }

    /// Queues a plan for `warehouseId` on `date` (`YYYY-MM-DD`, China time) with a solver budget.
    public func requestPlan(warehouseId: String, date: String, seconds: Double?, by user: User) async throws -> PlanRequest {
        guard let day = PlanningDay(date) else { throw LogisticsError.validation(field: "date", message: "a day that exists, as YYYY-MM-DD") }
        guard day.days >= PlanningDay(containing: clock()).days else { throw LogisticsError.validation(field: "date", message: "a day that has not passed") }
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

    /// Keeps `orderId` on `vehicleId` (its current van when nil: a pin where it is; another van: a move)
    /// and re-optimises the rest of the ready plan around it and the other pins, starting from the plan as
    /// it is. An order the plan left out can be pinned onto a van too.
    public func pin(planId: String, orderId: String, vehicleId: String?, seconds: Double?) async throws -> DispatchPlan {
        let plan = try await editablePlan(planId)
        let current = plan.routes.first { $0.stops.contains { $0.orderId == orderId } }?.vehicleId
        guard current != nil || plan.unassigned.contains(where: { $0.orderId == orderId }) else {
            throw LogisticsError.notFound("order \(orderId) in plan \(planId)")
        }
        guard let target = vehicleId ?? current else {
            throw LogisticsError.validation(field: "vehicleId", message: "order \(orderId) is on no route; name the van to put it on")
        }
        var pins = Self.pins(of: plan)
        pins[orderId] = target
        return try await reoptimise(plan, pins: pins, seconds: seconds, moving: (orderId, target))
    }

    /// Re-optimises a ready plan as it stands (its pins kept): what an order's new address asks for.
    public func replan(planId: String, seconds: Double? = nil) async throws -> DispatchPlan {
        let plan = try await editablePlan(planId)
        return try await reoptimise(plan, pins: Self.pins(of: plan), seconds: seconds, moving: nil)
    }

    /// Lets `orderId` go wherever the optimiser puts it, and re-optimises.
    public func unpin(planId: String, orderId: String, seconds: Double?) async throws -> DispatchPlan {
        let plan = try await editablePlan(planId)
        var pins = Self.pins(of: plan)
        guard pins.removeValue(forKey: orderId) != nil else { throw LogisticsError.notFound("a pin of order \(orderId) in plan \(planId)") }
        return try await reoptimise(plan, pins: pins, seconds: seconds, moving: nil)
    }

    private func editablePlan(_ id: String) async throws -> DispatchPlan {
        let plan = try await self.plan(id: id)
        guard plan.status == .ready else {
            throw LogisticsError.conflict(.planState, message: "plan \(id) is \(plan.status.rawValue); only a ready plan can be changed (plan again)")
        }
        return plan
    }

    static func pins(of plan: DispatchPlan) -> [String: String] {
        var pins: [String: String] = [:]
        for route in plan.routes { for stop in route.stops where stop.pinned { pins[stop.orderId] = route.vehicleId } }
        return pins
    }

    private func reoptimise(_ plan: DispatchPlan, pins: [String: String], seconds: Double?, moving: (orderId: String, vehicleId: String)?) async throws -> DispatchPlan {
        let seconds = seconds ?? 2
        guard (0.1...30).contains(seconds) else { throw LogisticsError.validation(field: "seconds", message: "0.1 to 30") }
        guard let warehouse = try await store.warehouses().first(where: { $0.id == plan.warehouseId }), let day = PlanningDay(plan.date) else {
            throw LogisticsError.notFound("warehouse \(plan.warehouseId)")
        }
        let vehicles = try await available(try await store.vehicles(warehouseId: warehouse.id), warehouseId: warehouse.id, day: day, now: clock())
        if let moving, !vehicles.contains(where: { $0.id == moving.vehicleId }) {
            throw LogisticsError.notFound("active vehicle \(moving.vehicleId) of warehouse \(warehouse.id)")
        }
        guard Set(pins.values).count <= PlanRules.maxPinnedVehicles else {
            throw LogisticsError.validation(field: "vehicleId", message: "pins may hold at most \(PlanRules.maxPinnedVehicles) vans")
        }
        // The plan's own orders that can still be planned (a cancelled one drops out here).
        let inPlan = Set(plan.routes.flatMap { $0.stops.map(\.orderId) } + plan.unassigned.map(\.orderId))
        let orders = try await store.planningOrders(warehouseId: warehouse.id, day: day).filter { inPlan.contains($0.orderId) }
        let stations = try await store.chargingStations()
        var planner = planner
        planner.options.seconds = seconds
        let rules = PlanRules(pins: pins.filter { id, _ in orders.contains { $0.orderId == id } })
        let now = clock()
        let made = await Computation.run { [planner] in
            let problem = planner.problem(day: day, warehouse: warehouse, vehicles: vehicles, orders: orders, rules: rules, stations: stations)
            var start = DispatchPlanner.solution(of: plan, in: problem)
            if let moving, let client = orders.firstIndex(where: { $0.orderId == moving.orderId }).map({ $0 + 1 }),
               let type = problem.vehicles.firstIndex(where: { $0.id == moving.vehicleId }) {
                for k in start.routes.indices { start.routes[k].visits.removeAll { $0 == client } }
                if let k = start.routes.firstIndex(where: { $0.vehicleType == type }) {
                    start.routes[k].visits.append(client)
                } else {
                    start.routes.append(Solution.Route(vehicleType: type, visits: [client]))
                }
            }
            return planner.plan(day: day, warehouse: warehouse, vehicles: vehicles, orders: orders, rules: rules, stations: stations, id: plan.id, now: now,
                                initial: Solution(routes: start.routes))
        }
        return try await store.replaceReadyPlan(made, at: clock())
    }

    /// The active fleet as it can still serve `day` from `now`: on the day itself no van leaves before now
    /// plus loading, and a van on a route under way leaves again once back and loaded; a van with no shift
    /// left is not planned.
    func available(_ vehicles: [Vehicle], warehouseId: String, day: PlanningDay, now: Date) async throws -> [Vehicle] {
        let busy = try await store.vehiclesBusy(warehouseId: warehouseId, day: day)
        let loading = Double(loadingMinutes * 60)
        return vehicles.filter(\.active).compactMap { vehicle in
            var earliest = day.days == PlanningDay(containing: now).days ? now.addingTimeInterval(loading) : day.start
            if let back = busy[vehicle.id] { earliest = max(earliest, back.addingTimeInterval(loading)) }
            let minute = Int((Double(day.seconds(to: earliest)) / 60).rounded(.up))
            var vehicle = vehicle
            vehicle.shiftStartMinute = max(vehicle.shiftStartMinute, minute)
            return vehicle.shiftStartMinute < vehicle.shiftEndMinute ? vehicle : nil
        }
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
        guard let request = try await claimPlan(owner: owner) else { return false }
        let inputs: PlanInputs
        do {
            inputs = try await self.inputs(of: request, identifiers: Identifier.seeded)
        } catch {
            try await store.failPlan(id: request.id, error: "\(error)", at: clock())
            return true
        }
        try await finish(inputs.request, await solve(inputs))
        return true
    }

    /// Claims every waiting plan request (oldest first) and makes their plans, up to `width` solves at once:
    /// the warehouses of one cut-off are planned side by side. Each plan's inputs are read, and each plan is
    /// stored and published, in the order claimed, so the plans do not depend on which solve ends first;
    /// under a seeded identifier source each solve draws from a source of its own, seeded in that order, so
    /// the same seed still gives the same plans (the simulator's promise). Returns how many were claimed.
    @discardableResult
    public func runWaitingPlans(owner: String, width: Int) async throws -> Int {
        var claimed: [PlanInputs] = []
        var count = 0
        while let request = try await claimPlan(owner: owner) {
            count += 1
            do {
                claimed.append(try await inputs(of: request, identifiers: Identifier.seeded.map { SeededRandom(seed: $0.next()) }))
            } catch {
                try await store.failPlan(id: request.id, error: "\(error)", at: clock())
            }
        }
        var made = [DispatchPlan?](repeating: nil, count: claimed.count)
        await withTaskGroup(of: (Int, DispatchPlan).self) { group in
            var next = 0
            func add() {
                let index = next, inputs = claimed[index]
                group.addTask { (index, await solve(inputs)) }
                next += 1
            }
            while next < min(max(1, width), claimed.count) { add() }
            for await (index, plan) in group {
                made[index] = plan
                if next < claimed.count { add() }
            }
        }
        for (inputs, plan) in zip(claimed, made) {
            guard let plan else { continue }
            try await finish(inputs.request, plan)
        }
        return count
    }

    /// What one plan is made from, read when its request is claimed.
    struct PlanInputs: Sendable {
        var request: PlanRequest
        var warehouse: Warehouse
        var vehicles: [Vehicle]
        var orders: [PlanningOrder]
        var stations: [ChargingStation]
        var now: Date
        /// The identifier source the solve's routes and stops draw from (nil: the system's).
        var identifiers: SeededRandom?
    }

    private func claimPlan(owner: String) async throws -> PlanRequest? {
        let now = clock()
        return try await store.claimPlanRequest(owner: owner, at: now, staleBefore: now.addingTimeInterval(-claimTimeoutSeconds))
    }

    private func inputs(of request: PlanRequest, identifiers: SeededRandom?) async throws -> PlanInputs {
        let now = clock()
        guard let warehouse = try await store.warehouses().first(where: { $0.id == request.warehouseId }) else {
            throw LogisticsError.notFound("warehouse \(request.warehouseId)")
        }
        let vehicles = try await available(try await store.vehicles(warehouseId: warehouse.id), warehouseId: warehouse.id, day: request.day, now: now)
        return PlanInputs(request: request, warehouse: warehouse, vehicles: vehicles, orders: try await store.planningOrders(warehouseId: warehouse.id, day: request.day),
                          stations: try await store.chargingStations(), now: now, identifiers: identifiers)
    }

    private func solve(_ inputs: PlanInputs) async -> DispatchPlan {
        var planner = planner
        planner.options.seconds = inputs.request.seconds
        return await Computation.run { [planner] in
            Identifier.$seeded.withValue(inputs.identifiers) {
                planner.plan(day: inputs.request.day, warehouse: inputs.warehouse, vehicles: inputs.vehicles, orders: inputs.orders,
                             stations: inputs.stations, id: inputs.request.id, now: inputs.now)
            }
        }
    }

    /// Stores a made plan (or its failure) and publishes it when its request says so.
    private func finish(_ request: PlanRequest, _ made: DispatchPlan) async throws {
        do {
            try await store.completePlan(made, at: clock())
        } catch {
            try await store.failPlan(id: request.id, error: "\(error)", at: clock())
            return
        }
        if request.autoPublish {
            // A plan that cannot go out by itself (a van without a driver) waits, ready, for a dispatcher.
            _ = try? await store.publishPlan(id: request.id, at: clock())
        }
    }

    // MARK: - Cut-offs

    public func cutoffs() async throws -> [(schedule: CutoffSchedule, nextRunAt: Date?)] {
        try await store.cutoffSchedules()
    }

    /// Sets a warehouse's cut-offs ("HH:MM", China time; none: plans only on request).
    public func setCutoffs(warehouseId: String, times: [String], seconds: Double?, autoPublish: Bool?) async throws -> (schedule: CutoffSchedule, nextRunAt: Date?) {
        var minutes: [Int] = []
        for (index, time) in times.enumerated() {
            guard let minute = CutoffSchedule.minute(of: time) else { throw LogisticsError.validation(field: "times[\(index)]", message: "a time of day as HH:MM") }
            minutes.append(minute)
        }
        guard try await store.warehouses().contains(where: { $0.id == warehouseId }) else { throw LogisticsError.notFound("warehouse \(warehouseId)") }
        let schedule = CutoffSchedule(warehouseId: warehouseId, minutes: minutes, seconds: seconds ?? 30, autoPublish: autoPublish ?? false)
        try schedule.validate()
        let next = schedule.nextRun(after: clock())
        try await store.setCutoffSchedule(schedule, nextRunAt: next)
        return (schedule, next)
    }

    /// Queues a plan for every warehouse whose cut-off has come (once, however many instances call this)
    /// and moves each on to its next cut-off. A warehouse without an active van only moves on. Cut-offs
    /// missed while no instance ran are made up by one plan, not one each.
    @discardableResult
    public func runDueCutoffs() async throws -> [PlanRequest] {
        let now = clock()
        var queued: [PlanRequest] = []
        for (schedule, due) in try await store.dueCutoffs(at: now) {
            let next = schedule.nextRun(after: max(due, now))
            let hasVans = try await store.vehicles(warehouseId: schedule.warehouseId).contains(where: \.active)
            let request = hasVans ? PlanRequest(id: Identifier.make("pln", at: now), warehouseId: schedule.warehouseId, day: PlanningDay(containing: due),
                                                seconds: schedule.seconds, requestedBy: nil, createdAt: now, trigger: .cutoff,
                                                autoPublish: schedule.autoPublish) : nil
            if try await store.enqueueCutoff(warehouseId: schedule.warehouseId, due: due, next: next, request: request), let request {
                queued.append(request)
            }
        }
        return queued
    }
}
