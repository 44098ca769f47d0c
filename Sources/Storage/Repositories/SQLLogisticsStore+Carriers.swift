import Foundation
import Logistics
import SQLKit

extension SQLLogisticsStore {
    public func shipment(carrierCode: String, waybillNumber: String) async throws -> (shipmentId: String, orderId: String)? {
        try await client.read { db in
            guard let row = try await db.raw("SELECT id, order_id FROM shipments WHERE carrier_code = \(bind: carrierCode) AND waybill_number = \(bind: waybillNumber)").first() else { return nil }
            return (try row.decode(column: "id", as: String.self), try row.decode(column: "order_id", as: String.self))
        }
    }

    public func assignWaybill(orderId: String, shipmentId: String, carrierCode: String, waybillNumber: String) async throws {
        do {
            try await client.transaction { db in
                let updated = try await db.raw("""
                    UPDATE shipments SET carrier_code = \(bind: carrierCode), waybill_number = \(bind: waybillNumber)
                    WHERE id = \(bind: shipmentId) AND order_id = \(bind: orderId) RETURNING id
                    """).first()
                guard updated != nil else { throw LogisticsError.notFound("shipment \(shipmentId)") }
            }
            changes.readCache.invalidate(orderId)
        } catch let error where StorageErrors.isUniqueViolation(error) {
            throw LogisticsError.conflict(.waybillTaken, message: "waybill \(carrierCode) \(waybillNumber) belongs to another shipment")
        }
    }

    public func latestCarrierEventTime(orderId: String) async throws -> Date? {
        try await client.read { db in
            let row = try await db.raw("SELECT MAX(occurred_at) AS latest FROM tracking_events WHERE order_id = \(bind: orderId) AND source = 'carrier'").first()
            return try row?.optional("latest", as: Int.self).map(Millis.date)
        }
    }

    public func recordCarrierEvent(_ event: TrackingEvent, dedupKey: String, expectedStatus: OrderStatus, steps: [OrderStatus],
                                   delivering: (shipmentId: String, othersOwed: Int)?) async throws -> Order? {
        do {
            let order = try await client.transaction { db -> Order? in
                let seen = try await db.raw("SELECT id FROM tracking_events WHERE order_id = \(bind: event.orderId) AND dedup_key = \(bind: dedupKey)").first()
                if seen != nil { return nil }
                // Lock the order row and check nobody moved it since the caller decided the steps.
                let locked = try await db.raw("""
                    UPDATE orders SET updated_at = updated_at WHERE id = \(bind: event.orderId) AND status = \(bind: expectedStatus.rawValue) RETURNING id
                    """).first()
                guard locked != nil else { throw LogisticsError.conflict(.concurrentUpdate, message: "the order changed meanwhile") }
                if let delivering {
                    let owed = try await db.raw("""
                        SELECT COUNT(*) AS n FROM shipments WHERE order_id = \(bind: event.orderId) AND id <> \(bind: delivering.shipmentId) AND delivered_at IS NULL
                        """).first()?.decode(column: "n", as: Int.self) ?? 0
                    guard owed == delivering.othersOwed else { throw LogisticsError.conflict(.concurrentUpdate, message: "another parcel of the order moved meanwhile") }
                    try await db.raw("""
                        UPDATE shipments SET delivered_at = \(bind: Millis.from(event.occurredAt)) WHERE id = \(bind: delivering.shipmentId) AND delivered_at IS NULL
                        """).run()
                }
                var current = expectedStatus
                var postings = StockPostings()
                for (index, next) in steps.enumerated() {
                    try await Self.step(db, orderId: event.orderId, from: current, to: next, at: event.occurredAt, postings: &postings)
                    if index < steps.count - 1 {
                        // A carrier may skip scans we have steps for (e.g. delivered straight after pick-up).
                        try await Self.insertEvent(db, TrackingEvent(
                            id: Identifier.make("evt", at: event.occurredAt), orderId: event.orderId, status: next, message: next.sentence,
                            // A millisecond per step earlier, so the timeline reads in the order the steps happened.
                            actor: event.actor, source: .system, occurredAt: event.occurredAt.addingTimeInterval(Double(index - steps.count + 1) / 1000),
                            note: "inferred from carrier scan"))
                    }
                    current = next
                }
                try await Self.insertEvent(db, event, dedupKey: dedupKey)
                let order = try await Self.reload(db, event.orderId)
                try await Self.post(db, postings)
                return order
            }
            if order != nil { changes.publish(orderId: event.orderId) }
            return order
        } catch let error where StorageErrors.uniqueViolationTarget(error).map({ $0.contains("dedup") || $0.contains("tracking_events") }) == true {
            return nil  // a concurrent delivery of the same scan won
        } catch let error where StorageErrors.isCheckViolation(error) {
            throw LogisticsError.conflict(.stockWouldGoNegative, message: "the ledger refused this step")
        }
    }
}
