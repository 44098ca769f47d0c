import Foundation
import Logistics
import SQLKit

extension SQLLogisticsStore: AddressChangeStore {
    public func changeAddress(orderId: String, expected: OrderStatus, to address: AddressSnapshot, event: TrackingEvent) async throws -> Order {
        let order = try await client.transaction { db -> Order in
            let moved = try await db.raw("""
                UPDATE orders SET recipient = \(bind: address.recipient), phone = \(bind: address.phone), region = \(bind: address.region),
                  detail = \(bind: address.detail), latitude = \(bind: address.latitude), longitude = \(bind: address.longitude),
                  updated_at = \(bind: Millis.from(event.occurredAt))
                WHERE id = \(bind: orderId) AND status = \(bind: expected.rawValue) RETURNING id
                """).first()
            guard moved != nil else { throw LogisticsError.conflict(.concurrentUpdate, message: "the order changed meanwhile; reload and try again") }
            // The van goes to the new door: stops already visited keep where they were.
            try await db.raw("""
                UPDATE dispatch_stops SET latitude = \(bind: address.latitude), longitude = \(bind: address.longitude)
                WHERE order_id = \(bind: orderId) AND status IN ('pending', 'arrived')
                """).run()
            try await Self.insertEvent(db, event)
            return try await Self.reload(db, orderId)
        }
        changes.publish(orderId: orderId)
        return order
    }

    public func readyPlanId(containing orderId: String) async throws -> String? {
        try await client.read { db in
            try await db.raw("""
                SELECT p.id FROM dispatch_plans p WHERE p.status = 'ready'
                  AND (EXISTS (SELECT 1 FROM dispatch_stops s WHERE s.plan_id = p.id AND s.order_id = \(bind: orderId))
                       OR p.unassigned LIKE \(bind: "%\(orderId)%"))
                ORDER BY p.created_at DESC LIMIT 1
                """).first()?.decode(column: "id", as: String.self)
        }
    }
}
