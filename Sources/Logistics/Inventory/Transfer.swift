import Foundation

/// Stock moved between two warehouses: requested, shipped (a `transferOut` movement at the source; the
/// units are in transit and count in the destination's inventory position), received (`transferIn`).
public struct Transfer: Codable, Equatable, Sendable {
    public struct Line: Codable, Equatable, Sendable {
        public var sku: String
        public var quantity: Int
        public init(sku: String, quantity: Int) {
            self.sku = sku
            self.quantity = quantity
        }
    }

    public var id: String
    public var fromWarehouseId: String
    public var toWarehouseId: String
    public var status: TransferStatus
    public var lines: [Line]
    public var reason: String?
    public var createdBy: String
    public var createdAt: Date
    public var shippedAt: Date?
    public var receivedAt: Date?

    public init(id: String, fromWarehouseId: String, toWarehouseId: String, status: TransferStatus, lines: [Line], reason: String?,
                createdBy: String, createdAt: Date, shippedAt: Date? = nil, receivedAt: Date? = nil) {
        self.id = id
        self.fromWarehouseId = fromWarehouseId
        self.toWarehouseId = toWarehouseId
        self.status = status
        self.lines = lines
        self.reason = reason
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.shippedAt = shippedAt
        self.receivedAt = receivedAt
    }
}

public enum TransferStatus: String, Codable, CaseIterable, Sendable {
    case requested, inTransit, received, cancelled
}
