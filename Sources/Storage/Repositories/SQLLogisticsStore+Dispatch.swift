import Foundation
import Logistics
import SQLKit

extension SQLLogisticsStore: DispatchStore {
    public func vehicles(warehouseId: String?) async throws -> [Vehicle] {
        try await client.read { db in
            let rows = if let warehouseId {
                try await db.raw("SELECT * FROM vehicles WHERE warehouse_id = \(bind: warehouseId) ORDER BY id").all()
            } else {
                try await db.raw("SELECT * FROM vehicles ORDER BY id").all()
            }
            return try rows.map(Self.vehicle(from:))
        }
    }

    public func insertVehicle(_ vehicle: Vehicle, at time: Date) async throws {
        do {
            try await client.transaction { db in
                try await db.raw("""
                    INSERT INTO vehicles (id, plate, warehouse_id, capacity_grams, capacity_ml, skills, shift_start_minute, shift_end_minute,
                      cost_per_km_cents, cost_per_hour_cents, battery_kwh, kwh_per_km, active, created_at, driver_id, districts)
                    VALUES (\(bind: vehicle.id), \(bind: vehicle.plate), \(bind: vehicle.warehouseId), \(bind: vehicle.capacityGrams),
                      \(bind: vehicle.capacityMillilitres), \(bind: vehicle.skills.map(\.rawValue).sorted().joined(separator: ",")),
                      \(bind: vehicle.shiftStartMinute), \(bind: vehicle.shiftEndMinute), \(bind: vehicle.costPerKmCents),
                      \(bind: vehicle.costPerHourCents), \(bind: vehicle.electric?.batteryKWh), \(bind: vehicle.electric?.kWhPerKm),
                      \(bind: vehicle.active), \(bind: Millis.from(time)), \(bind: vehicle.driverId), \(bind: vehicle.districts.joined(separator: ",")))
                    """).run()
            }
        } catch let error where StorageErrors.isUniqueViolation(error) {
            throw LogisticsError.conflict(.plateTaken, message: "a vehicle with plate \(vehicle.plate) is registered")
        }
    }

    public func planningOrders(warehouseId: String, day: PlanningDay) async throws -> [PlanningOrder] {
        let rows = try await client.read { db in
            try await db.raw("""
                SELECT o.id, o.latitude, o.longitude, o.window_start, o.window_end, o.promised_at, o.created_at, l.sku, l.quantity
                FROM orders o
                JOIN shipments s ON s.order_id = o.id AND s.warehouse_id = \(bind: warehouseId) AND s.carrier_code IS NULL AND s.delivered_at IS NULL
                JOIN order_lines l ON l.order_id = o.id AND l.warehouse_id = \(bind: warehouseId)
                WHERE (o.status IN ('allocated', 'picking', 'packed', 'deliveryFailed')
                       -- An order split over warehouses is out once one parcel is; this warehouse's still waits here.
                       OR (o.status IN ('shipped', 'outForDelivery')
                           AND EXISTS (SELECT 1 FROM shipments other WHERE other.order_id = o.id AND other.warehouse_id <> \(bind: warehouseId))))
                  AND NOT \(Self.onLiveRoute(kind: .delivery, day: day, warehouseId: warehouseId))
                ORDER BY o.id, l.line_no
                """).all()
        }
        let products = Dictionary(uniqueKeysWithValues: try await self.products(skus: nil).map { ($0.sku, $0) })
        var orders: [PlanningOrder] = []
        for row in rows {
            let id = try row.decode(column: "id", as: String.self)
            guard let product = products[try row.decode(column: "sku", as: String.self)] else { continue }
            let line = (product: product, quantity: try row.decode(column: "quantity", as: Int.self))
            if orders.last?.orderId == id {
                orders[orders.count - 1].lines.append(line)
                continue
            }
            let start = try row.optional("window_start", as: Int.self), end = try row.optional("window_end", as: Int.self)
            orders.append(PlanningOrder(
                orderId: id, location: GeoPoint(latitude: try row.decode(column: "latitude", as: Double.self),
                                                longitude: try row.decode(column: "longitude", as: Double.self)),
                lines: [line], window: start.flatMap { s in end.map { DateInterval(start: Millis.date(s), end: Millis.date(max(s, $0))) } },
                promisedAt: try row.optional("promised_at", as: Int.self).map(Millis.date),
                // Arrival order: orders are paid within minutes of being placed.
                paidAt: Millis.date(try row.decode(column: "created_at", as: Int.self))))
        }
        return orders + (try await pickups(warehouseId: warehouseId, day: day, products: products))
    }

