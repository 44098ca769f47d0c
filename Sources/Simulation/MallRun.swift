import Foundation
import Logging
import Logistics
import Storage

/// One policy living through one world: the product's own services on an embedded database in a temporary
/// file, driven by a virtual clock from event to event. Customers order and pay, the warehouse picks and
/// packs, the cut-offs plan and publish, drivers drive the routes in the world's actual traffic and deliver
/// (or fail), carriers take what the fleet cannot, suppliers deliver what was ordered after their lead time.
final class MallRun {
    enum Event {
        case arrival(Int)
        case pack(String)
        case cutoff
        case startRoute(String)
        case drive(String)
        case handOver(route: String, stop: String)
        case carrierDelivers(order: String)
        case incident(Int)
        case nightly
        case receive(purchaseOrder: String)
        case endOfDay(Int)

        /// What the time a run spends is reported by.
        var kind: String {
            switch self {
            case .arrival: "orders"
            case .pack: "packing"
            case .cutoff: "plans"
            case .startRoute, .drive, .handOver: "driving"
            case .carrierDelivers: "carriers"
            case .incident: "traffic"
            case .receive: "receipts"
            case .nightly: "replenishment"
            case .endOfDay: "day close"
            }
        }
    }

    /// Where a van is on a started route.
    struct Progress {
        var position: GeoPoint
        var time: Date
        var departure: Date
        var lastSequence = 0
        var km = 0.0
        var chargedAfter: Set<Int> = []
        var kWhPerKm: Double?
        var driver: User
        /// The stop the van is driving to, as the route stood when it set off (saves a read per stop).
        var heading: (id: String, orderId: String, sequence: Int, reports: Int)?
        /// The path so far, kept on the sample day only.
        var path: [GeoPoint]?
    }

    /// The day whose routes the report draws: the day after a flash sale, else the second.
    var sampleDay: Int {
        PlanningDay(days: world.scenario.startDay.days + min(world.scenario.days - 1, (world.scenario.flashSale?.day ?? 0) + 1)).days
    }

    func moved(_ van: inout Progress, to place: GeoPoint) {
        van.position = place
        van.path?.append(place)
    }

    let world: World
    /// The actual traffic, which the vans drive in.
    let travel: CityTravelTimes
    let policy: SimulationPolicy
    let clock: VirtualClock
    let store: SQLLogisticsStore
    let client: any DatabaseClient
    /// Solver iterations per plan (ours): a fixed budget, so a run repeats exactly; and the iterations without
    /// a better plan after which a plan stops early (nil: never).
    let iterations: Int
    let patience: Int?

    let orders: OrderService
    let dispatch: DispatchService
    let drivers: DriverService
    let traffic: TrafficService
    let tracking: TrackingService
    let replenishment: ReplenishmentService
    let purchasing: PurchasingService

    var queue = EventQueue<Event>()
    let staff: User
    var customers: [(user: User, address: Address)] = []
    var driverUsers: [String: User] = [:]
    var unitCost: [String: Int] = [:]
    var suppliers: [Supplier] = []

    // What happened, kept as it happens (the store holds the same; tests check they agree).
    var arrivalOf: [String: Int] = [:]
    var paidAt: [String: Date] = [:]
    var promise: [String: Date] = [:]
    var deliveredAt: [String: Date] = [:]
    var attempts: [String: Int] = [:]
    var progress: [String: Progress] = [:]
    /// Orders the warehouse has packed (saves reading each again when its van is loaded).
    var packed: Set<String> = []
    /// Vans on the road, and when each came back last (a van's next route waits for it and its loading).
    var onTheRoad: Set<String> = []
    var backAt: [String: Date] = [:]
    /// Stops the product refused to close (409). Before parcels (`Parcel`) these were the second van's stops
    /// of orders split over two warehouses; none is expected now, and one would be a bug. The van moves on.
    var refused: Set<String> = []
    var refusedStops = 0
    /// Traffic reports made so far (each may re-sequence live routes).
    var trafficReports = 0
    var unitsWanted = 0, unitsLost = 0, unitsSoldCostCents = 0
    var figures = RunFigures()
    var deliveredToday: [Double] = []
    /// The baseline's static reorder points and order-up-to levels.
    var staticLevels: [StockKey: (reorder: Double, upTo: Double)] = [:]
    var inbound: [StockKey: Int] = [:]

