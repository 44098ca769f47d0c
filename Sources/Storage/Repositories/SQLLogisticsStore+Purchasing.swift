import Foundation
import Logistics
import SQLKit

extension SQLLogisticsStore: PurchasingStore {
    public func insertPurchaseOrder(_ order: PurchaseOrder, fromSuggestions suggestionIds: [String]) async throws {
        try await client.transaction { db in
            try await db.raw("""
                INSERT INTO purchase_orders (id, supplier_id, status, created_by, created_at, updated_at, note)
                VALUES (\(bind: order.id), \(bind: order.supplierId), \(bind: order.status.rawValue), \(bind: order.createdBy),
                  \(bind: Millis.from(order.createdAt)), \(bind: Millis.from(order.updatedAt)), \(bind: order.note))
                """).run()
            for line in order.lines {
                try await db.raw("""
                    INSERT INTO purchase_order_lines (purchase_order_id, sku, warehouse_id, quantity, received, unit_cost_cents)
                    VALUES (\(bind: order.id), \(bind: line.sku), \(bind: line.warehouseId), \(bind: line.quantity), 0, \(bind: line.unitCostCents))
                    """).run()
            }
            try await Self.markOrdered(db, suggestionIds, column: "purchase_order_id", id: order.id)
        }
    }

    /// Open suggestions → ordered, all or none (a suggestion taken by someone else meanwhile rolls back).
    static func markOrdered(_ db: any SQLDatabase, _ ids: [String], column: String, id: String) async throws {
        guard !ids.isEmpty else { return }
        let marked = try await db.raw("""
            UPDATE replenishment_suggestions SET state = 'ordered', \(unsafeRaw: column) = \(bind: id) WHERE id IN (\(binds: ids)) AND state = 'open' RETURNING id
            """).all().count
        guard marked == Set(ids).count else {
            throw LogisticsError.conflict(.suggestionState, message: "a suggestion was ordered, dismissed or superseded meanwhile; reload the suggestions")
        }
    }

    public func purchaseOrder(id: String) async throws -> PurchaseOrder? {
        try await client.read { db in try await Self.purchaseOrder(db, id: id) }
    }

    static func purchaseOrder(_ db: any SQLDatabase, id: String) async throws -> PurchaseOrder? {
        guard let row = try await db.raw("SELECT * FROM purchase_orders WHERE id = \(bind: id)").first() else { return nil }
        return try await hydratePurchaseOrders(db, [row]).first
    }

    static func hydratePurchaseOrders(_ db: any SQLDatabase, _ rows: [any SQLRow]) async throws -> [PurchaseOrder] {
        guard !rows.isEmpty else { return [] }
        let ids = try rows.map { try $0.decode(column: "id", as: String.self) }
        var lines: [String: [PurchaseOrderLine]] = [:]
        for row in try await db.raw("SELECT * FROM purchase_order_lines WHERE purchase_order_id IN (\(binds: ids)) ORDER BY sku, warehouse_id").all() {
            lines[try row.decode(column: "purchase_order_id", as: String.self), default: []].append(PurchaseOrderLine(
                sku: try row.decode(column: "sku", as: String.self), warehouseId: try row.decode(column: "warehouse_id", as: String.self),
                quantity: try row.decode(column: "quantity", as: Int.self), received: try row.decode(column: "received", as: Int.self),
                unitCostCents: try row.decode(column: "unit_cost_cents", as: Int.self)))
        }
        return try rows.map { row in
            let id = try row.decode(column: "id", as: String.self)
            return PurchaseOrder(
                id: id, supplierId: try row.decode(column: "supplier_id", as: String.self),
                status: PurchaseOrderStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .draft, lines: lines[id] ?? [],
                createdBy: try row.decode(column: "created_by", as: String.self), createdAt: Millis.date(try row.decode(column: "created_at", as: Int.self)),
                updatedAt: Millis.date(try row.decode(column: "updated_at", as: Int.self)), approvedBy: try row.optional("approved_by", as: String.self),
                approvedAt: try row.optional("approved_at", as: Int.self).map(Millis.date), sentAt: try row.optional("sent_at", as: Int.self).map(Millis.date),
                closedAt: try row.optional("closed_at", as: Int.self).map(Millis.date),
                expectedDate: try row.optional("expected_day", as: Int.self).map(PlanningDay.init(days:)), note: try row.optional("note", as: String.self))
        }
    }

