import Foundation
import Logistics
import SQLKit

extension SQLLogisticsStore: TrafficStore {
    public func insertTrafficUpdate(_ update: TrafficUpdate) async throws {
        let zone = update.slowdown
        try await client.transaction { db in
            try await db.raw("""
                INSERT INTO traffic_updates (id, latitude, longitude, radius_metres, factor, valid_from, valid_to, reason, created_by, created_at, corridor)
                VALUES (\(bind: update.id), \(bind: zone.centre.latitude), \(bind: zone.centre.longitude), \(bind: zone.radiusMetres), \(bind: zone.factor),
                  \(bind: Millis.from(zone.from)), \(bind: Millis.from(zone.to)), \(bind: update.reason), \(bind: update.createdBy),
                  \(bind: Millis.from(update.createdAt)), \(bind: zone.corridor.map { "\($0.latitude),\($0.longitude)" }.joined(separator: ";")))
                """).run()
        }
    }

    public func latestPositions(since: Date) async throws -> [PositionPing] {
        try await client.read { db in
            let rows = try await db.raw("""
                SELECT p.* FROM position_pings p
                JOIN (SELECT driver_id, MAX(at) AS last FROM position_pings WHERE at >= \(bind: Millis.from(since)) GROUP BY driver_id) l
                  ON p.driver_id = l.driver_id AND p.at = l.last
                ORDER BY p.driver_id, p.id DESC
                """).all()
            var seen = Set<String>()
            return try rows.compactMap { row in
                let driverId = try row.decode(column: "driver_id", as: String.self)
                // Two pings at the same millisecond: the one stored last.
                guard seen.insert(driverId).inserted else { return nil }
                return PositionPing(driverId: driverId, routeId: try row.optional("route_id", as: String.self),
                                    location: GeoPoint(latitude: try row.decode(column: "latitude", as: Double.self),
                                                       longitude: try row.decode(column: "longitude", as: Double.self)),
                                    at: Millis.date(try row.decode(column: "at", as: Int.self)),
                                    receivedAt: Millis.date(try row.decode(column: "received_at", as: Int.self)))
            }
        }
    }

    public func trafficUpdates(endingAfter time: Date) async throws -> [TrafficUpdate] {
        try await client.read { db in
            try await db.raw("SELECT * FROM traffic_updates WHERE valid_to > \(bind: Millis.from(time)) ORDER BY created_at, id").all().map { row in
                TrafficUpdate(
                    id: try row.decode(column: "id", as: String.self),
                    slowdown: TrafficSlowdown(
                        centre: GeoPoint(latitude: try row.decode(column: "latitude", as: Double.self), longitude: try row.decode(column: "longitude", as: Double.self)),
                        radiusMetres: try row.decode(column: "radius_metres", as: Double.self), factor: try row.decode(column: "factor", as: Double.self),
                        from: Millis.date(try row.decode(column: "valid_from", as: Int.self)), to: Millis.date(try row.decode(column: "valid_to", as: Int.self)),
                        corridor: try row.decode(column: "corridor", as: String.self).split(separator: ";").compactMap { pair in
                            let parts = pair.split(separator: ",").compactMap { Double($0) }
                            return parts.count == 2 ? GeoPoint(latitude: parts[0], longitude: parts[1]) : nil
                        }),
                    reason: try row.decode(column: "reason", as: String.self), createdBy: try row.optional("created_by", as: String.self),
                    createdAt: Millis.date(try row.decode(column: "created_at", as: Int.self)))
            }
        }
    }

