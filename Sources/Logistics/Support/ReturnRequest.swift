import Foundation

public enum ReturnKind: String, Codable, Sendable, CaseIterable {
    /// The goods come back and the money goes back.
    case `return`
    /// The goods come back and the same goods go out again.
    case exchange
}

public enum ReturnReason: String, Codable, Sendable, CaseIterable {
    /// Changed one's mind: within 7 days of delivery, unused and not installed.
    case noReason
    /// Does not work as it should, or arrived broken: within 15 days of delivery.
    case defective, damaged
    case wrongItem

    var isDefect: Bool { self != .noReason }
}

public enum ReturnStatus: String, Codable, Sendable, CaseIterable {
    /// Waiting for an agent (a defect claim, looked at with its photos and words).
    case requested
    /// Approved (by rule or by an agent): the goods are to be picked up (own fleet: the next plan of the
    /// warehouse that shipped them has a pickup stop at the order's address) or sent back by carrier.
    case approved
    /// Our van collected the goods, or they were handed to a carrier (the return waybill is recorded); they
    /// are on their way to the warehouse.
    case pickedUp
    case rejected
    /// Received and inspected: back to stock or scrapped; the refund recorded or the replacement reserved.
    case received
    /// The exchange's replacement order is placed (it ships like any order).
    case completed
}

/// What the warehouse found when the goods came back.
public enum InspectionOutcome: String, Codable, Sendable, CaseIterable {
    /// Sellable: back to stock (a ledger `return`).
    case restock
    /// Not sellable: written off, nothing re-enters stock.
    case scrap
}

public struct ReturnLine: Codable, Equatable, Sendable {
    public var sku: String
    public var quantity: Int

    public init(sku: String, quantity: Int) {
        self.sku = sku
        self.quantity = quantity
    }
}

/// A return or exchange (RMA) of some of a delivered order's goods, from request to refund or replacement.
public struct ReturnRequest: Codable, Equatable, Sendable {
    public var id: String
    public var orderId: String
    public var customerId: String
    public var kind: ReturnKind
    public var reason: ReturnReason
    public var detail: String?
    public var lines: [ReturnLine]
    public var status: ReturnStatus
    /// "rule" when the rules approved it, else the agent's user id.
    public var decidedBy: String?
    public var decisionNote: String?
    /// How the goods come back: our own van's pickup, or a carrier's waybill.
    public var pickup: PickupMethod
    /// The carrier's waybill the goods travel back on, when they go by carrier.
    public var returnWaybill: ReturnWaybill?
    /// What the customer showed: the damage, the fault, the wrong item (the bytes are fetched one by one).
    public var photos: [PhotoAttachment] = []
    /// At most this many photos per RMA.
    public static let maximumPhotos = 6
    public var inspection: InspectionOutcome?
    public var inspectionNote: String?
    /// The money owed back (a return), recorded when the goods were received.
    public var refundId: String?
    public var refundCents: Int
    /// The exchange's replacement order.
    public var replacementOrderId: String?
    public var createdAt: Date
    public var updatedAt: Date

    public enum PickupMethod: String, Codable, Sendable, CaseIterable {
        case ownFleet, carrier
    }

    public struct ReturnWaybill: Codable, Equatable, Sendable {
        public var carrierCode: String
        public var waybillNumber: String

        public init(carrierCode: String, waybillNumber: String) {
            self.carrierCode = carrierCode
            self.waybillNumber = waybillNumber
        }
    }