    public func purchaseOrders(status: PurchaseOrderStatus?, supplierId: String?, beforeId: String?, limit: Int) async throws -> [PurchaseOrder] {
        try await client.read { db in
            let rows = try await db.raw(Self.newestFirst(from: "purchase_orders", where: [("status", status?.rawValue), ("supplier_id", supplierId)],
                                                         before: beforeId, limit: limit)).all()
            return try await Self.hydratePurchaseOrders(db, rows)
        }
    }

    public func movePurchaseOrder(id: String, from: Set<PurchaseOrderStatus>, to: PurchaseOrderStatus, by userId: String, at time: Date,
                                  expectedDate: PlanningDay?) async throws -> PurchaseOrder? {
        let millis = Millis.from(time)
        return try await client.transaction { db in
            let stamp: String = switch to {
            case .approved: ", approved_by = '\(userId.replacingOccurrences(of: "'", with: "''"))', approved_at = \(millis)"
            case .sent: ", sent_at = \(millis)"
            case .closed, .cancelled: ", closed_at = \(millis)"
            default: ""
            }
            let expected = expectedDate.map { ", expected_day = \($0.days)" } ?? ""
            guard try await db.raw("""
                UPDATE purchase_orders SET status = \(bind: to.rawValue), updated_at = \(bind: millis)\(unsafeRaw: stamp)\(unsafeRaw: expected)
                WHERE id = \(bind: id) AND status IN (\(binds: from.map(\.rawValue).sorted())) RETURNING id
                """).first() != nil else { return nil }
            return try await Self.purchaseOrder(db, id: id)
        }
    }

    public func receive(_ receipt: PurchaseReceipt, idempotencyKey: String, requestHash: String, tolerance: Double) async throws -> (order: PurchaseOrder, replayed: Bool) {
        let result: (PurchaseOrder, Bool)
        do {
            result = try await client.transaction { db in
                if let previous = try await db.raw("""
                    SELECT request_hash FROM purchase_receipts WHERE purchase_order_id = \(bind: receipt.purchaseOrderId) AND idempotency_key = \(bind: idempotencyKey)
                    """).first() {
                    guard try previous.decode(column: "request_hash", as: String.self) == requestHash else { throw LogisticsError.idempotencyKeyReused }
                    guard let order = try await Self.purchaseOrder(db, id: receipt.purchaseOrderId) else { throw LogisticsError.notFound("purchase order \(receipt.purchaseOrderId)") }
                    return (order, true)
                }
                // Holding the order's row serialises receipts of one order: the tolerance is checked on fresh figures.
                guard let row = try await db.raw("""
                    UPDATE purchase_orders SET updated_at = \(bind: Millis.from(receipt.receivedAt)) WHERE id = \(bind: receipt.purchaseOrderId) RETURNING status
                    """).first() else { throw LogisticsError.notFound("purchase order \(receipt.purchaseOrderId)") }
                let status = PurchaseOrderStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .draft
                guard status.takesReceipts else {
                    throw LogisticsError.conflict(.purchaseOrderState, message: "a purchase order that is \(status.rawValue) takes no receipts")
                }
                var postings = StockPostings()
                for line in receipt.lines {
                    guard let current = try await db.raw("""
                        SELECT quantity, received FROM purchase_order_lines
                        WHERE purchase_order_id = \(bind: receipt.purchaseOrderId) AND sku = \(bind: line.sku) AND warehouse_id = \(bind: line.warehouseId)
                        """).first() else {
                        throw LogisticsError.validation(field: "lines", message: "the order has no line for \(line.sku) at \(line.warehouseId)")
                    }
                    let ordered = try current.decode(column: "quantity", as: Int.self), received = try current.decode(column: "received", as: Int.self)
                    let allowed = ordered + Int((Double(ordered) * tolerance).rounded(.down))
                    guard received + line.quantity <= allowed else {
                        throw LogisticsError.conflict(.overReceipt, message: "\(line.sku) at \(line.warehouseId): \(received) of \(ordered) received; \(line.quantity) more would pass the \(Int(tolerance * 100)) % tolerance (at most \(allowed - received) more)")
                    }
                    try await db.raw("""
                        UPDATE purchase_order_lines SET received = received + \(bind: line.quantity)
                        WHERE purchase_order_id = \(bind: receipt.purchaseOrderId) AND sku = \(bind: line.sku) AND warehouse_id = \(bind: line.warehouseId)
                        """).run()
                    postings.add(warehouseId: line.warehouseId, sku: line.sku, kind: .receipt, quantity: line.quantity,
                                 orderId: nil, note: "purchase order \(receipt.purchaseOrderId)", at: receipt.receivedAt)
                }
                let outstanding = try await db.raw("""
                    SELECT COUNT(*) AS n FROM purchase_order_lines WHERE purchase_order_id = \(bind: receipt.purchaseOrderId) AND received < quantity
                    """).first()?.decode(column: "n", as: Int.self) ?? 0
                try await db.raw("""
                    UPDATE purchase_orders SET status = \(bind: outstanding == 0 ? "received" : "partiallyReceived") WHERE id = \(bind: receipt.purchaseOrderId)
                    """).run()
                try await db.raw("""
                    INSERT INTO purchase_receipts (id, purchase_order_id, idempotency_key, request_hash, lines, received_by, received_at)
                    VALUES (\(bind: receipt.id), \(bind: receipt.purchaseOrderId), \(bind: idempotencyKey), \(bind: requestHash),
                      \(bind: try PlanningJSON.encode(receipt.lines)), \(bind: receipt.receivedBy), \(bind: Millis.from(receipt.receivedAt)))
                    """).run()
                guard let order = try await Self.purchaseOrder(db, id: receipt.purchaseOrderId) else { throw LogisticsError.notFound("purchase order") }
                try await Self.post(db, postings)
                return (order, false)
            }
        } catch let error where StorageErrors.uniqueViolationTarget(error) != nil {
            // A concurrent retry with the same key won: answer with its result.
            guard let order = try await purchaseOrder(id: receipt.purchaseOrderId) else { throw error }
            return (order, true)
        }
        return result
    }

