import Foundation
import Logistics
import SQLKit

extension SQLLogisticsStore: ReturnStore {
    public func insertReturn(_ rma: ReturnRequest, event: TrackingEvent) async throws {
        try await client.transaction { db in
            try await db.raw("""
                INSERT INTO return_requests (id, order_id, customer_id, kind, reason, detail, lines, status, decided_by, decision_note, pickup, inspection,
                  inspection_note, refund_id, refund_cents, replacement_order_id, created_at, updated_at)
                VALUES (\(bind: rma.id), \(bind: rma.orderId), \(bind: rma.customerId), \(bind: rma.kind.rawValue), \(bind: rma.reason.rawValue),
                  \(bind: rma.detail), \(bind: try Self.encodeLines(rma.lines)), \(bind: rma.status.rawValue), \(bind: rma.decidedBy), \(bind: rma.decisionNote),
                  \(bind: rma.pickup.rawValue), \(bind: rma.inspection?.rawValue), \(bind: rma.inspectionNote), \(bind: rma.refundId), \(bind: rma.refundCents),
                  \(bind: rma.replacementOrderId), \(bind: Millis.from(rma.createdAt)), \(bind: Millis.from(rma.updatedAt)))
                """).run()
            try await Self.insertEvent(db, event)
        }
        changes.publish(orderId: rma.orderId)
    }

    public func returnRequest(id: String) async throws -> ReturnRequest? {
        try await client.read { db in
            try await Self.withPhotos(db, try await db.raw("SELECT * FROM return_requests WHERE id = \(bind: id)").all().map(Self.returnRequest(from:))).first
        }
    }

    public func returns(orderId: String) async throws -> [ReturnRequest] {
        try await client.read { db in
            try await Self.withPhotos(db, try await db.raw("SELECT * FROM return_requests WHERE order_id = \(bind: orderId) ORDER BY id").all()
                .map(Self.returnRequest(from:)))
        }
    }

    public func returns(status: ReturnStatus?, beforeId: String?, limit: Int) async throws -> [ReturnRequest] {
        try await client.read { db in
            try await Self.withPhotos(db, try await db.raw(Self.newestFirst(from: "return_requests", where: [("status", status?.rawValue)], before: beforeId, limit: limit))
                .all().map(Self.returnRequest(from:)))
        }
    }

    /// The RMAs with their photos' ids, formats and sizes (not their bytes), in one query.
    static func withPhotos(_ db: any SQLDatabase, _ rmas: [ReturnRequest]) async throws -> [ReturnRequest] {
        guard !rmas.isEmpty else { return rmas }
        var photos: [String: [PhotoAttachment]] = [:]
        for row in try await db.raw("""
            SELECT id, return_id, format, bytes FROM return_photos WHERE return_id IN (\(binds: rmas.map(\.id))) ORDER BY return_id, id
            """).all() {
            guard let format = PhotoFormat(rawValue: try row.decode(column: "format", as: String.self)) else { continue }
            photos[try row.decode(column: "return_id", as: String.self), default: []].append(
                PhotoAttachment(id: try row.decode(column: "id", as: String.self), format: format, bytes: try row.decode(column: "bytes", as: Int.self)))
        }
        return rmas.map { rma in
            var rma = rma
            rma.photos = photos[rma.id] ?? []
            return rma
        }
    }

    public func addReturnPhoto(_ photo: PhotoAttachment, data: Data, returnId: String, statuses: Set<ReturnStatus>, maxPhotos: Int, uploadedBy: String,
                               at time: Date) async throws -> Bool {
        try await client.transaction { db in
            // Locks the RMA's row: two uploads at once cannot both pass the count below, nor race a receipt.
            guard try await db.raw("""
                UPDATE return_requests SET updated_at = updated_at WHERE id = \(bind: returnId) AND status IN (\(binds: statuses.map(\.rawValue).sorted()))
                RETURNING id
                """).first() != nil else { return false }
            let count = try await db.raw("SELECT COUNT(*) AS n FROM return_photos WHERE return_id = \(bind: returnId)").first()?.decode(column: "n", as: Int.self) ?? 0
            guard count < maxPhotos else {
                throw LogisticsError.conflict(.photoLimit, message: "return \(returnId) has \(count) photos, the most a return may have")
            }
            try await db.raw("""
                INSERT INTO return_photos (id, return_id, format, bytes, uploaded_by, created_at, data)
                VALUES (\(bind: photo.id), \(bind: returnId), \(bind: photo.format.rawValue), \(bind: photo.bytes), \(bind: uploadedBy),
                  \(bind: Millis.from(time)), \(bind: data))
                """).run()
            return true
        }
    }

