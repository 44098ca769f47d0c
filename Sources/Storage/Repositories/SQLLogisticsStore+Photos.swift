import Foundation
import Logistics
import SQLKit

extension SQLLogisticsStore {
    public func addPhoto(_ photo: DeliveryPhoto, data: Data, maxPerStop: Int) async throws -> (photo: DeliveryPhoto, added: Bool) {
        try await client.transaction { db in
            // Locks the stop's row, so two uploads at once cannot both pass the count below.
            _ = try await db.raw("UPDATE dispatch_stops SET sequence = sequence WHERE id = \(bind: photo.stopId)").run()
            let kept = try await db.raw("SELECT * FROM delivery_photos WHERE stop_id = \(bind: photo.stopId) ORDER BY id").all().map(Self.photo)
            if let same = kept.first(where: { $0.fingerprint == photo.fingerprint }) { return (same, false) }
            guard kept.count < maxPerStop else {
                throw LogisticsError.conflict(.photoLimit, message: "stop \(photo.stopId) has \(kept.count) photos, the most a stop may have")
            }
            try await db.raw("""
                INSERT INTO delivery_photos (id, stop_id, order_id, driver_id, format, bytes, fingerprint, taken_at, data)
                VALUES (\(bind: photo.id), \(bind: photo.stopId), \(bind: photo.orderId), \(bind: photo.driverId), \(bind: photo.format.rawValue),
                  \(bind: photo.bytes), \(bind: photo.fingerprint), \(bind: Millis.from(photo.takenAt)), \(bind: data))
                """).run()
            return (photo, true)
        }
    }

    public func proofOfDelivery(orderId: String) async throws -> ProofOfDelivery {
        try await client.read { db in
            let stops = try await db.raw("""
                SELECT s.* FROM dispatch_stops s JOIN dispatch_routes r ON r.id = s.route_id JOIN dispatch_plans p ON p.id = s.plan_id
                WHERE s.order_id = \(bind: orderId) AND s.kind = 'delivery' AND r.status <> 'planned' AND s.status <> 'cancelled' AND p.status IN ('published', 'superseded')
                ORDER BY r.started_at, s.id
                """).all()
            var photos: [String: [DeliveryPhoto]] = [:]
            for row in try await db.raw("""
                SELECT id, stop_id, order_id, driver_id, format, bytes, fingerprint, taken_at FROM delivery_photos WHERE order_id = \(bind: orderId) ORDER BY id
                """).all() {
                let photo = try Self.photo(row)
                photos[photo.stopId, default: []].append(photo)
            }
            let attempts = try stops.map { row in
                let stopId = try row.decode(column: "id", as: String.self)
                return ProofOfDelivery.Attempt(
                    stopId: stopId, routeId: try row.decode(column: "route_id", as: String.self),
                    status: StopStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .pending,
                    arrivedAt: try row.optional("arrived_at", as: Int.self).map(Millis.date),
                    completedAt: try row.optional("completed_at", as: Int.self).map(Millis.date),
                    recipientName: try row.optional("recipient_name", as: String.self), note: try row.optional("note", as: String.self),
                    failureReason: try row.optional("failure_reason", as: String.self), photos: photos[stopId] ?? [])
            }
            return ProofOfDelivery(orderId: orderId, attempts: attempts)
        }
    }

    public func photo(id: String, orderId: String) async throws -> (photo: DeliveryPhoto, data: Data)? {
        try await client.read { db in
            guard let row = try await db.raw("SELECT * FROM delivery_photos WHERE id = \(bind: id) AND order_id = \(bind: orderId)").first() else {
                return nil
            }
            return (try Self.photo(row), try row.decode(column: "data", as: Data.self))
        }
    }

    static func photo(_ row: any SQLRow) throws -> DeliveryPhoto {
        DeliveryPhoto(id: try row.decode(column: "id", as: String.self), stopId: try row.decode(column: "stop_id", as: String.self),
                      orderId: try row.decode(column: "order_id", as: String.self), driverId: try row.decode(column: "driver_id", as: String.self),
                      format: PhotoFormat(rawValue: try row.decode(column: "format", as: String.self)) ?? .jpeg,
                      bytes: try row.decode(column: "bytes", as: Int.self), fingerprint: try row.decode(column: "fingerprint", as: String.self),
                      takenAt: Millis.date(try row.decode(column: "taken_at", as: Int.self)))
    }
}