    /// Whether order `o` has a stop of `kind` that a van is on its way to or will be on another day than
    /// `day` (a plan of `day` itself replaces that day's routes that have not started); with `warehouseId`,
    /// on that warehouse's routes only (the other parcels of a split order ride other vans).
    static func onLiveRoute(kind: StopKind, day: PlanningDay, warehouseId: String? = nil) -> SQLQueryString {
        let warehouse: SQLQueryString = warehouseId.map { "AND p.warehouse_id = \(bind: $0)" } ?? ""
        return """
        EXISTS (SELECT 1 FROM dispatch_stops st JOIN dispatch_plans p ON p.id = st.plan_id JOIN dispatch_routes r ON r.id = st.route_id
                WHERE st.order_id = o.id AND st.kind = \(bind: kind.rawValue) AND p.status = 'published' AND st.status IN ('pending', 'arrived') \(warehouse)
                  AND (r.status = 'started' OR (r.status = 'planned' AND p.day <> \(bind: day.days))))
        """
    }

    /// One pickup per order with approved own-fleet returns: the returned units of the lines this warehouse
    /// shipped (installation work is not picked up), at the order's address, oldest request first.
    func pickups(warehouseId: String, day: PlanningDay, products: [String: Product]) async throws -> [PlanningOrder] {
        try await client.read { db in
            let rows = try await db.raw("""
                SELECT o.id, o.latitude, o.longitude, rr.lines, rr.created_at FROM return_requests rr JOIN orders o ON o.id = rr.order_id
                WHERE rr.status = \(bind: ReturnStatus.approved.rawValue) AND rr.pickup = \(bind: ReturnRequest.PickupMethod.ownFleet.rawValue)
                  AND EXISTS (SELECT 1 FROM shipments s WHERE s.order_id = o.id AND s.warehouse_id = \(bind: warehouseId) AND s.carrier_code IS NULL)
                  AND NOT \(Self.onLiveRoute(kind: .pickup, day: day))
                ORDER BY rr.created_at, rr.id
                """).all()
            guard !rows.isEmpty else { return [] }
            let orderIds = try Set(rows.map { try $0.decode(column: "id", as: String.self) })
            var shippedHere = Set<String>()
            for row in try await db.raw("""
                SELECT order_id, sku FROM order_lines WHERE order_id IN (\(binds: Array(orderIds))) AND warehouse_id = \(bind: warehouseId)
                """).all() {
                shippedHere.insert(try row.decode(column: "order_id", as: String.self) + "\u{0}" + row.decode(column: "sku", as: String.self))
            }
            var pickups: [PlanningOrder] = [], index: [String: Int] = [:]
            for row in rows {
                let id = try row.decode(column: "id", as: String.self)
                let lines = try JSONDecoder().decode([ReturnLine].self, from: Data(try row.decode(column: "lines", as: String.self).utf8)).compactMap { line in
                    products[line.sku].flatMap { product in
                        product.category != .installation && shippedHere.contains(id + "\u{0}" + line.sku) ? (product: product, quantity: line.quantity) : nil
                    }
                }
                guard !lines.isEmpty else { continue }
                if let at = index[id] {
                    pickups[at].lines += lines
                    continue
                }
                index[id] = pickups.count
                pickups.append(PlanningOrder(
                    orderId: id, kind: .pickup,
                    location: GeoPoint(latitude: try row.decode(column: "latitude", as: Double.self), longitude: try row.decode(column: "longitude", as: Double.self)),
                    lines: lines, paidAt: Millis.date(try row.decode(column: "created_at", as: Int.self))))
            }
            return pickups
        }
    }

    public func insertPlanRequest(_ request: PlanRequest) async throws {
        try await client.transaction { db in try await Self.insertPlanRequest(request, db) }
    }

