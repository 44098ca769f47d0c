import Foundation
import Logistics
import SQLKit

extension SQLLogisticsStore: DriverStore {
    public func driverRoute(driverId: String, day: PlanningDay) async throws -> DriverRoute? {
        try await client.read { db in
            try await Self.driverRoute(db, where: "r.driver_id = \(bind: driverId) AND p.day = \(bind: day.days)")
        }
    }

    public func driverRoute(id: String) async throws -> DriverRoute? {
        try await client.read { db in try await Self.driverRoute(db, where: "r.id = \(bind: id)") }
    }

    public func driverRoute(stopId: String) async throws -> DriverRoute? {
        try await client.read { db in
            try await Self.driverRoute(db, where: "r.id = (SELECT route_id FROM dispatch_stops WHERE id = \(bind: stopId))")
        }
    }

    /// The route of a published plan matching `condition` (over `dispatch_routes r` and `dispatch_plans p`).
    static func driverRoute(_ db: any SQLDatabase, where condition: SQLQueryString) async throws -> DriverRoute? {
        var query = SQLQueryString("""
            SELECT r.*, p.warehouse_id AS plan_warehouse_id, p.day AS plan_day FROM dispatch_routes r JOIN dispatch_plans p ON p.id = r.plan_id
            WHERE p.status = 'published' AND 
            """)
        // A driver of two waves has a finished route and the next one: the one under way first, then the
        // next to start, then the last finished.
        query = query + condition + SQLQueryString("""
             AND r.status <> 'superseded'
            ORDER BY CASE r.status WHEN 'started' THEN 0 WHEN 'planned' THEN 1 ELSE 2 END,
              CASE WHEN r.status = 'planned' THEN r.departure ELSE -r.departure END, r.id LIMIT 1
            """)
        guard let row = try await db.raw(query).first(), let route = try await routes(db, rows: [row]).first else { return nil }
        return try driverRoute(route, row: row)
    }

    /// A planned route with its plan's id, warehouse and day, from a row that carries `plan_id`,
    /// `plan_warehouse_id` and `plan_day`.
    static func driverRoute(_ route: PlannedRoute, row: any SQLRow) throws -> DriverRoute {
        DriverRoute(id: route.id, planId: try row.decode(column: "plan_id", as: String.self),
                    warehouseId: try row.decode(column: "plan_warehouse_id", as: String.self),
                    date: PlanningDay(days: try row.decode(column: "plan_day", as: Int.self)).description,
                    vehicleId: route.vehicleId, driverId: route.driverId, status: route.status, departure: route.departure,
                    returnAt: route.returnAt, km: route.km, stops: route.stops, chargingStops: route.chargingStops)
    }

    public func startRoute(id: String, steps: [OrderStatusChange], events: [TrackingEvent], at time: Date) async throws {
        try await client.transaction { db in
            let started = try await db.raw("""
                UPDATE dispatch_routes SET status = 'started', started_at = \(bind: Millis.from(time)) WHERE id = \(bind: id) AND status = 'planned' RETURNING id
                """).first()
            guard started != nil else { throw LogisticsError.conflict(.concurrentUpdate, message: "route \(id) was started meanwhile") }
            var postings = StockPostings()
            for change in steps {
                try await Self.step(db, orderId: change.orderId, from: change.from, to: change.to, at: change.at, postings: &postings)
                try await Self.insertEvent(db, change.event)
            }
            for orderId in Set(events.map(\.orderId)) { try await Self.lockOrder(db, orderId) }
            for event in events { try await Self.insertEvent(db, event) }
            try await Self.post(db, postings)
        }
        for orderId in Set(steps.map(\.orderId) + events.map(\.orderId)) { changes.publish(orderId: orderId) }
    }