    static let owner = "simulator"

    private init(world: World, policy: SimulationPolicy, client: any DatabaseClient, iterations: Int, patience: Int?) {
        self.world = world
        travel = world.travel
        self.policy = policy
        self.client = client
        self.iterations = iterations
        self.patience = patience
        clock = VirtualClock(PlanningDay(days: world.scenario.startDay.days - 1).at(minute: 23 * 60))
        store = SQLLogisticsStore(client: client)
        let read = clock.read
        orders = OrderService(store: store, clock: read)
        var planner = DispatchPlanner(travel: CityTravelTimes(), seconds: 1, threads: 1, seed: world.seed)
        planner.iterationBudget = iterations
        planner.options.noImprovement = patience
        // The plan without the zone rule only states what the rule costs, a figure no report here shows.
        planner.pricesZoneRule = false
        if policy == .baseline { planner.baseline = .soonestNext }
        dispatch = DispatchService(store: store, planner: planner, clock: read)
        drivers = DriverService(store: store, clock: read)
        var traffic = TrafficService(store: store, clock: read)
        // Re-sequencing by iterations alone (the product's is by wall time, which no run could repeat), as
        // many as a live jam typically leaves each route in the product's 0.8 s.
        traffic.retimer.replanBudgetSeconds = nil
        traffic.retimer.replanOptions.iterations = 200
        self.traffic = traffic
        tracking = TrackingService(store: store, clock: read)
        replenishment = ReplenishmentService(store: store, clock: read)
        purchasing = PurchasingService(store: store, clock: read)
        staff = User(id: "usr_sim_admin", email: "admin@sim.chargemall.cn", name: "Simulated staff", phone: "0", role: .admin, createdAt: clock.now)
    }

    /// Runs `policy` through `world` in a database under `folder` (removed afterwards).
    /// `inspect` sees the store and the figures before the database goes (tests check the two agree).
    static func run(world: World, policy: SimulationPolicy, folder: String, iterations: Int, patience: Int?,
                    inspect: ((SQLLogisticsStore, RunFigures) async throws -> Void)? = nil,
                    progress: @Sendable (String) -> Void) async throws -> RunFigures {
        var logger = Logger(label: "chargemall.simulate")
        logger.logLevel = .warning
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/\(policy.rawValue)-\(world.seed).sqlite"
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        let client = try await DatabaseURL.sqlite(path: path).connect(logger: logger)
        let run = MallRun(world: world, policy: policy, client: client, iterations: iterations, patience: patience)
        do {
            let random = SeededRandom(seed: world.seed ^ 0x5151)
            let figures = try await Identifier.$seeded.withValue(random) {
                try await run.setUp()
                return try await run.loop(progress: progress)
            }
            try await inspect?(run.store, figures)
            await client.shutdown()
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            return figures
        } catch {
            await client.shutdown()
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            throw error
        }
    }

    // MARK: The mall on the eve of the first day