    public func receipts(purchaseOrderId: String) async throws -> [PurchaseReceipt] {
        try await client.read { db in
            try await db.raw("SELECT * FROM purchase_receipts WHERE purchase_order_id = \(bind: purchaseOrderId) ORDER BY received_at, id").all().map { row in
                PurchaseReceipt(id: try row.decode(column: "id", as: String.self), purchaseOrderId: purchaseOrderId,
                                lines: try PlanningJSON.decode([PurchaseReceipt.Line].self, try row.decode(column: "lines", as: String.self)),
                                receivedBy: try row.decode(column: "received_by", as: String.self),
                                receivedAt: Millis.date(try row.decode(column: "received_at", as: Int.self)))
            }
        }
    }

    // MARK: Transfers

    public func insertTransfer(_ transfer: Transfer, fromSuggestions suggestionIds: [String]) async throws {
        try await client.transaction { db in
            try await db.raw("""
                INSERT INTO transfers (id, from_warehouse_id, to_warehouse_id, status, lines, reason, created_by, created_at)
                VALUES (\(bind: transfer.id), \(bind: transfer.fromWarehouseId), \(bind: transfer.toWarehouseId), \(bind: transfer.status.rawValue),
                  \(bind: try PlanningJSON.encode(transfer.lines)), \(bind: transfer.reason), \(bind: transfer.createdBy), \(bind: Millis.from(transfer.createdAt)))
                """).run()
            try await Self.markOrdered(db, suggestionIds, column: "transfer_id", id: transfer.id)
        }
    }

    public func transfer(id: String) async throws -> Transfer? {
        try await client.read { db in try await db.raw("SELECT * FROM transfers WHERE id = \(bind: id)").first().map(Self.transfer(from:)) }
    }

    public func transfers(status: TransferStatus?, warehouseId: String?, beforeId: String?, limit: Int) async throws -> [Transfer] {
        try await client.read { db in
            var query = SQLQueryString("SELECT * FROM transfers WHERE 1 = 1")
            if let status { query.appendInterpolation(unsafeRaw: " AND status = "); query.appendInterpolation(bind: status.rawValue) }
            if let warehouseId {
                query.appendInterpolation(unsafeRaw: " AND (from_warehouse_id = ")
                query.appendInterpolation(bind: warehouseId)
                query.appendInterpolation(unsafeRaw: " OR to_warehouse_id = ")
                query.appendInterpolation(bind: warehouseId)
                query.appendInterpolation(unsafeRaw: ")")
            }
            if let beforeId { query.appendInterpolation(unsafeRaw: " AND id < "); query.appendInterpolation(bind: beforeId) }
            query.appendInterpolation(unsafeRaw: " ORDER BY id DESC LIMIT \(max(1, min(limit, 200)))")
            return try await db.raw(query).all().map(Self.transfer(from:))
        }
    }