    public init(id: String, orderId: String, customerId: String, kind: ReturnKind, reason: ReturnReason, detail: String?, lines: [ReturnLine],
                status: ReturnStatus, decidedBy: String? = nil, decisionNote: String? = nil, pickup: PickupMethod, returnWaybill: ReturnWaybill? = nil,
                inspection: InspectionOutcome? = nil,
                inspectionNote: String? = nil, refundId: String? = nil, refundCents: Int, replacementOrderId: String? = nil, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.orderId = orderId
        self.customerId = customerId
        self.kind = kind
        self.reason = reason
        self.detail = detail
        self.lines = lines
        self.status = status
        self.decidedBy = decidedBy
        self.decisionNote = decisionNote
        self.pickup = pickup
        self.returnWaybill = returnWaybill
        self.inspection = inspection
        self.inspectionNote = inspectionNote
        self.refundId = refundId
        self.refundCents = refundCents
        self.replacementOrderId = replacementOrderId
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

extension ReturnRequest {
    /// The timeline's line for the RMA's current step: the order keeps its status (delivered), the tag and
    /// note say where the return is.
    public func timelineEvent(actor: String, source: EventSource, at time: Date) -> TrackingEvent {
        TrackingEvent(id: Identifier.make("evt", at: time), orderId: orderId, status: .delivered, message: "\(kind.rawValue) \(status.rawValue)",
                      actor: actor, source: source, occurredAt: time, note: "\(kind.rawValue):\(status.rawValue)", tag: .returnUpdated)
    }
}

/// Why the rules refuse a return; the customer reads the sentence.
public enum ReturnRefusal: String, Codable, Sendable, CaseIterable {
    /// Not delivered yet: cancel it (before shipping) or wait for it.
    case notDelivered
    /// No-reason returns end 7 days after delivery.
    case noReasonWindowClosed
    /// Defect claims end 15 days after delivery.
    case defectWindowClosed
    /// A no-reason return must be unused and not installed.
    case used
    /// An installed wall box is not sent back: a technician comes (an agent arranges the visit).
    case installedNeedsTechnician
    /// More than was delivered, or already being returned.
    case tooMany

    public func sentence(in language: TimelineLanguage) -> String {
        let zh = language == .zhCN
        switch self {
        case .notDelivered: return zh ? "订单尚未签收：发货前可直接取消，签收后再申请退换货" : "The order has not been delivered: cancel it before it ships, or ask once it arrives"
        case .noReasonWindowClosed: return zh ? "已超过签收后 7 天的无理由退货期限" : "No-reason returns end 7 days after delivery"
        case .defectWindowClosed: return zh ? "已超过签收后 15 天的质量问题换货/维修期限" : "Defect claims end 15 days after delivery"
        case .used: return zh ? "无理由退货需商品未使用、未安装" : "A no-reason return must be unused and not installed"
        case .installedNeedsTechnician: return zh ? "已安装的充电桩不退回，我们安排技术人员上门检修，已为您转接客服预约" : "An installed wall box is not sent back: an agent will book a technician's visit"
        case .tooMany: return zh ? "退换数量超过可退数量（已签收且未在退换中的数量）" : "More than was delivered and is not already being returned"
        }
    }
}

public enum ReturnRules {
    public static let noReasonDays = 7.0
    public static let defectDays = 15.0

    public enum Decision: Equatable, Sendable {
        /// Approved by rule (a no-reason return in its window).
        case approve
        /// An agent looks at it (a defect claim in its window).
        case review
        case refuse(ReturnRefusal)
    }

    /// The decision for a request on `order`, delivered at `deliveredAt`. `installedWallBox`: the order had a
    /// wall box with installation, and the request includes the wall box. `unused`: what the customer declares.
    public static func decide(kind: ReturnKind, reason: ReturnReason, order: Order, deliveredAt: Date?, installedWallBox: Bool, unused: Bool,
                              now: Date) -> Decision {
        guard order.status == .delivered, let deliveredAt else { return .refuse(.notDelivered) }
        let days = now.timeIntervalSince(deliveredAt) / 86_400
        if installedWallBox { return .refuse(.installedNeedsTechnician) }
        if reason.isDefect {
            return days <= defectDays ? .review : .refuse(.defectWindowClosed)
        }
        guard days <= noReasonDays else { return .refuse(.noReasonWindowClosed) }
        guard unused else { return .refuse(.used) }
        // An exchange for no reason is a swap of the same goods: approved like a return.
        return .approve
    }

    /// Checks the lines against what was delivered and is not already in another open or finished RMA.
    public static func fits(_ lines: [ReturnLine], order: Order, alreadyReturning: [String: Int]) -> Bool {
        var ordered: [String: Int] = [:]
        for line in order.lines { ordered[line.sku, default: 0] += line.quantity }
        var asked: [String: Int] = [:]
        for line in lines { asked[line.sku, default: 0] += line.quantity }
        return !asked.isEmpty && asked.allSatisfy { sku, quantity in quantity > 0 && quantity + (alreadyReturning[sku] ?? 0) <= (ordered[sku] ?? 0) }
    }

    /// What a return pays back: the lines at the prices paid.
    public static func refundCents(_ lines: [ReturnLine], order: Order) -> Int {
        lines.reduce(0) { total, line in total + line.quantity * (order.lines.first { $0.sku == line.sku }?.unitPriceCents ?? 0) }
    }
}
