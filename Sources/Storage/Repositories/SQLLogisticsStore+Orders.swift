import Foundation
import Logistics
import SQLKit

extension SQLLogisticsStore {
    public func placeOrder(_ placement: OrderPlacement) async throws -> Order {
        do {
            let order = try await insertPlacement(placement)
            changes.publish(orderId: order.id)
            return order
        } catch let error where StorageErrors.uniqueViolationTarget(error).map({ $0.contains("number") }) == true {
            throw LogisticsError.conflict(.orderNumberTaken, message: "the generated order number exists; generate another")
        }
    }

    private func insertPlacement(_ placement: OrderPlacement) async throws -> Order {
        var order = placement.order
        // A new order's stream starts at 1; return what a later read will return.
        for index in order.timeline.indices { order.timeline[index].sequence = index + 1 }
        return try await client.transaction { db in
            let a = order.address
            try await db.raw("""
                INSERT INTO orders (id, number, customer_id, status, total_cents, recipient, phone, region, detail, latitude, longitude,
                  window_start, window_end, promised_at, reservation_expires_at, payment_reference, idempotency_key, request_hash, created_at, updated_at)
                VALUES (\(bind: order.id), \(bind: order.number), \(bind: order.customerId), \(bind: order.status.rawValue), \(bind: order.totalCents),
                  \(bind: a.recipient), \(bind: a.phone), \(bind: a.region), \(bind: a.detail), \(bind: a.latitude), \(bind: a.longitude),
                  \(bind: order.deliveryWindow.map { Millis.from($0.start) }), \(bind: order.deliveryWindow.map { Millis.from($0.end) }),
                  \(bind: order.promisedDate.map(Millis.from)), \(bind: order.reservationExpiresAt.map(Millis.from)), \(bind: order.paymentReference),
                  \(bind: placement.idempotencyKey), \(bind: placement.requestHash), \(bind: Millis.from(order.createdAt)), \(bind: Millis.from(order.updatedAt)))
                """).run()
            for (index, line) in order.lines.enumerated() {
                try await db.raw("""
                    INSERT INTO order_lines (order_id, line_no, sku, name, quantity, unit_price_cents, warehouse_id)
                    VALUES (\(bind: order.id), \(bind: index + 1), \(bind: line.sku), \(bind: line.name), \(bind: line.quantity), \(bind: line.unitPriceCents), \(bind: line.warehouseId))
                    """).run()
            }
            for shipment in order.shipments {
                try await db.raw("""
                    INSERT INTO shipments (id, order_id, warehouse_id, carrier_code, waybill_number)
                    VALUES (\(bind: shipment.id), \(bind: order.id), \(bind: shipment.warehouseId), \(bind: shipment.carrierCode), \(bind: shipment.waybillNumber))
                    """).run()
            }
            for event in order.timeline { try await Self.insertEvent(db, event) }
            // The hot rows last (see `StockPostings`): a level and a day's demand per SKU, each locked in one global
            // order so two multi-line orders cannot deadlock each other. Refused stock rolls the inserts back.
            // The ledger first: allocation chose each warehouse by its level, and levels are never deleted, so the
            // movement's key check finds the level without waiting for its lock.
            let picks = placement.picks.sorted { ($0.warehouseId, $0.sku) < ($1.warehouseId, $1.sku) }
            for pick in picks {
                try await Self.insertMovement(db, warehouseId: pick.warehouseId, sku: pick.sku, kind: .reservation, onHandDelta: 0,
                                              reservedDelta: pick.quantity, orderId: order.id, note: nil, at: order.createdAt)
            }
            for pick in picks {
                let reserved = try await db.raw("""
                    UPDATE stock_levels SET reserved = reserved + \(bind: pick.quantity)
                    WHERE warehouse_id = \(bind: pick.warehouseId) AND sku = \(bind: pick.sku) AND on_hand - reserved >= \(bind: pick.quantity)
                    RETURNING reserved
                    """).first()
                guard reserved != nil else {
                    throw LogisticsError.insufficientStock(sku: pick.sku, requested: pick.quantity, available: 0)
                }
            }
            // The day's demand, with the order: placed demand counts whether or not the order is paid later.
            for pick in picks {
                try await Self.addDemand(db, DemandRecord(warehouseId: pick.warehouseId, sku: pick.sku, day: PlanningDay(containing: order.createdAt),
                                                          servedUnits: pick.quantity, servedLines: 1))
            }
            return order
        }
    }

