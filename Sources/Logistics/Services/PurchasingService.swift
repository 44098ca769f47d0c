import Foundation

/// Buying and moving stock: purchase orders from suggestions or by hand through their life cycle, receipts
/// into the ledger, and transfers between warehouses.
public struct PurchasingService: Sendable {
    public typealias Store = PurchasingStore & PlanningStore & CatalogStore & StockStore
    let store: any Store
    let clock: @Sendable () -> Date

    public static let maximumLines = 500
    public static let maximumQuantity = StockService.maximumMovement

    public init(store: any Store, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.clock = clock
    }

    func requirePlanner(_ user: User) throws {
        guard ReplenishmentService.planners.contains(user.role) else { throw LogisticsError.forbidden("only admin or warehouse staff buy and move stock") }
    }

    public struct Line: Sendable, Equatable {
        public var sku: String
        public var warehouseId: String
        public var quantity: Int
        public init(sku: String, warehouseId: String, quantity: Int) {
            self.sku = sku
            self.warehouseId = warehouseId
            self.quantity = quantity
        }
    }

    // MARK: Purchase orders

    /// Drafts from open purchase suggestions, one per supplier.
    public func draft(fromSuggestions ids: [String], note: String?, by user: User) async throws -> [PurchaseOrder] {
        try requirePlanner(user)
        let unique = Array(Set(ids)).sorted()
        guard !unique.isEmpty, unique.count <= Self.maximumLines else { throw LogisticsError.validation(field: "suggestionIds", message: "1 to \(Self.maximumLines)") }
        let found = try await store.suggestions(ids: unique)
        if let missing = unique.first(where: { id in !found.contains { $0.id == id } }) { throw LogisticsError.notFound("suggestion \(missing)") }
        for suggestion in found {
            guard suggestion.kind == .purchase else {
                throw LogisticsError.validation(field: "suggestionIds", message: "\(suggestion.id) is a transfer suggestion; make a transfer of it")
            }
            guard suggestion.state == .open else {
                throw LogisticsError.conflict(.suggestionState, message: "suggestion \(suggestion.id) is \(suggestion.state.rawValue)")
            }
            guard suggestion.supplierId != nil else {
                throw LogisticsError.validation(field: "suggestionIds", message: "\(suggestion.sku) has no supplier; add it to one first")
            }
        }
        let suppliers = try await store.suppliers()
        var orders: [PurchaseOrder] = []
        for (supplierId, group) in Dictionary(grouping: found, by: { $0.supplierId! }).sorted(by: { $0.key < $1.key }) {
            guard let supplier = suppliers.first(where: { $0.id == supplierId }) else { throw LogisticsError.notFound("supplier \(supplierId)") }
            let lines = Self.merged(group.map { Line(sku: $0.sku, warehouseId: $0.warehouseId, quantity: $0.quantity) })
            let order = try makeOrder(supplier: supplier, lines: lines, note: note, by: user)
            try await store.insertPurchaseOrder(order, fromSuggestions: group.map(\.id))
            orders.append(order)
        }
        return orders
    }

    /// A draft typed in by staff.
    public func draft(supplierId: String, lines: [Line], note: String?, by user: User) async throws -> PurchaseOrder {
        try requirePlanner(user)
        try validate(lines)
        guard let supplier = try await store.supplier(id: supplierId) else { throw LogisticsError.notFound("supplier \(supplierId)") }
        try await checkExists(lines.map(\.sku), warehouses: lines.map(\.warehouseId))
        let order = try makeOrder(supplier: supplier, lines: Self.merged(lines), note: note, by: user)
        try await store.insertPurchaseOrder(order, fromSuggestions: [])
        return order
    }

    func makeOrder(supplier: Supplier, lines: [Line], note: String?, by user: User) throws -> PurchaseOrder {
        let now = clock()
        let orderLines = try lines.map { line -> PurchaseOrderLine in
            guard let item = supplier.items.first(where: { $0.sku == line.sku }) else {
                throw LogisticsError.validation(field: "lines", message: "\(supplier.name) does not sell \(line.sku)")
            }
            return PurchaseOrderLine(sku: line.sku, warehouseId: line.warehouseId, quantity: line.quantity, unitCostCents: item.unitCostCents)
        }
        if let note, note.count > 500 { throw LogisticsError.validation(field: "note", message: "at most 500 characters") }
        return PurchaseOrder(id: Identifier.make("po", at: now), supplierId: supplier.id, status: .draft, lines: orderLines, createdBy: user.id,
                             createdAt: now, updatedAt: now, note: note)
    }

    public func purchaseOrder(id: String, by user: User) async throws -> PurchaseOrder {
        try requirePlanner(user)
        guard let order = try await store.purchaseOrder(id: id) else { throw LogisticsError.notFound("purchase order \(id)") }
        return order
    }