    public func shipTransfer(id: String, at time: Date) async throws -> Transfer? {
        do {
            return try await moveTransfer(id: id, from: .requested, to: .inTransit, at: time, column: "shipped_at") { db, transfer in
                var postings = StockPostings()
                for line in transfer.lines {
                    postings.add(warehouseId: transfer.fromWarehouseId, sku: line.sku, kind: .transferOut, quantity: line.quantity,
                                 orderId: nil, note: "transfer \(transfer.id) to \(transfer.toWarehouseId)", at: time)
                }
                try await Self.post(db, postings)
            }
        } catch let error where StorageErrors.isCheckViolation(error) {
            throw LogisticsError.conflict(.stockWouldGoNegative, message: "the source warehouse no longer has the stock free (on hand, not reserved) to ship")
        }
    }

    public func receiveTransfer(id: String, at time: Date) async throws -> Transfer? {
        try await moveTransfer(id: id, from: .inTransit, to: .received, at: time, column: "received_at") { db, transfer in
            var postings = StockPostings()
            for line in transfer.lines {
                postings.add(warehouseId: transfer.toWarehouseId, sku: line.sku, kind: .transferIn, quantity: line.quantity,
                             orderId: nil, note: "transfer \(transfer.id) from \(transfer.fromWarehouseId)", at: time)
            }
            try await Self.post(db, postings)
        }
    }

    public func cancelTransfer(id: String, at time: Date) async throws -> Transfer? {
        try await moveTransfer(id: id, from: .requested, to: .cancelled, at: time, column: nil) { _, _ in }
    }

    /// The conditional status update and its ledger movements in one transaction.
    private func moveTransfer(id: String, from: TransferStatus, to: TransferStatus, at time: Date, column: String?,
                              movements: @Sendable (any SQLDatabase, Transfer) async throws -> Void) async throws -> Transfer? {
        try await client.transaction { db in
            let stamp = column.map { ", \($0) = \(Millis.from(time))" } ?? ""
            guard let row = try await db.raw("""
                UPDATE transfers SET status = \(bind: to.rawValue)\(unsafeRaw: stamp) WHERE id = \(bind: id) AND status = \(bind: from.rawValue) RETURNING *
                """).first() else { return nil }
            let transfer = try Self.transfer(from: row)
            try await movements(db, transfer)
            return transfer
        }
    }

    static func transfer(from row: any SQLRow) throws -> Transfer {
        Transfer(id: try row.decode(column: "id", as: String.self), fromWarehouseId: try row.decode(column: "from_warehouse_id", as: String.self),
                 toWarehouseId: try row.decode(column: "to_warehouse_id", as: String.self),
                 status: TransferStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .requested,
                 lines: try PlanningJSON.decode([Transfer.Line].self, try row.decode(column: "lines", as: String.self)),
                 reason: try row.optional("reason", as: String.self), createdBy: try row.decode(column: "created_by", as: String.self),
                 createdAt: Millis.date(try row.decode(column: "created_at", as: Int.self)), shippedAt: try row.optional("shipped_at", as: Int.self).map(Millis.date),
                 receivedAt: try row.optional("received_at", as: Int.self).map(Millis.date))
    }

    public func inboundStock() async throws -> [InboundStock] {
        try await client.read { db in
            var inbound: [InboundStock] = []
            for row in try await db.raw("""
                SELECT l.sku, l.warehouse_id, l.quantity - l.received AS outstanding, o.expected_day, o.id FROM purchase_order_lines l
                JOIN purchase_orders o ON o.id = l.purchase_order_id
                WHERE o.status IN ('draft', 'approved', 'sent', 'partiallyReceived') AND l.received < l.quantity
                """).all() {
                inbound.append(InboundStock(key: StockKey(warehouseId: try row.decode(column: "warehouse_id", as: String.self), sku: try row.decode(column: "sku", as: String.self)),
                                            quantity: try row.decode(column: "outstanding", as: Int.self),
                                            expected: try row.optional("expected_day", as: Int.self).map(PlanningDay.init(days:)),
                                            source: try row.decode(column: "id", as: String.self)))
            }
            for row in try await db.raw("SELECT * FROM transfers WHERE status IN ('requested', 'inTransit')").all() {
                let transfer = try Self.transfer(from: row)
                let arrives = PlanningDay(days: PlanningDay(containing: transfer.shippedAt ?? transfer.createdAt).days + ReplenishmentPlanning.transferDays)
                for line in transfer.lines {
                    inbound.append(InboundStock(key: StockKey(warehouseId: transfer.toWarehouseId, sku: line.sku), quantity: line.quantity, expected: arrives,
                                                source: transfer.id))
                }
            }
            return inbound
        }
    }
}
