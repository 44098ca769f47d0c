import Foundation

/// Why an order is later than it should be, as a customer is told.
public enum DelayCause: String, Codable, Sendable, CaseIterable {
    /// A traffic slowdown moved the van's ETA (a `rescheduled` event).
    case traffic
    /// The carrier reported an exception or a delay.
    case carrierException
    /// A delivery attempt failed.
    case failedAttempt
    /// The warehouse has more orders than it ships in time.
    case warehouseBacklog
    /// The order has sat in the warehouse longer than usual.
    case slowInWarehouse
    /// The parcel has not moved in transit for a while.
    case slowInTransit
    /// The last mile takes longer than expected.
    case slowLastMile

    /// The alert scan's diagnosis behind this cause; nil for traffic, which the scan does not diagnose.
    var alertReason: DelayReason? {
        self == .failedAttempt ? .deliveryFailed : DelayReason(rawValue: rawValue)
    }

    init(_ reason: DelayReason) {
        self = reason == .deliveryFailed ? .failedAttempt : DelayCause(rawValue: reason.rawValue)!
    }
}

/// "Where is my order": status, ETA, stops before yours, the reason for any delay and what happens next,
/// in one answer and as one text in the customer's language.
public struct OrderExplanation: Codable, Equatable, Sendable {
    public var orderId: String
    public var status: OrderStatus
    public var eta: DeliveryEstimate?
    public var stopsBefore: Int?
    public var delayReason: DelayCause?
    public var next: String
    public var text: String
    public var language: String
}