    public func purchaseOrders(status: PurchaseOrderStatus?, supplierId: String?, before: String?, limit: Int, by user: User) async throws -> [PurchaseOrder] {
        try requirePlanner(user)
        return try await store.purchaseOrders(status: status, supplierId: supplierId, beforeId: before, limit: limit)
    }

    /// approve, send, close or cancel; the status machine decides.
    public func step(_ step: PurchaseOrderStatus.Step, id: String, by user: User) async throws -> PurchaseOrder {
        try requirePlanner(user)
        guard let current = try await store.purchaseOrder(id: id) else { throw LogisticsError.notFound("purchase order \(id)") }
        var expected: PlanningDay?
        if step == .approve || step == .send, let supplier = try await store.supplier(id: current.supplierId) {
            expected = PlanningDay(days: PlanningDay(containing: clock()).days + Int(supplier.leadTimeDays.rounded(.up)))
        }
        guard let moved = try await store.movePurchaseOrder(id: id, from: step.from, to: step.to, by: user.id, at: clock(), expectedDate: expected) else {
            let now = try await store.purchaseOrder(id: id)?.status ?? current.status
            throw LogisticsError.conflict(.purchaseOrderState, message: "a purchase order that is \(now.rawValue) cannot \(step.rawValue)")
        }
        return moved
    }

    /// Books goods received against the order's lines; the same Idempotency-Key again returns the first result.
    public func receive(purchaseOrderId: String, lines: [Line], idempotencyKey: String?, by user: User) async throws -> (order: PurchaseOrder, replayed: Bool) {
        try requirePlanner(user)
        try validate(lines)
        guard let order = try await store.purchaseOrder(id: purchaseOrderId) else { throw LogisticsError.notFound("purchase order \(purchaseOrderId)") }
        let merged = Self.merged(lines)
        for line in merged where !order.lines.contains(where: { $0.sku == line.sku && $0.warehouseId == line.warehouseId }) {
            throw LogisticsError.validation(field: "lines", message: "the order has no line for \(line.sku) at \(line.warehouseId)")
        }
        let settings = try await store.inventorySettings()
        let now = clock()
        let receipt = PurchaseReceipt(id: Identifier.make("rcp", at: now), purchaseOrderId: purchaseOrderId,
                                      lines: merged.map { .init(sku: $0.sku, warehouseId: $0.warehouseId, quantity: $0.quantity) },
                                      receivedBy: user.id, receivedAt: now)
        let hash = merged.map { "\($0.sku)@\($0.warehouseId)x\($0.quantity)" }.joined(separator: ",")
        return try await store.receive(receipt, idempotencyKey: idempotencyKey ?? receipt.id, requestHash: hash, tolerance: settings.receiptTolerance)
    }

    public func receipts(purchaseOrderId: String, by user: User) async throws -> [PurchaseReceipt] {
        try requirePlanner(user)
        guard try await store.purchaseOrder(id: purchaseOrderId) != nil else { throw LogisticsError.notFound("purchase order \(purchaseOrderId)") }
        return try await store.receipts(purchaseOrderId: purchaseOrderId)
    }

    // MARK: Transfers

    public func requestTransfer(from: String, to: String, lines: [Transfer.Line], reason: String?, suggestionIds: [String], by user: User) async throws -> Transfer {
        try requirePlanner(user)
        guard from != to else { throw LogisticsError.validation(field: "toWarehouseId", message: "a transfer goes to another warehouse") }
        try validate(lines.map { Line(sku: $0.sku, warehouseId: to, quantity: $0.quantity) })
        try await checkExists(lines.map(\.sku), warehouses: [from, to])
        if let reason, reason.count > 500 { throw LogisticsError.validation(field: "reason", message: "at most 500 characters") }
        let merged = Self.merged(lines.map { Line(sku: $0.sku, warehouseId: to, quantity: $0.quantity) }).map { Transfer.Line(sku: $0.sku, quantity: $0.quantity) }
        let levels = try await store.stockLevels(skus: merged.map(\.sku), warehouseId: from)
        for line in merged {
            let available = levels.first { $0.sku == line.sku }?.available ?? 0
            guard available >= line.quantity else { throw LogisticsError.insufficientStock(sku: line.sku, requested: line.quantity, available: available) }
        }
        let suggestions = try await store.suggestions(ids: suggestionIds)
        for id in suggestionIds {
            guard let suggestion = suggestions.first(where: { $0.id == id }) else { throw LogisticsError.notFound("suggestion \(id)") }
            guard suggestion.kind == .transfer, suggestion.fromWarehouseId == from, suggestion.warehouseId == to else {
                throw LogisticsError.validation(field: "suggestionIds", message: "\(id) is not a transfer from \(from) to \(to)")
            }
            guard suggestion.state == .open else { throw LogisticsError.conflict(.suggestionState, message: "suggestion \(id) is \(suggestion.state.rawValue)") }
        }
        let now = clock()
        let transfer = Transfer(id: Identifier.make("trf", at: now), fromWarehouseId: from, toWarehouseId: to, status: .requested, lines: merged,
                                reason: reason, createdBy: user.id, createdAt: now)
        try await store.insertTransfer(transfer, fromSuggestions: suggestionIds)
        return transfer
    }