    public func displayOrder(id: String) async throws -> Order? {
        let cache = changes.readCache
        let found = cache.lookup(id)
        guard let cached = found.order else {
            guard let order = try await order(id: id) else { return nil }
            cache.store(order, readAt: found.epoch)
            return order
        }
        if found.startRefresher {
            // Served from the cache meanwhile. A short wait gathers the other orders falling due, so one
            // read refreshes them all.
            Task {
                try? await Task.sleep(for: .milliseconds(50))
                let (ids, epoch) = cache.takeDue()
                guard !ids.isEmpty else { return }
                do {
                    let orders = try await client.read { db in
                        try await Self.hydrate(db, try await db.raw("SELECT * FROM orders WHERE id IN (\(binds: ids))").all())
                    }
                    for order in orders { cache.store(order, readAt: epoch) }
                    cache.refreshFailed(ids.filter { id in !orders.contains { $0.id == id } })
                } catch {
                    cache.refreshFailed(ids)
                }
            }
        }
        return cached
    }

    public func order(id: String) async throws -> Order? {
        try await client.read { db in
            let rows = try await db.raw("SELECT * FROM orders WHERE id = \(bind: id)").all()
            return try await Self.hydrate(db, rows).first
        }
    }

    public func order(customerId: String, idempotencyKey: String) async throws -> (order: Order, requestHash: String)? {
        try await client.read { db in
            let rows = try await db.raw("SELECT * FROM orders WHERE customer_id = \(bind: customerId) AND idempotency_key = \(bind: idempotencyKey)").all()
            guard let row = rows.first, let order = try await Self.hydrate(db, rows).first else { return nil }
            return (order, try row.decode(column: "request_hash", as: String.self))
        }
    }

    public func orders(customerId: String?, status: OrderStatus?, before: String?, limit: Int) async throws -> [Order] {
        try await client.read { db in
            var query = SQLQueryString("SELECT * FROM orders WHERE 1 = 1")
            if let customerId {
                query.appendInterpolation(unsafeRaw: " AND customer_id = ")
                query.appendInterpolation(bind: customerId)
            }
            if let status {
                query.appendInterpolation(unsafeRaw: " AND status = ")
                query.appendInterpolation(bind: status.rawValue)
            }
            if let before {
                query.appendInterpolation(unsafeRaw: " AND id < ")
                query.appendInterpolation(bind: before)
            }
            query.appendInterpolation(unsafeRaw: " ORDER BY id DESC LIMIT ")
            query.appendInterpolation(literal: max(1, min(limit, 200)))
            return try await Self.hydrate(db, try await db.raw(query).all())
        }
    }

    public func apply(_ change: OrderStatusChange) async throws -> Order {
        let cache = changes.readCache, epoch = cache.epoch
        do {
            let order = try await client.transaction { db in
                var postings = StockPostings()
                try await Self.step(db, orderId: change.orderId, from: change.from, to: change.to, at: change.at,
                                    paymentReference: change.paymentReference, postings: &postings)
                try await Self.insertEvent(db, change.event)
                if let refund = change.refund { try await Self.insertRefund(db, refund) }
                let order = try await Self.reload(db, change.orderId)
                try await Self.post(db, postings)
                return order
            }
            changes.publish(orderId: order.id)
            // The order as this step left it, read back in its transaction, is what the next reader would
            // read: kept, unless another change came between (the next step of an order reads it at once).
            cache.store(order, readAt: epoch &+ 1)
            return order
        } catch let error where StorageErrors.isCheckViolation(error) {
            throw LogisticsError.conflict(.stockWouldGoNegative, message: "the ledger refused this step")
        }
    }

