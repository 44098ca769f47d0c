import Foundation

/// Purchase orders with their receipts, and transfers between warehouses; every receipt and shipment is a
/// ledger movement written in the same transaction as the document it belongs to.
public protocol PurchasingStore: Sendable {
    /// Inserts a draft and marks the suggestions it came from as ordered (all still open, or nothing changes).
    func insertPurchaseOrder(_ order: PurchaseOrder, fromSuggestions suggestionIds: [String]) async throws
    func purchaseOrder(id: String) async throws -> PurchaseOrder?
    func purchaseOrders(status: PurchaseOrderStatus?, supplierId: String?, beforeId: String?, limit: Int) async throws -> [PurchaseOrder]
    /// Moves the order if its status is in `from`; nil when it is not (the caller reads it again to explain).
    func movePurchaseOrder(id: String, from: Set<PurchaseOrderStatus>, to: PurchaseOrderStatus, by userId: String, at time: Date,
                           expectedDate: PlanningDay?) async throws -> PurchaseOrder?
    /// Books a receipt: ledger `receipt` movements, the lines' received quantities and the status, at once.
    /// The same key again returns the first receipt's result (`replayed`); the store enforces the tolerance.
    func receive(_ receipt: PurchaseReceipt, idempotencyKey: String, requestHash: String, tolerance: Double) async throws -> (order: PurchaseOrder, replayed: Bool)
    func receipts(purchaseOrderId: String) async throws -> [PurchaseReceipt]

    func insertTransfer(_ transfer: Transfer, fromSuggestions suggestionIds: [String]) async throws
    func transfer(id: String) async throws -> Transfer?
    func transfers(status: TransferStatus?, warehouseId: String?, beforeId: String?, limit: Int) async throws -> [Transfer]
    /// requested → inTransit with `transferOut` movements at the source (refused whole if stock is short).
    func shipTransfer(id: String, at time: Date) async throws -> Transfer?
    /// inTransit → received with `transferIn` movements at the destination.
    func receiveTransfer(id: String, at time: Date) async throws -> Transfer?
    func cancelTransfer(id: String, at time: Date) async throws -> Transfer?

    /// Stock on its way: open purchase-order lines not yet received and transfers in transit.
    func inboundStock() async throws -> [InboundStock]
}

/// Units on their way to a warehouse, and when they are expected.
public struct InboundStock: Equatable, Sendable {
    public var key: StockKey
    public var quantity: Int
    public var expected: PlanningDay?
    public var source: String
    public init(key: StockKey, quantity: Int, expected: PlanningDay?, source: String) {
        self.key = key
        self.quantity = quantity
        self.expected = expected
        self.source = source
    }
}