    public func updateStop(_ change: StopChange, events: [TrackingEvent], steps: [OrderStatusChange]) async throws {
        let at = Millis.from(change.at)
        do {
            try await client.transaction { db in
                if let seen = change.parcels {
                    let row = try await db.raw("SELECT order_id FROM dispatch_stops WHERE id = \(bind: change.stopId)").first()
                    if let orderId = try row?.decode(column: "order_id", as: String.self) {
                        try await Self.lockOrder(db, orderId)
                        guard try await Self.parcels(db, orderId: orderId) == seen else {
                            throw LogisticsError.conflict(.concurrentUpdate, message: "another parcel of the order moved meanwhile; try again")
                        }
                    }
                }
                let moved = try await db.raw("""
                    UPDATE dispatch_stops SET status = \(bind: change.to.rawValue),
                      arrived_at = COALESCE(arrived_at, \(bind: at)),
                      completed_at = \(bind: change.to == .delivered || change.to == .failed ? at : nil),
                      recipient_name = COALESCE(\(bind: change.recipientName), recipient_name), note = COALESCE(\(bind: change.note), note),
                      failure_reason = COALESCE(\(bind: change.failureReason), failure_reason)
                    WHERE id = \(bind: change.stopId) AND status = \(bind: change.from.rawValue) RETURNING route_id
                    """).first()
                guard let routeId = try moved?.decode(column: "route_id", as: String.self) else {
                    throw LogisticsError.conflict(.concurrentUpdate, message: "stop \(change.stopId) changed meanwhile; reload and try again")
                }
                if change.parcels != nil, change.to == .delivered {
                    try await db.raw("""
                        UPDATE shipments SET delivered_at = \(bind: at)
                        WHERE delivered_at IS NULL AND (order_id, warehouse_id) IN (
                          SELECT st.order_id, p.warehouse_id FROM dispatch_stops st JOIN dispatch_plans p ON p.id = st.plan_id WHERE st.id = \(bind: change.stopId))
                        """).run()
                }
                // A pickup's events step no order: they take its lock here (a delivery's step takes it below, as before).
                for orderId in Set(events.map(\.orderId)) where steps.isEmpty { try await Self.lockOrder(db, orderId) }
                for event in events { try await Self.insertEvent(db, event) }
                if !change.collecting.isEmpty {
                    try await db.raw("""
                        UPDATE return_requests SET status = \(bind: ReturnStatus.pickedUp.rawValue), updated_at = \(bind: at)
                        WHERE id IN (\(binds: change.collecting)) AND status = \(bind: ReturnStatus.approved.rawValue)
                        """).run()
                }
                var postings = StockPostings()
                for step in steps {
                    try await Self.step(db, orderId: step.orderId, from: step.from, to: step.to, at: step.at, postings: &postings)
                    try await Self.insertEvent(db, step.event)
                }
                try await db.raw("""
                    UPDATE dispatch_routes SET status = 'finished' WHERE id = \(bind: routeId) AND status = 'started'
                      AND NOT EXISTS (SELECT 1 FROM dispatch_stops WHERE route_id = \(bind: routeId) AND status IN ('pending', 'arrived'))
                    """).run()
                try await Self.post(db, postings)
            }
        } catch let error where StorageErrors.isCheckViolation(error) {
            throw LogisticsError.conflict(.stockWouldGoNegative, message: "the ledger refused this step")
        }
        for orderId in Set(events.map(\.orderId) + steps.map(\.orderId)) { changes.publish(orderId: orderId) }
    }

    public func parcels(orderId: String) async throws -> [Parcel] {
        try await client.read { db in try await Self.parcels(db, orderId: orderId) }
    }

    /// One parcel per shipment, by warehouse: its delivery stops on published (or superseded, for attempts
    /// made before a re-plan) plans of its warehouse tell its attempts and whether a started van carries it.
    static func parcels(_ db: any SQLDatabase, orderId: String) async throws -> [Parcel] {
        let attempts: SQLQueryString = """
            FROM dispatch_stops st JOIN dispatch_plans p ON p.id = st.plan_id
            WHERE st.order_id = s.order_id AND p.warehouse_id = s.warehouse_id AND st.kind = 'delivery'
            """
        let query: SQLQueryString = """
            SELECT s.warehouse_id, s.carrier_code, s.delivered_at,
              (SELECT COUNT(*) \(attempts) AND st.status = 'failed' AND p.status IN ('published', 'superseded')) AS failed,
              (SELECT st.status \(attempts) AND st.status IN ('delivered', 'failed') AND p.status IN ('published', 'superseded')
                 ORDER BY st.completed_at DESC, st.id DESC LIMIT 1) AS last_outcome,
              (SELECT COUNT(*) \(attempts) AND p.status = 'published' AND st.status IN ('pending', 'arrived')
                 AND EXISTS (SELECT 1 FROM dispatch_routes r WHERE r.id = st.route_id AND r.status = 'started')) AS on_road
            FROM shipments s WHERE s.order_id = \(bind: orderId) ORDER BY s.warehouse_id, s.id
            """
        return try await db.raw(query).all().map { row in
            Parcel(warehouseId: try row.decode(column: "warehouse_id", as: String.self),
                   byCarrier: try row.optional("carrier_code", as: String.self) != nil,
                   delivered: try row.optional("delivered_at", as: Int.self) != nil,
                   onTheRoad: try row.decode(column: "on_road", as: Int.self) > 0,
                   failedAttempts: try row.decode(column: "failed", as: Int.self),
                   lastAttemptFailed: try row.optional("last_outcome", as: String.self) == StopStatus.failed.rawValue)
        }
    }

    public func recordPositions(_ pings: [PositionPing]) async throws {
        guard !pings.isEmpty else { return }
        try await client.transaction { db in
            for ping in pings {
                try await db.raw("""
                    INSERT INTO position_pings (driver_id, route_id, latitude, longitude, at, received_at)
                    VALUES (\(bind: ping.driverId), \(bind: ping.routeId), \(bind: ping.location.latitude), \(bind: ping.location.longitude),
                      \(bind: Millis.from(ping.at)), \(bind: Millis.from(ping.receivedAt)))
                    """).run()
            }
        }
    }
}

extension SQLLogisticsStore: RouteETAStore {
    public func activeStops() async throws -> [ActiveStop] {
        try await client.read { db in
            try await db.raw("""
                SELECT s.order_id, s.route_id, s.sequence, s.eta, s.due_by FROM dispatch_stops s
                JOIN dispatch_plans p ON p.id = s.plan_id JOIN dispatch_routes r ON r.id = s.route_id
                WHERE p.status = 'published' AND s.status IN ('pending', 'arrived') AND r.status IN ('planned', 'started')
                """).all().map { row in
                ActiveStop(orderId: try row.decode(column: "order_id", as: String.self), routeId: try row.decode(column: "route_id", as: String.self),
                           sequence: try row.decode(column: "sequence", as: Int.self), eta: Millis.date(try row.decode(column: "eta", as: Int.self)),
                           dueBy: try row.optional("due_by", as: Int.self).map(Millis.date))
            }
        }
    }
}
