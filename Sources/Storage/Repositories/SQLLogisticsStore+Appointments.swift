import Foundation
import Logistics
import SQLKit

extension SQLLogisticsStore: AppointmentStore {
    public func bookedSlots(warehouseId: String, from: Date, to: Date) async throws -> [Date: Int] {
        try await client.read { db in
            var booked: [Date: Int] = [:]
            for row in try await db.raw("""
                SELECT o.window_start AS slot, COUNT(*) AS n FROM orders o
                WHERE o.window_start >= \(bind: Millis.from(from)) AND o.window_start < \(bind: Millis.from(to))
                  AND o.status NOT IN ('delivered', 'cancelled', 'returned')
                  AND EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id AND l.warehouse_id = \(bind: warehouseId))
                  AND EXISTS (SELECT 1 FROM order_lines l JOIN products p ON p.sku = l.sku WHERE l.order_id = o.id AND p.category = 'installation')
                GROUP BY o.window_start
                """).all() {
                booked[Millis.date(try row.decode(column: "slot", as: Int.self))] = try row.decode(column: "n", as: Int.self)
            }
            return booked
        }
    }

    public func bookSlot(orderId: String, expected: OrderStatus, warehouseId: String, window: DeliveryWindow, crews: Int, event: TrackingEvent) async throws -> Bool {
        let kind = client.kind
        let booked = try await client.transaction { db -> Bool in
            if kind == .postgres {
                // Bookings of one warehouse queue here: the count below is then the truth when it is written.
                _ = try await db.raw("SELECT id FROM warehouses WHERE id = \(bind: warehouseId) FOR UPDATE").first()
            }
            let taken = try await db.raw("""
                SELECT COUNT(*) AS n FROM orders o WHERE o.window_start = \(bind: Millis.from(window.start)) AND o.id <> \(bind: orderId)
                  AND o.status NOT IN ('delivered', 'cancelled', 'returned')
                  AND EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id AND l.warehouse_id = \(bind: warehouseId))
                  AND EXISTS (SELECT 1 FROM order_lines l JOIN products p ON p.sku = l.sku WHERE l.order_id = o.id AND p.category = 'installation')
                """).first()?.decode(column: "n", as: Int.self) ?? 0
            guard taken < crews else { return false }
            let moved = try await db.raw("""
                UPDATE orders SET window_start = \(bind: Millis.from(window.start)), window_end = \(bind: Millis.from(window.end)),
                  updated_at = \(bind: Millis.from(event.occurredAt))
                WHERE id = \(bind: orderId) AND status = \(bind: expected.rawValue) RETURNING id
                """).first()
            guard moved != nil else { throw LogisticsError.conflict(.concurrentUpdate, message: "the order changed meanwhile; reload and try again") }
            try await db.raw("""
                UPDATE dispatch_stops SET window_start = \(bind: Millis.from(window.start)), due_by = \(bind: Millis.from(window.end))
                WHERE order_id = \(bind: orderId) AND kind = 'delivery' AND status IN ('pending', 'arrived')
                """).run()
            try await Self.insertEvent(db, event)
            return true
        }
        if booked { changes.publish(orderId: orderId) }
        return booked
    }
}