    func setUp() async throws {
        let scenario = world.scenario
        let now = clock.now
        try await store.insertUser(staff, passwordHash: "-")
        for warehouse in DemoCatalog.warehouses { try await store.insertWarehouse(warehouse) }
        for product in DemoCatalog.products { try await store.upsertProduct(product) }
        suppliers = DemoDemandHistory.suppliers
        for supplier in suppliers {
            try await store.saveSupplier(supplier)
            for item in supplier.items { unitCost[item.sku] = item.unitCostCents }
        }
        try await store.importDemand(world.history)
        // The merchant's calendar: promotions and the flash sale are known ahead (what ours plans stock by).
        for (n, promotion) in scenario.promotions.enumerated() {
            try await store.insertPromotion(PromotionEvent(
                id: "evp_sim_\(n)", name: promotion.name, kind: promotion.name.contains("Double 11") ? .double11 : .other,
                startDate: PlanningDay(days: scenario.startDay.days + promotion.day),
                endDate: PlanningDay(days: scenario.startDay.days + promotion.day + promotion.days - 1), uplift: promotion.uplift))
        }
        if let sale = scenario.flashSale {
            let day = PlanningDay(days: scenario.startDay.days + sale.day)
            // A promotion's uplift is its week's demand over an ordinary week's.
            let usualWeek = 7 * max(world.meanDailyUnits[sale.sku] ?? 1, 0.1)
            try await store.insertPromotion(PromotionEvent(id: "evp_sim_flash", name: "Flash sale of \(sale.sku)", kind: .flashSale, startDate: day, endDate: day,
                                                           uplift: (Double(sale.buyers) + usualWeek) / usualWeek, skus: [sale.sku]))
        }
        // Opening stock: the scenario's weeks of mean demand at each warehouse's share; installation crews'
        // slots (counted as stock) for the whole period with room to spare, the same for both policies.
        let shares = World.warehouseShares
        var opening: [StockMovementRequest] = []
        for warehouse in DemoCatalog.warehouses {
            for (sku, mean) in world.meanDailyUnits.sorted(by: { $0.key < $1.key }) {
                let share = shares[warehouse.id] ?? 0.33
                let isInstallation = DemoCatalog.products.first { $0.sku == sku }?.category == .installation
                let days = isInstallation ? Double(scenario.days) * 3 + 30 : 7 * scenario.openingStockWeeks
                let quantity = Int((mean * share * days).rounded(.up)) + (isInstallation ? 20 : 2)
                opening.append(StockMovementRequest(warehouseId: warehouse.id, sku: sku, kind: .receipt, quantity: quantity, note: "opening stock"))
            }
        }
        try await store.record(opening, at: now)
        // The baseline's rule, fixed on the eve: two weeks of average sales, up to six weeks'.
        let lastTwoWeeks = world.history.filter { $0.day.days >= scenario.startDay.days - 14 }
        var sold: [StockKey: Int] = [:]
        for record in lastTwoWeeks { sold[StockKey(warehouseId: record.warehouseId, sku: record.sku), default: 0] += record.servedUnits }
        for (key, units) in sold {
            let daily = Double(units) / 14
            staticLevels[key] = (reorder: 14 * daily, upTo: 42 * daily)
        }

        var index = 0
        for vehicle in DemoDispatchDay.fleet(sizes: DemoCatalog.warehouses.map { ($0, scenario.vansPerWarehouse) }) {
            index += 1
            let driver = User(id: "usr_sim_driver\(index)", email: "driver\(index)@sim.chargemall.cn", name: "Driver \(index)", phone: "0", role: .driver, createdAt: now)
            try await store.insertUser(driver, passwordHash: "-")
            driverUsers[driver.id] = driver
            var vehicle = vehicle
            vehicle.driverId = driver.id
            try await store.insertVehicle(vehicle, at: now)
        }
        for station in DemoDispatchDay.chargingStations() { try await store.insertChargingStation(station, at: now) }
        for warehouse in DemoCatalog.warehouses {
            _ = try await dispatch.setCutoffs(warehouseId: warehouse.id, times: ["07:00", "13:00"], seconds: 1, autoPublish: true)
        }
        for (n, customer) in world.customers.enumerated() {
            let user = User(id: "usr_sim_c\(n)", email: "c\(n)@sim.chargemall.cn", name: "Customer \(n)", phone: "0", role: .customer, createdAt: now)
            try await store.insertUser(user, passwordHash: "-")
            let address = Address(id: "adr_sim_c\(n)", customerId: user.id, recipient: user.name, phone: "13800000000", region: "Shenzhen \(customer.district)",
                                  detail: "Building \(n % 40 + 1)", latitude: customer.location.latitude, longitude: customer.location.longitude)
            try await store.insertAddress(address)
            customers.append((user, address))
        }

        for (index, arrival) in world.arrivals.enumerated() { queue.schedule(.arrival(index), at: arrival.time) }
        for (index, incident) in world.incidents.enumerated() { queue.schedule(.incident(index), at: incident.slowdown.from) }
        try await orderFlashStock()
        for offset in 0..<scenario.days {
            let day = PlanningDay(days: scenario.startDay.days + offset)
            queue.schedule(.nightly, at: day.at(minute: 2 * 60))
            queue.schedule(.cutoff, at: day.at(minute: 7 * 60))
            queue.schedule(.cutoff, at: day.at(minute: 13 * 60))
            queue.schedule(.endOfDay(offset), at: day.at(minute: 24 * 60).addingTimeInterval(-1))
        }
    }