/// Builds the explanation from what the system knows: the order's timeline, its live alerts and its ETA.
/// The cause is the freshest evidence since the order's last status change: a failed attempt, a carrier's
/// exception, a traffic reschedule, then the alert scan's diagnosis, then, for an ETA past the promise, the
/// stage the order is in.
public enum OrderExplainer {
    public static func explain(_ order: Order, eta: DeliveryEstimate?, alerts: [Alert], in language: TimelineLanguage) -> OrderExplanation {
        let cause = cause(of: order, eta: eta, alerts: alerts)
        let zh = language == .zhCN
        var parts = [statusSentence(order.status, zh: zh)]
        if let eta {
            let window = "\(ChinaClock.hourMinute(eta.earliest))–\(ChinaClock.hourMinute(eta.latest))"
            let day = PlanningDay(containing: eta.expectedAt).description
            parts.append(zh ? "预计 \(day) \(window) 送达" : "expected on \(day) between \(window)")
            if let stops = eta.stopsBefore, order.status == .outForDelivery {
                parts.append(zh ? "您前面还有 \(stops) 个站点" : "\(stops) stop\(stops == 1 ? "" : "s") before yours")
            }
        }
        if let cause { parts.append(sentence(for: cause, zh: zh)) }
        let next = nextStep(order, eta: eta, zh: zh)
        parts.append(next)
        let text = zh ? parts.joined(separator: "。") + "。" : parts.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: ". ") + "."
        return OrderExplanation(orderId: order.id, status: order.status, eta: eta, stopsBefore: order.status == .outForDelivery ? eta?.stopsBefore : nil,
                                delayReason: cause, next: next, text: text, language: language.rawValue)
    }

    static func cause(of order: Order, eta: DeliveryEstimate?, alerts: [Alert]) -> DelayCause? {
        if order.status == .deliveryFailed { return .failedAttempt }
        guard ![.delivered, .cancelled, .returned].contains(order.status) else { return nil }
        // Events since the order last changed status: evidence about the stage it is in now.
        let timeline = order.timeline.sorted { $0.sequence < $1.sequence }
        var lastChange = 0
        for index in timeline.indices.dropFirst() where timeline[index].status != timeline[index - 1].status { lastChange = index }
        for event in timeline[lastChange...].reversed() {
            switch event.tag {
            case .attemptFailed: return .failedAttempt
            case .exception: return .carrierException
            case .rescheduled: return .traffic
            // The alert scan's own message to the customer carries its diagnosis.
            case .delayed: if let reason = event.note.flatMap(DelayReason.init(rawValue:)) { return DelayCause(reason) }
            default: continue
            }
        }
        if let alert = alerts.filter({ $0.state != .resolved }).max(by: { $0.raisedAt < $1.raisedAt }) { return DelayCause(alert.reason) }
        guard eta?.late == true else { return nil }
        switch order.status {
        case .pendingPayment, .paid, .allocated, .picking, .packed: return .warehouseBacklog
        case .shipped: return .slowInTransit
        default: return .slowLastMile
        }
    }

    static func statusSentence(_ status: OrderStatus, zh: Bool) -> String {
        switch (status, zh) {
        case (.pendingPayment, true): "订单待付款"
        case (.pendingPayment, false): "your order is waiting for payment"
        case (.paid, true), (.allocated, true): "订单已付款，仓库正在准备"
        case (.paid, false), (.allocated, false): "your order is paid and the warehouse is preparing it"
        case (.picking, true): "仓库正在拣货"
        case (.picking, false): "the warehouse is picking your items"
        case (.packed, true): "包裹已打包，等待出库"
        case (.packed, false): "your parcel is packed and waiting to leave"
        case (.shipped, true): "包裹已发出，正在运输途中"
        case (.shipped, false): "your parcel is on its way"
        case (.outForDelivery, true): "包裹正在派送"
        case (.outForDelivery, false): "your parcel is out for delivery"
        case (.delivered, true): "包裹已签收"
        case (.delivered, false): "your parcel has been delivered"
        case (.cancelled, true): "订单已取消"
        case (.cancelled, false): "your order was cancelled"
        case (.deliveryFailed, true): "本次派送未成功"
        case (.deliveryFailed, false): "the last delivery attempt did not succeed"
        case (.returned, true): "包裹已退回"
        case (.returned, false): "your parcel was returned"
        }
    }

    /// The same words the alert scan's message to the customer used; traffic has its own.
    static func sentence(for cause: DelayCause, zh: Bool) -> String {
        if let reason = cause.alertReason { return reason.sentence(in: zh ? .zhCN : .en) }
        return zh ? "因交通拥堵，送达时间有所推迟" : "traffic on the way has pushed the delivery back"
    }

    static func nextStep(_ order: Order, eta: DeliveryEstimate?, zh: Bool) -> String {
        switch order.status {
        case .pendingPayment:
            let until = order.reservationExpiresAt.map { ChinaClock.hourMinute($0) }
            if let until { return zh ? "请在 \(until) 前付款，否则库存将被释放" : "pay by \(until) to keep the items reserved" }
            return zh ? "付款后仓库即开始备货" : "the warehouse starts once you have paid"
        case .paid, .allocated, .picking:
            return zh ? "打包后随下一班车出库" : "once packed, it leaves with the next van"
        case .packed:
            return zh ? "随下一班车或快递出库，出库后会通知您" : "it leaves with the next van or carrier; we will tell you when it does"
        case .shipped:
            return zh ? "到达后将安排派送，派送时会通知您" : "it goes out for delivery next; we will tell you when it does"
        case .outForDelivery:
            return zh ? "请保持电话畅通，司机到达前会联系您" : "keep your phone at hand; the driver calls before arriving"
        case .deliveryFailed:
            return zh ? "我们会联系您安排再次派送；也可以在此联系客服" : "we will contact you to arrange another attempt, or you can message us here"
        case .delivered:
            return zh ? "如有问题，签收后 7 天内可申请无理由退货" : "if anything is wrong, you can ask for a return within 7 days of delivery"
        case .cancelled:
            return zh ? "已付款项将原路退回" : "any payment is refunded to where it came from"
        case .returned:
            return zh ? "退款将在仓库验收后处理" : "the refund follows once the warehouse has checked the parcel"
        }
    }
}
