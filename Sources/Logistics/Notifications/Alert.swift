import Foundation

/// Why staff should look at an order before the customer complains.
public enum AlertKind: String, Codable, Sendable, CaseIterable {
    /// The ETA is past the promised date.
    case predictedLate
    /// No event for longer than its status allows.
    case stuck
    case deliveryFailed
    /// The carrier reported a problem with the parcel.
    case carrierException
}

public enum AlertState: String, Codable, Sendable, CaseIterable {
    case open, acknowledged, resolved
}

/// An alert on the staff board. At most one alert per order and kind is not resolved.
public struct Alert: Codable, Equatable, Sendable {
    public var id: String
    public var orderId: String
    public var kind: AlertKind
    public var state: AlertState
    /// What the customer was told, as a code with sentences in both languages.
    public var reason: DelayReason
    /// Staff detail, e.g. "in picking for 7.5 h (limit 4 h)".
    public var detail: String
    public var raisedAt: Date
    public var acknowledgedBy: String?
    public var acknowledgedAt: Date?
    public var resolvedBy: String?
    public var resolvedAt: Date?
    public var resolution: String?

    public init(
        id: String, orderId: String, kind: AlertKind, state: AlertState, reason: DelayReason, detail: String, raisedAt: Date,
        acknowledgedBy: String? = nil, acknowledgedAt: Date? = nil, resolvedBy: String? = nil, resolvedAt: Date? = nil, resolution: String? = nil
    ) {
        self.id = id
        self.orderId = orderId
        self.kind = kind
        self.state = state
        self.reason = reason
        self.detail = detail
        self.raisedAt = raisedAt
        self.acknowledgedBy = acknowledgedBy
        self.acknowledgedAt = acknowledgedAt
        self.resolvedBy = resolvedBy
        self.resolvedAt = resolvedAt
        self.resolution = resolution
    }
}

/// The reason for a delay in words a customer understands; stored as the delay event's note.
public enum DelayReason: String, Codable, Sendable, CaseIterable {
    case warehouseBacklog, slowInWarehouse, slowInTransit, slowLastMile, deliveryFailed, carrierException

    public func sentence(in language: TimelineLanguage) -> String {
        switch (self, language) {
        case (.warehouseBacklog, .zhCN): "仓库订单较多，发货会比承诺的时间晚一些，我们正在加急处理"
        case (.warehouseBacklog, .en): "the warehouse is busier than usual, so your parcel will leave later than promised; we are speeding it up"
        case (.slowInWarehouse, .zhCN): "您的订单在仓库处理时间较长，我们已通知仓库优先处理"
        case (.slowInWarehouse, .en): "your order is taking longer than usual in the warehouse; we have asked them to prioritise it"
        case (.slowInTransit, .zhCN): "包裹在运输途中停留时间较长，我们正在联系承运商"
        case (.slowInTransit, .en): "your parcel has not moved for a while in transit; we are chasing the carrier"
        case (.slowLastMile, .zhCN): "派送时间比预期长，快递员仍在路上"
        case (.slowLastMile, .en): "the delivery is taking longer than expected; the courier is still on the way"
        case (.deliveryFailed, .zhCN): "本次派送未成功，我们会尽快与您联系安排再次派送"
        case (.deliveryFailed, .en): "we could not deliver this time; we will contact you to arrange another attempt"
        case (.carrierException, .zhCN): "承运商报告包裹异常，我们正在核实处理"
        case (.carrierException, .en): "the carrier reported a problem with your parcel; we are looking into it"
        }
    }
}