    // MARK: The event loop

    func loop(progress: @Sendable (String) -> Void) async throws -> RunFigures {
        // Wall time per kind of event, reported at the end: where a run's minutes go.
        var spent: [String: Duration] = [:]
        // The same for the last ten days, so that a long run shows whether some kind of event slows down as it goes.
        var recent: [String: Duration] = [:]
        let wall = ContinuousClock()
        let started = wall.now
        let seconds = { (duration: Duration) in String(format: "%.0f s", duration / .seconds(1)) }
        let breakdown = { (spent: [String: Duration]) in
            spent.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key) \(seconds($0.value))" }.joined(separator: ", ")
        }
        while let next = queue.pop() {
            let (time, event) = (next.time, next.event)
            guard time < world.end else { continue }
            clock.advance(to: time)
            let eventStarted = wall.now
            defer {
                let took = wall.now - eventStarted
                spent[event.kind, default: .zero] += took
                recent[event.kind, default: .zero] += took
            }
            switch event {
            case .arrival(let index): try await arrive(index)
            case .pack(let orderId): try await pack(orderId)
            case .cutoff: try await cutoff()
            case .startRoute(let routeId): try await start(routeId)
            case .drive(let routeId): try await drive(routeId)
            case .handOver(let routeId, let stopId): try await handOver(routeId: routeId, stopId: stopId)
            case .carrierDelivers(let orderId): try await carrierDelivers(orderId)
            case .incident(let index): try await incident(index)
            case .nightly: try await replenish()
            case .receive(let id): try await receive(id)
            case .endOfDay(let offset):
                try await endOfDay(offset)
                progress("\(policy.rawValue): day \(offset + 1)/\(world.scenario.days), \(figures.ordersPlaced) orders, \(deliveredAt.count) delivered")
                if (offset + 1) % 10 == 0, offset + 1 < world.scenario.days {
                    progress("\(policy.rawValue): days \(offset - 8)–\(offset + 1): \(breakdown(recent))\n")
                    recent = [:]
                }
            }
        }
        let total = wall.now - started
        progress("\(policy.rawValue): \(world.scenario.days) days in \(seconds(total)) (\(breakdown(spent)))\n")
        return try await finish()
    }

    // MARK: Orders and the warehouse

    func arrive(_ index: Int) async throws {
        let arrival = world.arrivals[index]
        let (user, address) = customers[arrival.customer]
        let units = arrival.lines.reduce(0) { $0 + $1.quantity }
        unitsWanted += units
        let placed: Order
        do {
            placed = try await orders.place(PlaceOrderCommand(lines: arrival.lines, addressId: address.id, deliveryWindow: arrival.window),
                                            by: user, idempotencyKey: "sim-\(index)").order
        } catch LogisticsError.insufficientStock {
            unitsLost += units
            return
        }
        figures.ordersPlaced += 1
        arrivalOf[placed.id] = index
        let paid = try await orders.pay(orderId: placed.id, amountCents: placed.totalCents, providerReference: "sim-\(index)")
        paidAt[placed.id] = clock.now
        promise[placed.id] = paid.deliveryWindow?.end ?? paid.promisedDate ?? clock.now.addingTimeInterval(3 * 86_400)
        unitsSoldCostCents += arrival.lines.reduce(0) { $0 + $1.quantity * (unitCost[$1.sku] ?? 0) }
        _ = try await orders.transition(id: placed.id, to: .allocated, by: staff, note: nil)
        // The warehouse picks and packs within the hour.
        queue.schedule(.pack(placed.id), at: clock.now.addingTimeInterval(45 * 60))
    }

    func pack(_ orderId: String) async throws {
        guard !packed.contains(orderId), let order = try await store.order(id: orderId) else { return }
        var status = order.status
        for next in [OrderStatus.picking, .packed] where status != .packed {
            guard status == .allocated || status == .picking else { return }
            _ = try await orders.transition(id: orderId, to: next, by: staff, note: nil)
            status = next
        }
        if status == .packed { packed.insert(orderId) }
    }

    // MARK: Dispatch

    func cutoff() async throws {
        let requests = try await dispatch.runDueCutoffs()
        // The warehouses' plans side by side, as the product's plan workers would make them.
        try await dispatch.runWaitingPlans(owner: Self.owner, width: ProcessInfo.processInfo.activeProcessorCount)
        for request in requests {
            var plan = try await dispatch.plan(id: request.id)
            if plan.status == .ready { plan = try await dispatch.publish(planId: plan.id) }
            guard plan.status == .published else { continue }
            // In a fixed order: vans leaving at the same moment are taken van by van, so a run repeats exactly.
            for route in plan.routes.sorted(by: { $0.vehicleId < $1.vehicleId }) { queue.schedule(.startRoute(route.id), at: max(clock.now, route.departure)) }
            for left in plan.unassigned.sorted(by: { $0.orderId < $1.orderId }) where left.action == .carrier { try await handToCarrier(left.orderId) }
        }
    }

    func start(_ routeId: String) async throws {
        guard let route = try await store.driverRoute(id: routeId), route.status == .planned,
              let driverId = route.driverId, let driver = driverUsers[driverId] else { return }
        // The plan expected the van back from its last route sooner than the traffic let it: it leaves once
        // back and loaded.
        if onTheRoad.contains(route.vehicleId) {
            queue.schedule(.startRoute(routeId), at: clock.now.addingTimeInterval(600))
            return
        }
        if let back = backAt[route.vehicleId], back.addingTimeInterval(Double(dispatch.loadingMinutes * 60)) > clock.now {
            queue.schedule(.startRoute(routeId), at: back.addingTimeInterval(Double(dispatch.loadingMinutes * 60)))
            return
        }
        // Whatever the warehouse has not packed yet is packed before the van is loaded.
        for stop in route.stops where stop.status == .pending { try await pack(stop.orderId) }
        let started = try await drivers.start(routeId: routeId, driver: driver)
        guard started.status == .started, let warehouse = DemoCatalog.warehouses.first(where: { $0.id == route.warehouseId }) else { return }
        let vehicle = try await store.vehicles(warehouseId: route.warehouseId).first { $0.id == route.vehicleId }
        onTheRoad.insert(route.vehicleId)
        progress[routeId] = Progress(position: warehouse.location, time: clock.now, departure: clock.now, kWhPerKm: vehicle?.electric?.kWhPerKm, driver: driver,
                                     path: PlanningDay(containing: clock.now).days == sampleDay ? [warehouse.location] : nil)
        queue.schedule(.drive(routeId), at: clock.now)
    }

    /// The van's next leg as the route now stands (ours may have re-planned it): to a charging stop due after
    /// the last stop served, else to the next pending stop, else home.
    func drive(_ routeId: String) async throws {
        guard var van = progress[routeId], let route = try await store.driverRoute(id: routeId) else { return }
        if let due = route.chargingStops.enumerated().first(where: { $0.element.afterStop == van.lastSequence && !van.chargedAfter.contains($0.offset) }) {
            let (index, charge) = (due.offset, due.element)
            let leg = travel.travel(from: van.position, to: charge.location, departingAt: van.time)
            van.km += leg.metres / 1000
            van.time = van.time.addingTimeInterval(leg.seconds + Double(charge.minutes * 60))
            moved(&van, to: charge.location)
            van.chargedAfter.insert(index)
            progress[routeId] = van
            queue.schedule(.drive(routeId), at: van.time)
            return
        }
        guard let next = route.stops.filter({ $0.status == .pending && !refused.contains($0.id) }).min(by: { $0.sequence < $1.sequence }) else {
            let home = DemoCatalog.warehouses.first { $0.id == route.warehouseId }?.location ?? van.position
            let leg = travel.travel(from: van.position, to: home, departingAt: van.time)
            van.km += leg.metres / 1000
            let back = van.time.addingTimeInterval(leg.seconds)
            figures.km += van.km
            figures.kwh += van.km * (van.kWhPerKm ?? 0)
            figures.vehicleHours += back.timeIntervalSince(van.departure) / 3600
            moved(&van, to: home)
            onTheRoad.remove(route.vehicleId)
            backAt[route.vehicleId] = back
            if let path = van.path { figures.sampleDayRoutes.append(path.map { [$0.latitude, $0.longitude] }) }
            progress[routeId] = nil
            return
        }
        let leg = travel.travel(from: van.position, to: next.location, departingAt: van.time)
        let arrival = van.time.addingTimeInterval(leg.seconds)
        let begin = max(arrival, next.windowStart ?? arrival)
        van.km += leg.metres / 1000
        moved(&van, to: next.location)
        van.time = begin.addingTimeInterval(Double(next.serviceMinutes * 60))
        van.heading = (next.id, next.orderId, next.sequence, trafficReports)
        progress[routeId] = van
        queue.schedule(.handOver(route: routeId, stop: next.id), at: van.time)
    }

    func handOver(routeId: String, stopId: String) async throws {
        // The stop as the route stood when the van set off for it, unless a traffic report came since (ours
        // re-sequences a live route's stops then): only that case needs the route read again.
        guard var van = progress[routeId], var stop = van.heading, stop.id == stopId else { return }
        var pending = true
        if stop.reports != trafficReports {
            guard let route = try await store.driverRoute(id: routeId), let now = route.stops.first(where: { $0.id == stopId }) else { return }
            stop.sequence = now.sequence
            pending = now.status == .pending
        }
        let driver = van.driver
        van.lastSequence = stop.sequence
        van.heading = nil
        progress[routeId] = van
        if pending {
            let attempt = (attempts[stop.orderId] ?? 0) + 1
            attempts[stop.orderId] = attempt
            do {
                if world.deliveryFails(arrival: arrivalOf[stop.orderId] ?? -1, attempt: attempt) {
                    _ = try await drivers.fail(stopId: stopId, reason: "Nobody home", driver: driver)
                } else {
                    _ = try await drivers.deliver(stopId: stopId, recipientName: "Customer", note: nil, driver: driver)
                    // A split order is delivered with its last parcel.
                    if try await store.order(id: stop.orderId)?.status == .delivered { delivered(stop.orderId) }
                }
            } catch LogisticsError.conflict(.stopState, _) {
                refused.insert(stopId)
                refusedStops += 1
            }
        }
        queue.schedule(.drive(routeId), at: clock.now)
    }

    func delivered(_ orderId: String) {
        guard deliveredAt[orderId] == nil else { return }
        deliveredAt[orderId] = clock.now
        if let paid = paidAt[orderId] { deliveredToday.append(clock.now.timeIntervalSince(paid) / 3600) }
    }

    /// An order the fleet cannot take by its promise goes with a carrier, which delivers after its hours.
    func handToCarrier(_ orderId: String) async throws {
        try await pack(orderId)
        guard let order = try await store.order(id: orderId), order.status == .packed, order.shipments.count == 1 else { return }
        _ = try await tracking.assignWaybill(orderId: orderId, shipmentId: nil, carrierCode: "SF", waybillNumber: "SIM\(arrivalOf[orderId] ?? 0)", by: staff)
        _ = try await tracking.ingest(CarrierUpdate(carrierCode: "SF", waybillNumber: "SIM\(arrivalOf[orderId] ?? 0)", status: "inTransit",
                                                    occurredAt: clock.now, place: "Shenzhen", description: "Collected by the carrier"))
        queue.schedule(.carrierDelivers(order: orderId), at: clock.now.addingTimeInterval(world.carrierHours(arrival: arrivalOf[orderId] ?? 0) * 3600))
    }

    func carrierDelivers(_ orderId: String) async throws {
        _ = try await tracking.ingest(CarrierUpdate(carrierCode: "SF", waybillNumber: "SIM\(arrivalOf[orderId] ?? 0)", status: "delivered",
                                                    occurredAt: clock.now, place: "Shenzhen", description: "Delivered by the carrier"))
        delivered(orderId)
    }

    /// The world's traffic: ours hears of each incident as it starts (re-timing and re-planning live routes);
    /// the baseline does not. Either way the vans drive in it.
    func incident(_ index: Int) async throws {
        guard policy == .ours else { return }
        let incident = world.incidents[index]
        let slowdown = incident.slowdown
        guard slowdown.to > clock.now else { return }
        trafficReports += 1
        _ = try await traffic.report(centre: slowdown.centre, radiusKm: slowdown.radiusMetres / 1000, factor: slowdown.factor, from: slowdown.from,
                                     to: slowdown.to, reason: incident.reason, by: staff)
    }

    // MARK: Stock

    /// The stock bought in for the flash sale: one purchase order on the eve of the first day, shared out by the
    /// warehouses' demand, received two days before the sale. An order rather than stock from nowhere, so that
    /// both policies count it as on order from the start: ours' nightly run sees the sale's stock coming and
    /// does not buy it a second time.
    func orderFlashStock() async throws {
        guard let sale = world.scenario.flashSale, sale.stock > 0,
              let supplier = suppliers.first(where: { $0.items.contains { $0.sku == sale.sku } }) else { return }
        let shares = World.warehouseShares
        var left = sale.stock
        var lines: [PurchasingService.Line] = []
        for (index, warehouse) in DemoCatalog.warehouses.enumerated() {
            let quantity = index == DemoCatalog.warehouses.count - 1 ? left : Int((Double(sale.stock) * (shares[warehouse.id] ?? 0)).rounded())
            left -= quantity
            if quantity > 0 { lines.append(PurchasingService.Line(sku: sale.sku, warehouseId: warehouse.id, quantity: quantity)) }
        }
        let order = try await purchasing.draft(supplierId: supplier.id, lines: lines, note: "flash sale stock", by: staff)
        _ = try await purchasing.step(.approve, id: order.id, by: staff)
        _ = try await purchasing.step(.send, id: order.id, by: staff)
        for line in lines { inbound[StockKey(warehouseId: line.warehouseId, sku: line.sku), default: 0] += line.quantity }
        queue.schedule(.receive(purchaseOrder: order.id), at: PlanningDay(days: world.scenario.startDay.days + sale.day - 2).at(minute: 10 * 60))
    }

    func replenish() async throws {
        switch policy {
        case .ours:
            _ = try await replenishment.queueNightlyRun(owner: Self.owner)
            while try await replenishment.runNext(owner: Self.owner) != nil {}
            let open = try await replenishment.suggestions(warehouseId: nil, kind: .purchase, state: .open, before: nil, limit: 1000, by: staff)
            guard !open.isEmpty else { return }
            for order in try await purchasing.draft(fromSuggestions: open.map(\.id), note: "nightly run", by: staff) { try await send(order) }
        case .baseline:
            let levels = try await store.stockLevels(skus: nil, warehouseId: nil)
            var lines: [String: [PurchasingService.Line]] = [:]
            for level in levels.sorted(by: { ($0.warehouseId, $0.sku) < ($1.warehouseId, $1.sku) }) {
                let key = StockKey(warehouseId: level.warehouseId, sku: level.sku)
                guard let rule = staticLevels[key], rule.upTo > 0,
                      let supplier = suppliers.first(where: { $0.items.contains { $0.sku == level.sku } }),
                      let item = supplier.items.first(where: { $0.sku == level.sku }) else { continue }
                let position = level.available + (inbound[key] ?? 0)
                guard Double(position) <= rule.reorder else { continue }
                var quantity = max(item.minimumOrder, Int((rule.upTo - Double(position)).rounded(.up)))
                if item.packSize > 1 { quantity = (quantity + item.packSize - 1) / item.packSize * item.packSize }
                guard quantity > 0 else { continue }
                lines[supplier.id, default: []].append(PurchasingService.Line(sku: level.sku, warehouseId: level.warehouseId, quantity: quantity))
            }
            for (supplierId, lines) in lines.sorted(by: { $0.key < $1.key }) {
                try await send(try await purchasing.draft(supplierId: supplierId, lines: lines, note: "reorder point", by: staff))
            }
        }
    }

    /// Approved and sent; it arrives after the supplier's lead time as the world draws it.
    func send(_ order: PurchaseOrder) async throws {
        _ = try await purchasing.step(.approve, id: order.id, by: staff)
        _ = try await purchasing.step(.send, id: order.id, by: staff)
        guard let supplier = suppliers.first(where: { $0.id == order.supplierId }) else { return }
        let today = PlanningDay(containing: clock.now)
        let lead = order.lines.map { world.leadDays(supplier: supplier, sku: $0.sku, orderedOn: today) }.max() ?? Int(supplier.leadTimeDays)
        for line in order.lines { inbound[StockKey(warehouseId: line.warehouseId, sku: line.sku), default: 0] += line.quantity }
        queue.schedule(.receive(purchaseOrder: order.id), at: PlanningDay(days: today.days + lead).at(minute: 10 * 60))
    }

    func receive(_ id: String) async throws {
        let order = try await purchasing.purchaseOrder(id: id, by: staff)
        let lines = order.lines.filter { $0.quantity > $0.received }.map { PurchasingService.Line(sku: $0.sku, warehouseId: $0.warehouseId, quantity: $0.quantity - $0.received) }
        guard !lines.isEmpty else { return }
        _ = try await purchasing.receive(purchaseOrderId: id, lines: lines, idempotencyKey: "receive-\(id)", by: staff)
        for line in lines { inbound[StockKey(warehouseId: line.warehouseId, sku: line.sku), default: 0] -= line.quantity }
    }

    // MARK: Figures

    func endOfDay(_ offset: Int) async throws {
        let day = PlanningDay(days: world.scenario.startDay.days + offset)
        try await store.snapshotStock(day: day)
        var value = 0.0
        for level in try await store.stockLevels(skus: nil, warehouseId: nil) {
            guard let cost = unitCost[level.sku] else { continue }  // installation slots are not goods
            if level.available <= 0 { figures.stockoutDays += 1 }
            value += Double(level.onHand * cost)
        }
        figures.dailyInventoryValueCents.append(value)
        figures.dailyDeliveryHours.append(deliveredToday.isEmpty ? nil : deliveredToday.reduce(0, +) / Double(deliveredToday.count))
        deliveredToday = []
    }

    func finish() async throws -> RunFigures {
        var figures = self.figures
        figures.ordersDelivered = deliveredAt.count
        figures.refusedStops = refusedStops
        var cancelled = 0
        for orderId in paidAt.keys where deliveredAt[orderId] == nil {
            if let order = try await store.order(id: orderId), order.status == .cancelled || order.status == .returned { cancelled += 1 }
        }
        figures.ordersCancelled = cancelled
        figures.ordersOpen = figures.ordersPlaced - figures.ordersDelivered - cancelled
        let hours = deliveredAt.compactMap { id, at in paidAt[id].map { at.timeIntervalSince($0) / 3600 } }.sorted()
        figures.deliveryHoursMean = hours.isEmpty ? 0 : hours.reduce(0, +) / Double(hours.count)
        figures.deliveryHoursP90 = hours.isEmpty ? 0 : hours[min(hours.count - 1, Int((0.9 * Double(hours.count)).rounded(.up)) - 1)]
        let onTime = deliveredAt.filter { id, at in promise[id].map { at <= $0 } ?? false }.count
        figures.onTimeShare = deliveredAt.isEmpty ? 0 : Double(onTime) / Double(deliveredAt.count)
        figures.fillRate = unitsWanted == 0 ? 1 : Double(unitsWanted - unitsLost) / Double(unitsWanted)
        figures.lostSales = unitsLost
        let values = figures.dailyInventoryValueCents
        figures.inventoryValueCents = values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
        figures.turnover = figures.inventoryValueCents > 0
            ? Double(unitsSoldCostCents) * 365 / Double(world.scenario.days) / figures.inventoryValueCents : 0
        return figures
    }
}