    static func insertPlanRequest(_ request: PlanRequest, _ db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO dispatch_plans (id, warehouse_id, day, status, seconds, requested_by, created_at, updated_at, trigger, auto_publish)
            VALUES (\(bind: request.id), \(bind: request.warehouseId), \(bind: request.day.days), \(bind: PlanStatus.planning.rawValue),
              \(bind: request.seconds), \(bind: request.requestedBy), \(bind: Millis.from(request.createdAt)), \(bind: Millis.from(request.createdAt)),
              \(bind: request.trigger.rawValue), \(bind: request.autoPublish))
            """).run()
    }

    public func claimPlanRequest(owner: String, at time: Date, staleBefore: Date) async throws -> PlanRequest? {
        try await client.transaction { db in
            // SKIP LOCKED: a second worker passes over the row the first is claiming instead of waiting for it.
            let lock = client.kind == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
            guard let row = try await db.raw("""
                SELECT * FROM dispatch_plans WHERE status = 'planning' AND (claimed_by IS NULL OR claimed_at < \(bind: Millis.from(staleBefore)))
                ORDER BY created_at, id LIMIT 1\(unsafeRaw: lock)
                """).first() else { return nil }
            let id = try row.decode(column: "id", as: String.self)
            let previous = try row.optional("claimed_at", as: Int.self)
            // Conditional on the claim read above, so a racing claimer (SQLite has no row locks) changes nothing.
            let claimed = try await db.raw("""
                UPDATE dispatch_plans SET claimed_by = \(bind: owner), claimed_at = \(bind: Millis.from(time)), updated_at = \(bind: Millis.from(time))
                WHERE id = \(bind: id) AND status = 'planning' AND \(unsafeRaw: previous == nil ? "claimed_at IS NULL" : "claimed_at = \(previous!)")
                RETURNING id
                """).first()
            guard claimed != nil else { return nil }
            return PlanRequest(id: id, warehouseId: try row.decode(column: "warehouse_id", as: String.self),
                               day: PlanningDay(days: try row.decode(column: "day", as: Int.self)), seconds: try row.decode(column: "seconds", as: Double.self),
                               requestedBy: try row.optional("requested_by", as: String.self),
                               createdAt: Millis.date(try row.decode(column: "created_at", as: Int.self)),
                               trigger: PlanTrigger(rawValue: try row.decode(column: "trigger", as: String.self)) ?? .request,
                               autoPublish: try row.decode(column: "auto_publish", as: Bool.self))
        }
    }

    /// A plan's figures and orders left out as the JSON columns keep them.
    static func encodedResults(_ plan: DispatchPlan) throws -> (figures: String, unassigned: String) {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        return (String(decoding: try encoder.encode(plan.figures), as: UTF8.self), String(decoding: try encoder.encode(plan.unassigned), as: UTF8.self))
    }

    public func completePlan(_ plan: DispatchPlan, at time: Date) async throws {
        let (figures, unassigned) = try Self.encodedResults(plan)
        try await client.transaction { db in
            let updated = try await db.raw("""
                UPDATE dispatch_plans SET status = \(bind: PlanStatus.ready.rawValue), figures = \(bind: figures), unassigned = \(bind: unassigned),
                  updated_at = \(bind: Millis.from(time))
                WHERE id = \(bind: plan.id) AND status = 'planning' RETURNING id
                """).first()
            guard updated != nil else { throw LogisticsError.conflict(.concurrentUpdate, message: "plan \(plan.id) is no longer being planned") }
            try await Self.insertRoutes(of: plan, db)
        }
    }

    public func replaceReadyPlan(_ plan: DispatchPlan, at time: Date) async throws -> DispatchPlan {
        let (figures, unassigned) = try Self.encodedResults(plan)
        try await client.transaction { db in
            let updated = try await db.raw("""
                UPDATE dispatch_plans SET figures = \(bind: figures), unassigned = \(bind: unassigned), updated_at = \(bind: Millis.from(time))
                WHERE id = \(bind: plan.id) AND status = 'ready' RETURNING id
                """).first()
            guard updated != nil else { throw LogisticsError.conflict(.planState, message: "plan \(plan.id) is no longer ready; plan again") }
            // A ready plan's stops have no photos or steps yet: nothing refers to them.
            try await db.raw("DELETE FROM dispatch_stops WHERE plan_id = \(bind: plan.id)").run()
            try await db.raw("DELETE FROM dispatch_routes WHERE plan_id = \(bind: plan.id)").run()
            try await Self.insertRoutes(of: plan, db)
        }
        guard let stored = try await self.plan(id: plan.id) else { throw LogisticsError.notFound("plan \(plan.id)") }
        return stored
    }

    static func insertRoutes(of plan: DispatchPlan, _ db: any SQLDatabase) async throws {
        for (position, route) in plan.routes.enumerated() {
            try await db.raw("""
                INSERT INTO dispatch_routes (id, plan_id, vehicle_id, driver_id, departure, return_at, km, position, kwh, charging_stops)
                VALUES (\(bind: route.id), \(bind: plan.id), \(bind: route.vehicleId), \(bind: route.driverId), \(bind: Millis.from(route.departure)),
                  \(bind: Millis.from(route.returnAt)), \(bind: route.km), \(bind: position), \(bind: route.kWh),
                  \(bind: route.chargingStops.isEmpty ? nil : try Self.chargingJSON(route.chargingStops)))
                """).run()
            for stop in route.stops {
                try await db.raw("""
                    INSERT INTO dispatch_stops (id, route_id, plan_id, order_id, kind, latitude, longitude, sequence, planned_arrival, eta, service_minutes, due_by, window_start, status, pinned)
                    VALUES (\(bind: stop.id), \(bind: route.id), \(bind: plan.id), \(bind: stop.orderId), \(bind: stop.kind.rawValue), \(bind: stop.location.latitude),
                      \(bind: stop.location.longitude), \(bind: stop.sequence),
                      \(bind: Millis.from(stop.plannedArrival)), \(bind: Millis.from(stop.eta)), \(bind: stop.serviceMinutes),
                      \(bind: stop.dueBy.map(Millis.from)), \(bind: stop.windowStart.map(Millis.from)), \(bind: stop.status.rawValue), \(bind: stop.pinned))
                    """).run()
            }
        }
    }

    static func chargingJSON(_ stops: [ChargingStop]) throws -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(stops), as: UTF8.self)
    }

    static func chargingStops(json: String) throws -> [ChargingStop] {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return try decoder.decode([ChargingStop].self, from: Data(json.utf8))
    }

    public func chargingStations() async throws -> [ChargingStation] {
        try await client.read { db in
            try await db.raw("SELECT * FROM charging_stations ORDER BY id").all().map { row in
                ChargingStation(id: try row.decode(column: "id", as: String.self), name: try row.decode(column: "name", as: String.self),
                                location: GeoPoint(latitude: try row.decode(column: "latitude", as: Double.self),
                                                   longitude: try row.decode(column: "longitude", as: Double.self)),
                                powerKW: try row.decode(column: "power_kw", as: Double.self),
                                warehouseId: try row.optional("warehouse_id", as: String.self))
            }
        }
    }

    public func insertChargingStation(_ station: ChargingStation, at time: Date) async throws {
        try await client.transaction { db in
            try await db.raw("""
                INSERT INTO charging_stations (id, name, latitude, longitude, power_kw, warehouse_id, created_at)
                VALUES (\(bind: station.id), \(bind: station.name), \(bind: station.location.latitude), \(bind: station.location.longitude),
                  \(bind: station.powerKW), \(bind: station.warehouseId), \(bind: Millis.from(time)))
                """).run()
        }
    }

    public func deleteChargingStation(id: String) async throws -> Bool {
        try await client.transaction { db in
            try await db.raw("DELETE FROM charging_stations WHERE id = \(bind: id) RETURNING id").first() != nil
        }
    }

    public func failPlan(id: String, error: String, at time: Date) async throws {
        try await client.transaction { db in
            try await db.raw("""
                UPDATE dispatch_plans SET status = \(bind: PlanStatus.failed.rawValue), error = \(bind: String(error.prefix(500))),
                  updated_at = \(bind: Millis.from(time)) WHERE id = \(bind: id) AND status = 'planning'
                """).run()
        }
    }

    public func plan(id: String) async throws -> DispatchPlan? {
        try await client.read { db in
            guard let row = try await db.raw("SELECT * FROM dispatch_plans WHERE id = \(bind: id)").first() else { return nil }
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .millisecondsSince1970
            let figures = try row.optional("figures", as: String.self).map { try decoder.decode(PlanFigures.self, from: Data($0.utf8)) }
            let unassigned = try row.optional("unassigned", as: String.self).map { try decoder.decode([UnassignedOrder].self, from: Data($0.utf8)) }
            let routes = try await Self.routes(db, planId: id)
            return DispatchPlan(id: id, warehouseId: try row.decode(column: "warehouse_id", as: String.self),
                                date: PlanningDay(days: try row.decode(column: "day", as: Int.self)).description,
                                status: PlanStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .failed,
                                figures: figures ?? .empty, routes: routes, unassigned: unassigned ?? [],
                                error: try row.optional("error", as: String.self),
                                trigger: PlanTrigger(rawValue: try row.decode(column: "trigger", as: String.self)) ?? .request)
        }
    }

    /// A plan's routes with their stops, in plan order.
    static func routes(_ db: any SQLDatabase, planId: String) async throws -> [PlannedRoute] {
        try await routes(db, rows: try await db.raw("SELECT * FROM dispatch_routes WHERE plan_id = \(bind: planId) ORDER BY position").all())
    }

    static func routes(_ db: any SQLDatabase, rows: [any SQLRow]) async throws -> [PlannedRoute] {
        guard !rows.isEmpty else { return [] }
        let ids = try rows.map { try $0.decode(column: "id", as: String.self) }
        var stops: [String: [PlannedStop]] = [:]
        for stop in try await db.raw("SELECT * FROM dispatch_stops WHERE route_id IN (\(binds: ids)) ORDER BY route_id, sequence").all() {
            stops[try stop.decode(column: "route_id", as: String.self), default: []].append(PlannedStop(
                id: try stop.decode(column: "id", as: String.self), orderId: try stop.decode(column: "order_id", as: String.self),
                kind: StopKind(rawValue: try stop.decode(column: "kind", as: String.self)) ?? .delivery,
                location: GeoPoint(latitude: try stop.decode(column: "latitude", as: Double.self), longitude: try stop.decode(column: "longitude", as: Double.self)),
                sequence: try stop.decode(column: "sequence", as: Int.self),
                plannedArrival: Millis.date(try stop.decode(column: "planned_arrival", as: Int.self)),
                eta: Millis.date(try stop.decode(column: "eta", as: Int.self)), serviceMinutes: try stop.decode(column: "service_minutes", as: Int.self),
                dueBy: try stop.optional("due_by", as: Int.self).map(Millis.date),
                windowStart: try stop.optional("window_start", as: Int.self).map(Millis.date),
                status: StopStatus(rawValue: try stop.decode(column: "status", as: String.self)) ?? .pending,
                pinned: try stop.decode(column: "pinned", as: Bool.self)))
        }
        return try rows.map { route in
            let routeId = try route.decode(column: "id", as: String.self)
            var planned = PlannedRoute(id: routeId, vehicleId: try route.decode(column: "vehicle_id", as: String.self),
                                       driverId: try route.optional("driver_id", as: String.self),
                                       departure: Millis.date(try route.decode(column: "departure", as: Int.self)),
                                       returnAt: Millis.date(try route.decode(column: "return_at", as: Int.self)),
                                       km: try route.decode(column: "km", as: Double.self), stops: stops[routeId] ?? [],
                                       kWh: try route.optional("kwh", as: Double.self),
                                       chargingStops: try route.optional("charging_stops", as: String.self).map(Self.chargingStops(json:)) ?? [])
            planned.status = RouteStatus(rawValue: try route.decode(column: "status", as: String.self)) ?? .planned
            return planned
        }
    }

    public func publishPlan(id: String, at time: Date) async throws -> DispatchPlan {
        try await client.transaction { db in
            guard let row = try await db.raw("SELECT * FROM dispatch_plans WHERE id = \(bind: id)").first() else {
                throw LogisticsError.notFound("plan \(id)")
            }
            let status = try row.decode(column: "status", as: String.self)
            guard status == PlanStatus.ready.rawValue else {
                throw LogisticsError.conflict(.planState, message: "plan \(id) is \(status); only a ready plan can be published")
            }
            let warehouseId = try row.decode(column: "warehouse_id", as: String.self), day = try row.decode(column: "day", as: Int.self)
            for route in try await db.raw("SELECT id, vehicle_id FROM dispatch_routes WHERE plan_id = \(bind: id)").all() {
                let vehicleId = try route.decode(column: "vehicle_id", as: String.self)
                let driver = try await db.raw("""
                    SELECT COALESCE((SELECT driver_id FROM driver_assignments WHERE vehicle_id = \(bind: vehicleId) AND day = \(bind: day)),
                                    (SELECT driver_id FROM vehicles WHERE id = \(bind: vehicleId))) AS driver_id
                    """).first()
                guard let driverId = try driver?.optional("driver_id", as: String.self) else {
                    throw LogisticsError.conflict(.noDriver, message: "vehicle \(vehicleId) has no driver for \(PlanningDay(days: day))")
                }
                try await db.raw("UPDATE dispatch_routes SET driver_id = \(bind: driverId) WHERE id = \(bind: route.decode(column: "id", as: String.self))").run()
            }
            // The day's earlier plans give up the routes that have not started (this plan took their orders);
            // one whose routes all went that way is superseded, one with routes on the road stays published.
            try await db.raw("""
                UPDATE dispatch_routes SET status = 'superseded' WHERE status = 'planned' AND plan_id IN
                  (SELECT id FROM dispatch_plans WHERE warehouse_id = \(bind: warehouseId) AND day = \(bind: day) AND status = 'published')
                """).run()
            try await db.raw("""
                UPDATE dispatch_plans SET status = 'superseded', updated_at = \(bind: Millis.from(time))
                WHERE warehouse_id = \(bind: warehouseId) AND day = \(bind: day) AND status = 'published'
                  AND NOT EXISTS (SELECT 1 FROM dispatch_routes r WHERE r.plan_id = dispatch_plans.id AND r.status IN ('started', 'finished'))
                """).run()
            try await db.raw("""
                UPDATE dispatch_plans SET status = 'published', published_at = \(bind: Millis.from(time)), updated_at = \(bind: Millis.from(time))
                WHERE id = \(bind: id)
                """).run()
        }
        guard let plan = try await plan(id: id) else { throw LogisticsError.notFound("plan \(id)") }
        return plan
    }

    public func assignDriver(driverId: String, vehicleId: String, day: PlanningDay) async throws {
        try await client.transaction { db in
            try await db.raw("DELETE FROM driver_assignments WHERE day = \(bind: day.days) AND (driver_id = \(bind: driverId) OR vehicle_id = \(bind: vehicleId))").run()
            try await db.raw("INSERT INTO driver_assignments (driver_id, day, vehicle_id) VALUES (\(bind: driverId), \(bind: day.days), \(bind: vehicleId))").run()
        }
    }

    static func vehicle(from row: any SQLRow) throws -> Vehicle {
        let battery = try row.optional("battery_kwh", as: Double.self), perKm = try row.optional("kwh_per_km", as: Double.self)
        return Vehicle(
            id: try row.decode(column: "id", as: String.self), plate: try row.decode(column: "plate", as: String.self),
            warehouseId: try row.decode(column: "warehouse_id", as: String.self), capacityGrams: try row.decode(column: "capacity_grams", as: Int.self),
            capacityMillilitres: try row.decode(column: "capacity_ml", as: Int.self),
            skills: Set(try row.decode(column: "skills", as: String.self).split(separator: ",").compactMap { VehicleSkill(rawValue: String($0)) }),
            shiftStartMinute: try row.decode(column: "shift_start_minute", as: Int.self), shiftEndMinute: try row.decode(column: "shift_end_minute", as: Int.self),
            costPerKmCents: try row.decode(column: "cost_per_km_cents", as: Int.self), costPerHourCents: try row.decode(column: "cost_per_hour_cents", as: Int.self),
            electric: battery.flatMap { b in perKm.map { ElectricSpec(batteryKWh: b, kWhPerKm: $0) } }, active: try row.decode(column: "active", as: Bool.self),
            driverId: try row.optional("driver_id", as: String.self),
            districts: try row.decode(column: "districts", as: String.self).split(separator: ",").map(String.init))
    }
}

extension SQLLogisticsStore {
    public func vehiclesBusy(warehouseId: String, day: PlanningDay) async throws -> [String: Date] {
        try await client.read { db in
            // A van is back when its plan said, plus however late its stops now run.
            let rows = try await db.raw("""
                SELECT r.vehicle_id, r.return_at, MAX(s.eta - s.planned_arrival) AS delay FROM dispatch_routes r
                JOIN dispatch_plans p ON p.id = r.plan_id LEFT JOIN dispatch_stops s ON s.route_id = r.id AND s.status IN ('pending', 'arrived')
                WHERE p.warehouse_id = \(bind: warehouseId) AND p.day = \(bind: day.days) AND p.status = 'published' AND r.status = 'started'
                GROUP BY r.id, r.vehicle_id, r.return_at
                """).all()
            var busy: [String: Date] = [:]
            for row in rows {
                let back = Millis.date(try row.decode(column: "return_at", as: Int.self) + max(0, try row.optional("delay", as: Int.self) ?? 0))
                let vehicle = try row.decode(column: "vehicle_id", as: String.self)
                busy[vehicle] = max(busy[vehicle] ?? back, back)
            }
            return busy
        }
    }
}