    /// One status step, its ledger effect added to `postings` for the caller to post last. The status condition
    /// makes it atomic: of two racing steps from the same status, one wins and the other gets `concurrent_update`.
    static func step(
        _ db: any SQLDatabase, orderId: String, from: OrderStatus, to: OrderStatus, at time: Date, paymentReference: String? = nil,
        postings: inout StockPostings
    ) async throws {
        let moved = try await db.raw("""
            UPDATE orders SET status = \(bind: to.rawValue), updated_at = \(bind: Millis.from(time)),
              reservation_expires_at = NULL, payment_reference = COALESCE(\(bind: paymentReference), payment_reference)
            WHERE id = \(bind: orderId) AND status = \(bind: from.rawValue) RETURNING id
            """).first()
        guard moved != nil else {
            throw LogisticsError.conflict(.concurrentUpdate, message: "the order changed meanwhile; reload and try again")
        }
        guard let kind = StockEffect.of(from: from, to: to).movementKind else { return }
        // A parcel delivered stays with the customer whatever happens to the rest of a split order.
        let lines = try await db.raw("""
            SELECT sku, quantity, warehouse_id FROM order_lines l WHERE order_id = \(bind: orderId)
              AND NOT EXISTS (SELECT 1 FROM shipments s WHERE s.order_id = l.order_id AND s.warehouse_id = l.warehouse_id AND s.delivered_at IS NOT NULL)
            ORDER BY warehouse_id, sku
            """).all()
        for line in lines {
            postings.add(warehouseId: try line.decode(column: "warehouse_id", as: String.self), sku: try line.decode(column: "sku", as: String.self),
                         kind: kind, quantity: try line.decode(column: "quantity", as: Int.self), orderId: orderId, note: nil, at: time,
                         levelExists: true)
        }
    }

    static func reload(_ db: any SQLDatabase, _ orderId: String) async throws -> Order {
        let rows = try await db.raw("SELECT * FROM orders WHERE id = \(bind: orderId)").all()
        guard let order = try await hydrate(db, rows).first else { throw LogisticsError.notFound("order \(orderId)") }
        return order
    }

    public func expiredReservations(now: Date, limit: Int) async throws -> [String] {
        try await client.read { db in
            try await db.raw("""
                SELECT id FROM orders WHERE status = 'pendingPayment' AND reservation_expires_at < \(bind: Millis.from(now))
                ORDER BY reservation_expires_at LIMIT \(literal: max(1, limit))
                """).all().map { try $0.decode(column: "id", as: String.self) }
        }
    }

    /// The order's row lock, which the event sequence (`MAX(seq) + 1`) needs. Steps that move the order hold it
    /// already; the others (a refund paid, a return's step, a pickup) take it with this before their events, or
    /// two of them at once would number their events alike on PostgreSQL (SQLite has one writer at a time).
    static func lockOrder(_ db: any SQLDatabase, _ orderId: String) async throws {
        guard db.dialect.name == "postgresql" else { return }
        _ = try await db.raw("SELECT id FROM orders WHERE id = \(bind: orderId) FOR UPDATE").all()
    }

    static func insertEvent(_ db: any SQLDatabase, _ event: TrackingEvent, dedupKey: String? = nil) async throws {
        try await db.raw("""
            INSERT INTO tracking_events (id, order_id, status, message, actor, source, occurred_at, place, note, tag, dedup_key, seq)
            VALUES (\(bind: event.id), \(bind: event.orderId), \(bind: event.status.rawValue), \(bind: event.message), \(bind: event.actor),
              \(bind: event.source.rawValue), \(bind: Millis.from(event.occurredAt)), \(bind: event.place), \(bind: event.note),
              \(bind: event.tag?.rawValue), \(bind: dedupKey),
              (SELECT COALESCE(MAX(seq), 0) + 1 FROM tracking_events WHERE order_id = \(bind: event.orderId)))
            """).run()
        // The outbox row commits or fails with the event: no push is ever lost or sent for a rolled-back change.
        try await db.raw("""
            INSERT INTO outbox (event_id, order_id, customer_id, created_at)
            SELECT \(bind: event.id), id, customer_id, \(bind: Millis.from(event.occurredAt)) FROM orders WHERE id = \(bind: event.orderId)
            """).run()
    }

    static func event(from row: any SQLRow) throws -> TrackingEvent {
        TrackingEvent(
            id: try row.decode(column: "id", as: String.self), orderId: try row.decode(column: "order_id", as: String.self),
            status: OrderStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .pendingPayment,
            message: try row.decode(column: "message", as: String.self), actor: try row.decode(column: "actor", as: String.self),
            source: EventSource(rawValue: try row.decode(column: "source", as: String.self)) ?? .system,
            occurredAt: Millis.date(try row.decode(column: "occurred_at", as: Int.self)),
            place: try row.optional("place", as: String.self), note: try row.optional("note", as: String.self),
            tag: try row.optional("tag", as: String.self).flatMap(TrackingTag.init(rawValue:)), sequence: try row.decode(column: "seq", as: Int.self))
    }

    public func events(orderId: String, afterSequence sequence: Int, limit: Int) async throws -> [TrackingEvent] {
        try await client.read { db in
            try await db.raw("""
                SELECT * FROM tracking_events WHERE order_id = \(bind: orderId) AND seq > \(bind: sequence) ORDER BY seq LIMIT \(literal: max(1, min(limit, 1000)))
                """).all().map(Self.event(from:))
        }
    }

