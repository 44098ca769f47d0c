import Foundation

/// An order to a supplier: drafted (from suggestions or by hand), approved, sent, received in one or more
/// receipts (each a ledger `receipt` movement), closed. What is ordered and not yet received counts in the
/// inventory position, so the next run does not order it again.
public struct PurchaseOrder: Codable, Equatable, Sendable {
    public var id: String
    public var supplierId: String
    public var status: PurchaseOrderStatus
    public var lines: [PurchaseOrderLine]
    public var createdBy: String
    public var createdAt: Date
    public var updatedAt: Date
    public var approvedBy: String?
    public var approvedAt: Date?
    public var sentAt: Date?
    public var closedAt: Date?
    /// The day the goods are expected: when it was sent (or approved) plus the supplier's lead time.
    public var expectedDate: PlanningDay?
    public var note: String?

    public init(id: String, supplierId: String, status: PurchaseOrderStatus, lines: [PurchaseOrderLine], createdBy: String, createdAt: Date,
                updatedAt: Date, approvedBy: String? = nil, approvedAt: Date? = nil, sentAt: Date? = nil, closedAt: Date? = nil,
                expectedDate: PlanningDay? = nil, note: String? = nil) {
        self.id = id
        self.supplierId = supplierId
        self.status = status
        self.lines = lines
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.approvedBy = approvedBy
        self.approvedAt = approvedAt
        self.sentAt = sentAt
        self.closedAt = closedAt
        self.expectedDate = expectedDate
        self.note = note
    }

    public var totalCents: Int { lines.reduce(0) { $0 + $1.quantity * $1.unitCostCents } }
}

public struct PurchaseOrderLine: Codable, Equatable, Sendable {
    public var sku: String
    public var warehouseId: String
    public var quantity: Int
    public var received: Int
    public var unitCostCents: Int

    public init(sku: String, warehouseId: String, quantity: Int, received: Int = 0, unitCostCents: Int) {
        self.sku = sku
        self.warehouseId = warehouseId
        self.quantity = quantity
        self.received = received
        self.unitCostCents = unitCostCents
    }

    /// Still to come (never negative: an over-receipt within tolerance leaves nothing outstanding).
    public var outstanding: Int { max(0, quantity - received) }
}

/// draft → approved → sent → partiallyReceived → received → closed; draft or approved → cancelled; a
/// partly received order may be closed short. Receipts are taken once approved (sending is then implied).
public enum PurchaseOrderStatus: String, Codable, CaseIterable, Sendable {
    case draft, approved, sent, partiallyReceived, received, closed, cancelled

    /// The steps staff take by name (receipts move the rest).
    public enum Step: String, Sendable, CaseIterable {
        case approve, send, close, cancel

        public var from: Set<PurchaseOrderStatus> {
            switch self {
            case .approve: [.draft]
            case .send: [.approved]
            case .close: [.partiallyReceived, .received]
            case .cancel: [.draft, .approved]
            }
        }

        public var to: PurchaseOrderStatus {
            switch self {
            case .approve: .approved
            case .send: .sent
            case .close: .closed
            case .cancel: .cancelled
            }
        }
    }

    public var takesReceipts: Bool { [.approved, .sent, .partiallyReceived].contains(self) }
    /// Counts in the inventory position.
    public var isOpen: Bool { [.draft, .approved, .sent, .partiallyReceived].contains(self) }
}

/// One delivery against a purchase order; a retry with the same Idempotency-Key returns the first result.
public struct PurchaseReceipt: Codable, Equatable, Sendable {
    public struct Line: Codable, Equatable, Sendable {
        public var sku: String
        public var warehouseId: String
        public var quantity: Int
        public init(sku: String, warehouseId: String, quantity: Int) {
            self.sku = sku
            self.warehouseId = warehouseId
            self.quantity = quantity
        }
    }
    public var id: String
    public var purchaseOrderId: String
    public var lines: [Line]
    public var receivedBy: String
    public var receivedAt: Date

    public init(id: String, purchaseOrderId: String, lines: [Line], receivedBy: String, receivedAt: Date) {
        self.id = id
        self.purchaseOrderId = purchaseOrderId
        self.lines = lines
        self.receivedBy = receivedBy
        self.receivedAt = receivedAt
    }
}