    public func liveRoutes() async throws -> [LiveRoute] {
        try await client.read { db in
            let rows = try await db.raw("""
                SELECT r.*, p.warehouse_id AS plan_warehouse_id, p.day AS plan_day, w.latitude AS depot_latitude, w.longitude AS depot_longitude,
                  v.shift_end_minute AS shift_end_minute
                FROM dispatch_routes r JOIN dispatch_plans p ON p.id = r.plan_id JOIN warehouses w ON w.id = p.warehouse_id
                JOIN vehicles v ON v.id = r.vehicle_id
                WHERE p.status = 'published' AND r.status IN ('planned', 'started')
                  AND EXISTS (SELECT 1 FROM dispatch_stops s WHERE s.route_id = r.id AND s.status IN ('pending', 'arrived'))
                ORDER BY r.id
                """).all()
            guard !rows.isEmpty else { return [] }
            let routes = try await Self.routes(db, rows: rows)
            let orderIds = routes.flatMap { $0.stops.map(\.orderId) }
            var statuses: [String: OrderStatus] = [:]
            for row in try await db.raw("SELECT id, status FROM orders WHERE id IN (\(binds: orderIds))").all() {
                statuses[try row.decode(column: "id", as: String.self)] = OrderStatus(rawValue: try row.decode(column: "status", as: String.self))
            }
            // Each route's last ping, for all routes in one query.
            var pings: [String: PositionPing] = [:]
            for ping in try await db.raw("""
                SELECT * FROM position_pings p WHERE p.route_id IN (\(binds: routes.map(\.id)))
                  AND p.id = (SELECT q.id FROM position_pings q WHERE q.route_id = p.route_id ORDER BY q.at DESC, q.id DESC LIMIT 1)
                """).all() {
                let routeId = try ping.decode(column: "route_id", as: String.self)
                pings[routeId] = PositionPing(driverId: try ping.decode(column: "driver_id", as: String.self), routeId: routeId,
                                              location: GeoPoint(latitude: try ping.decode(column: "latitude", as: Double.self),
                                                                 longitude: try ping.decode(column: "longitude", as: Double.self)),
                                              at: Millis.date(try ping.decode(column: "at", as: Int.self)),
                                              receivedAt: Millis.date(try ping.decode(column: "received_at", as: Int.self)))
            }
            return try zip(rows, routes).map { row, route in
                let day = PlanningDay(days: try row.decode(column: "plan_day", as: Int.self))
                return LiveRoute(
                    route: try Self.driverRoute(route, row: row),
                    depot: GeoPoint(latitude: try row.decode(column: "depot_latitude", as: Double.self),
                                    longitude: try row.decode(column: "depot_longitude", as: Double.self)),
                    lastPing: pings[route.id], shiftEnd: day.at(minute: try row.decode(column: "shift_end_minute", as: Int.self)),
                    orderStatuses: Dictionary(route.stops.compactMap { stop in statuses[stop.orderId].map { (stop.orderId, $0) } },
                                              uniquingKeysWith: { first, _ in first }))
            }
        }
    }

    public func retime(_ retimings: [RouteRetiming], events: [TrackingEvent]) async throws {
        guard !retimings.isEmpty || !events.isEmpty else { return }
        try await client.transaction { db in
            for change in retimings where !change.stops.isEmpty {
                // The stops keep the set of sequence numbers they had, in their new order. Negative first, so
                // the (route, sequence) key never sees two stops on one number in between.
                let ids = change.stops.map(\.id)
                let sequences = try await db.raw("""
                    SELECT sequence FROM dispatch_stops WHERE id IN (\(binds: ids)) AND route_id = \(bind: change.routeId) ORDER BY sequence
                    """).all().map { try $0.decode(column: "sequence", as: Int.self) }
                guard sequences.count == ids.count else {
                    throw LogisticsError.conflict(.concurrentUpdate, message: "route \(change.routeId) changed meanwhile")
                }
                for ((id, eta), sequence) in zip(change.stops, sequences) {
                    try await db.raw("""
                        UPDATE dispatch_stops SET sequence = \(bind: -sequence), eta = \(bind: Millis.from(eta))
                        WHERE id = \(bind: id) AND status IN ('pending', 'arrived')
                        """).run()
                }
                try await db.raw("UPDATE dispatch_stops SET sequence = -sequence WHERE route_id = \(bind: change.routeId) AND sequence < 0").run()
            }
            for event in events { try await Self.insertEvent(db, event) }
        }
        for orderId in Set(events.map(\.orderId)) { changes.publish(orderId: orderId) }
    }
}
