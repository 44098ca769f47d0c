import Foundation

/// A stock problem on the board: one live alert per SKU, warehouse and kind. Each says why in numbers and
/// what to do.
public struct StockAlert: Codable, Equatable, Sendable {
    public var id: String
    public var warehouseId: String
    public var sku: String
    public var kind: StockAlertKind
    public var state: AlertState
    /// Why, in numbers ("projected out of stock on 2026-12-09; next receipt 2026-12-14").
    public var detail: String
    /// What to do ("restock: order 120 now").
    public var advice: String
    public var raisedAt: Date
    public var acknowledgedBy: String?
    public var acknowledgedAt: Date?
    public var resolvedBy: String?
    public var resolvedAt: Date?
    public var resolution: String?

    public init(id: String, warehouseId: String, sku: String, kind: StockAlertKind, state: AlertState = .open, detail: String, advice: String,
                raisedAt: Date, acknowledgedBy: String? = nil, acknowledgedAt: Date? = nil, resolvedBy: String? = nil, resolvedAt: Date? = nil,
                resolution: String? = nil) {
        self.id = id
        self.warehouseId = warehouseId
        self.sku = sku
        self.kind = kind
        self.state = state
        self.detail = detail
        self.advice = advice
        self.raisedAt = raisedAt
        self.acknowledgedBy = acknowledgedBy
        self.acknowledgedAt = acknowledgedAt
        self.resolvedBy = resolvedBy
        self.resolvedAt = resolvedAt
        self.resolution = resolution
    }
}

public enum StockAlertKind: String, Codable, CaseIterable, Sendable {
    /// Projected to run out before the next receipt.
    case lowStock
    /// Sales far above their pattern: remind the merchant to restock.
    case surge
    /// Far more cover than demand justifies, or no sale for months: buy less, promote, clear out.
    case slowMover
    /// More than the policy's order-up-to level by a wide margin.
    case overstock
}