    public func openOrderBacklog() async throws -> [String: Int] {
        try await client.read { db in
            var backlog: [String: Int] = [:]
            for row in try await db.raw("""
                SELECT l.warehouse_id, COUNT(DISTINCT o.id) AS queued FROM orders o JOIN order_lines l ON l.order_id = o.id
                WHERE o.status IN ('paid', 'allocated', 'picking') GROUP BY l.warehouse_id
                """).all() {
                backlog[try row.decode(column: "warehouse_id", as: String.self)] = try row.decode(column: "queued", as: Int.self)
            }
            return backlog
        }
    }

    public func eventSequence(orderId: String, eventId: String) async throws -> Int? {
        try await client.read { db in
            try await db.raw("SELECT seq FROM tracking_events WHERE order_id = \(bind: orderId) AND id = \(bind: eventId)").first()?.decode(column: "seq", as: Int.self)
        }
    }

    /// Builds full orders from `orders` rows with three more queries (lines, shipments, events), not one per order.
    static func hydrate(_ db: any SQLDatabase, _ rows: [any SQLRow]) async throws -> [Order] {
        guard !rows.isEmpty else { return [] }
        let ids = try rows.map { try $0.decode(column: "id", as: String.self) }
        var lines: [String: [OrderLine]] = [:]
        for row in try await db.raw("SELECT * FROM order_lines WHERE order_id IN (\(binds: ids)) ORDER BY order_id, line_no").all() {
            lines[try row.decode(column: "order_id", as: String.self), default: []].append(
                OrderLine(sku: try row.decode(column: "sku", as: String.self), name: try row.decode(column: "name", as: String.self),
                          quantity: try row.decode(column: "quantity", as: Int.self), unitPriceCents: try row.decode(column: "unit_price_cents", as: Int.self),
                          warehouseId: try row.decode(column: "warehouse_id", as: String.self)))
        }
        var shipments: [String: [Shipment]] = [:]
        for row in try await db.raw("SELECT * FROM shipments WHERE order_id IN (\(binds: ids)) ORDER BY id").all() {
            shipments[try row.decode(column: "order_id", as: String.self), default: []].append(
                Shipment(id: try row.decode(column: "id", as: String.self), warehouseId: try row.decode(column: "warehouse_id", as: String.self),
                         carrierCode: try row.optional("carrier_code", as: String.self), waybillNumber: try row.optional("waybill_number", as: String.self),
                         deliveredAt: try row.optional("delivered_at", as: Int.self).map(Millis.date)))
        }
        var events: [String: [TrackingEvent]] = [:]
        for row in try await db.raw("SELECT * FROM tracking_events WHERE order_id IN (\(binds: ids)) ORDER BY occurred_at, seq").all() {
            let event = try event(from: row)
            events[event.orderId, default: []].append(event)
        }
        return try rows.map { row in
            let id = try row.decode(column: "id", as: String.self)
            let start = try row.optional("window_start", as: Int.self), end = try row.optional("window_end", as: Int.self)
            return Order(
                id: id, number: try row.decode(column: "number", as: String.self), customerId: try row.decode(column: "customer_id", as: String.self),
                status: OrderStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .pendingPayment,
                lines: lines[id] ?? [], shipments: shipments[id] ?? [],
                address: AddressSnapshot(recipient: try row.decode(column: "recipient", as: String.self), phone: try row.decode(column: "phone", as: String.self),
                                         region: try row.decode(column: "region", as: String.self), detail: try row.decode(column: "detail", as: String.self),
                                         latitude: try row.decode(column: "latitude", as: Double.self), longitude: try row.decode(column: "longitude", as: Double.self)),
                totalCents: try row.decode(column: "total_cents", as: Int.self),
                deliveryWindow: start.flatMap { s in end.map { DeliveryWindow(start: Millis.date(s), end: Millis.date($0)) } },
                promisedDate: try row.optional("promised_at", as: Int.self).map(Millis.date),
                reservationExpiresAt: try row.optional("reservation_expires_at", as: Int.self).map(Millis.date),
                paymentReference: try row.optional("payment_reference", as: String.self),
                createdAt: Millis.date(try row.decode(column: "created_at", as: Int.self)),
                updatedAt: Millis.date(try row.decode(column: "updated_at", as: Int.self)),
                timeline: events[id] ?? [])
        }
    }
}