    /// Turns open transfer suggestions into transfers, one per pair of warehouses.
    public func requestTransfers(fromSuggestions ids: [String], by user: User) async throws -> [Transfer] {
        try requirePlanner(user)
        let found = try await store.suggestions(ids: Array(Set(ids)))
        if let missing = ids.first(where: { id in !found.contains { $0.id == id } }) { throw LogisticsError.notFound("suggestion \(missing)") }
        var transfers: [Transfer] = []
        for (pair, group) in Dictionary(grouping: found, by: { "\($0.fromWarehouseId ?? "")>\($0.warehouseId)" }).sorted(by: { $0.key < $1.key }) {
            guard let from = group[0].fromWarehouseId else { throw LogisticsError.validation(field: "suggestionIds", message: "\(pair): not a transfer suggestion") }
            transfers.append(try await requestTransfer(from: from, to: group[0].warehouseId, lines: group.map { .init(sku: $0.sku, quantity: $0.quantity) },
                                                       reason: group.map(\.reason).first, suggestionIds: group.map(\.id), by: user))
        }
        return transfers
    }

    public func transfer(id: String, by user: User) async throws -> Transfer {
        try requirePlanner(user)
        guard let transfer = try await store.transfer(id: id) else { throw LogisticsError.notFound("transfer \(id)") }
        return transfer
    }

    public func transfers(status: TransferStatus?, warehouseId: String?, before: String?, limit: Int, by user: User) async throws -> [Transfer] {
        try requirePlanner(user)
        return try await store.transfers(status: status, warehouseId: warehouseId, beforeId: before, limit: limit)
    }

    public enum TransferStep: String, Sendable, CaseIterable { case ship, receive, cancel }

    public func step(_ step: TransferStep, transferId: String, by user: User) async throws -> Transfer {
        try requirePlanner(user)
        guard let current = try await store.transfer(id: transferId) else { throw LogisticsError.notFound("transfer \(transferId)") }
        let now = clock()
        let moved: Transfer? = switch step {
        case .ship: try await store.shipTransfer(id: transferId, at: now)
        case .receive: try await store.receiveTransfer(id: transferId, at: now)
        case .cancel: try await store.cancelTransfer(id: transferId, at: now)
        }
        guard let moved else {
            let status = try await store.transfer(id: transferId)?.status ?? current.status
            throw LogisticsError.conflict(.transferState, message: "a transfer that is \(status.rawValue) cannot \(step.rawValue)")
        }
        return moved
    }

    // MARK: Checks

    func validate(_ lines: [Line]) throws {
        guard !lines.isEmpty, lines.count <= Self.maximumLines else { throw LogisticsError.validation(field: "lines", message: "1 to \(Self.maximumLines) lines") }
        for (index, line) in lines.enumerated() {
            guard line.quantity >= 1, line.quantity <= Self.maximumQuantity else {
                throw LogisticsError.validation(field: "lines[\(index)].quantity", message: "a whole number from 1 to \(Self.maximumQuantity)")
            }
        }
        for (key, total) in Dictionary(lines.map { ("\($0.sku)@\($0.warehouseId)", $0.quantity) }, uniquingKeysWith: +) where total > Self.maximumQuantity {
            throw LogisticsError.validation(field: "lines", message: "\(key): at most \(Self.maximumQuantity) in all")
        }
    }

    func checkExists(_ skus: [String], warehouses: [String]) async throws {
        try await store.requireProducts(skus)
        let ids = Set(try await store.warehouses().map(\.id))
        if let unknown = warehouses.first(where: { !ids.contains($0) }) { throw LogisticsError.notFound("warehouse \(unknown)") }
    }

    static func merged(_ lines: [Line]) -> [Line] {
        var totals: [String: Line] = [:]
        for line in lines {
            let key = "\(line.sku)\u{1}\(line.warehouseId)"
            totals[key, default: Line(sku: line.sku, warehouseId: line.warehouseId, quantity: 0)].quantity += line.quantity
        }
        return totals.values.sorted { ($0.sku, $0.warehouseId) < ($1.sku, $1.warehouseId) }
    }
}