    public func returnPhoto(id: String, returnId: String) async throws -> (photo: PhotoAttachment, data: Data)? {
        try await client.read { db in
            guard let row = try await db.raw("SELECT * FROM return_photos WHERE id = \(bind: id) AND return_id = \(bind: returnId)").first(),
                  let format = PhotoFormat(rawValue: try row.decode(column: "format", as: String.self)) else { return nil }
            return (PhotoAttachment(id: id, format: format, bytes: try row.decode(column: "bytes", as: Int.self)), try row.decode(column: "data", as: Data.self))
        }
    }

    public func returningQuantities(orderId: String) async throws -> [String: Int] {
        var quantities: [String: Int] = [:]
        for rma in try await returns(orderId: orderId) where rma.status != .rejected {
            for line in rma.lines { quantities[line.sku, default: 0] += line.quantity }
        }
        return quantities
    }

    public func advanceReturn(_ rma: ReturnRequest, from: ReturnStatus, event: TrackingEvent, restock: [ReturnLine], refund: Refund?) async throws -> Bool {
        let advanced = try await client.transaction { db -> Bool in
            let moved = try await db.raw("""
                UPDATE return_requests SET status = \(bind: rma.status.rawValue), decided_by = \(bind: rma.decidedBy), decision_note = \(bind: rma.decisionNote),
                  inspection = \(bind: rma.inspection?.rawValue), inspection_note = \(bind: rma.inspectionNote), refund_id = \(bind: rma.refundId),
                  replacement_order_id = \(bind: rma.replacementOrderId), return_carrier_code = \(bind: rma.returnWaybill?.carrierCode),
                  return_waybill_number = \(bind: rma.returnWaybill?.waybillNumber), updated_at = \(bind: Millis.from(rma.updatedAt))
                WHERE id = \(bind: rma.id) AND status = \(bind: from.rawValue) RETURNING id
                """).first() != nil
            guard moved else { return false }
            try await Self.lockOrder(db, rma.orderId)
            var postings = StockPostings()
            if !restock.isEmpty {
                let warehouses = try await db.raw("SELECT sku, warehouse_id FROM order_lines WHERE order_id = \(bind: rma.orderId)").all()
                var warehouseOf: [String: String] = [:]
                for row in warehouses { warehouseOf[try row.decode(column: "sku", as: String.self)] = try row.decode(column: "warehouse_id", as: String.self) }
                for line in restock {
                    guard let warehouseId = warehouseOf[line.sku] else { continue }
                    postings.add(warehouseId: warehouseId, sku: line.sku, kind: .return, quantity: line.quantity,
                                 orderId: rma.orderId, note: "RMA \(rma.id)", at: rma.updatedAt)
                }
            }
            if let refund { try await Self.insertRefund(db, refund) }
            try await Self.insertEvent(db, event)
            try await Self.post(db, postings)
            return true
        }
        if advanced { changes.publish(orderId: rma.orderId) }
        return advanced
    }

    static func encodeLines(_ lines: [ReturnLine]) throws -> String {
        String(decoding: try JSONEncoder().encode(lines), as: UTF8.self)
    }

    static func returnRequest(from row: any SQLRow) throws -> ReturnRequest {
        ReturnRequest(
            id: try row.decode(column: "id", as: String.self), orderId: try row.decode(column: "order_id", as: String.self),
            customerId: try row.decode(column: "customer_id", as: String.self),
            kind: ReturnKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .return,
            reason: ReturnReason(rawValue: try row.decode(column: "reason", as: String.self)) ?? .noReason,
            detail: try row.optional("detail", as: String.self),
            lines: try JSONDecoder().decode([ReturnLine].self, from: Data(try row.decode(column: "lines", as: String.self).utf8)),
            status: ReturnStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .requested,
            decidedBy: try row.optional("decided_by", as: String.self), decisionNote: try row.optional("decision_note", as: String.self),
            pickup: ReturnRequest.PickupMethod(rawValue: try row.decode(column: "pickup", as: String.self)) ?? .ownFleet,
            returnWaybill: try row.optional("return_carrier_code", as: String.self).flatMap { code in
                try row.optional("return_waybill_number", as: String.self).map { .init(carrierCode: code, waybillNumber: $0) }
            },
            inspection: try row.optional("inspection", as: String.self).flatMap(InspectionOutcome.init(rawValue:)),
            inspectionNote: try row.optional("inspection_note", as: String.self), refundId: try row.optional("refund_id", as: String.self),
            refundCents: try row.decode(column: "refund_cents", as: Int.self), replacementOrderId: try row.optional("replacement_order_id", as: String.self),
            createdAt: Millis.date(try row.decode(column: "created_at", as: Int.self)), updatedAt: Millis.date(try row.decode(column: "updated_at", as: Int.self)))
    }
}
