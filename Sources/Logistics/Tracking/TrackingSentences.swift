import Foundation

/// The languages the timeline speaks; zh-CN unless the client asks for English.
public enum TimelineLanguage: String, Sendable {
    case zhCN = "zh-CN"
    case en

    /// Picks from an `Accept-Language` header by quality: English if it ranks above Chinese, else zh-CN.
    public init(acceptLanguage header: String?) {
        // Most clients send nothing or one plain tag; those need no parsing.
        switch header {
        case nil, "zh-CN", "zh", "zh-cn":
            self = .zhCN
            return
        case "en", "en-US", "en-GB":
            self = .en
            return
        default: break
        }
        guard let header else {
            self = .zhCN
            return
        }
        var best: (TimelineLanguage, Double)?
        for part in header.split(separator: ",") {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let tag = pieces.first else { continue }
            let quality = pieces.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            let language: TimelineLanguage? = tag.hasPrefix("en") ? .en : tag.hasPrefix("zh") ? .zhCN : nil
            if let language, quality > (best?.1 ?? 0) { best = (language, quality) }
        }
        self = best?.0 ?? .zhCN
    }
}

/// Human sentences for tracking events, in the customer's language.
public enum TrackingSentences {
    public static func sentence(for status: OrderStatus, in language: TimelineLanguage) -> String {
        switch language {
        case .en: status.sentence
        case .zhCN:
            switch status {
            case .pendingPayment: "订单已提交，等待付款"
            case .paid: "已付款"
            case .allocated: "仓库已分配库存"
            case .picking: "仓库正在拣货"
            case .packed: "包裹已打包"
            case .shipped: "包裹已出库"
            case .outForDelivery: "快递员正在派送"
            case .delivered: "已签收"
            case .cancelled: "订单已取消"
            case .deliveryFailed: "派送未成功"
            case .returned: "已退回仓库"
            }
        }
    }

    /// An RMA's step ("return:approved") as the customer reads it.
    static func returnSentence(_ note: String, in language: TimelineLanguage) -> String {
        let parts = note.split(separator: ":").map(String.init)
        let exchange = parts.first == "exchange", status = parts.last ?? ""
        let zh = language == .zhCN
        let what = exchange ? (zh ? "换货" : "exchange") : (zh ? "退货" : "return")
        switch (status, zh) {
        case ("requested", true): return "\(what)申请已提交，客服审核中"
        case ("requested", false): return "Your \(what) request is with our service team"
        case ("approved", true): return "\(what)申请已通过，我们将安排取件"
        case ("approved", false): return "Your \(what) is approved; we will arrange the pickup"
        case ("rejected", true): return "\(what)申请未通过，详情请咨询客服"
        case ("rejected", false): return "Your \(what) request was declined; ask our service team for details"
        case ("pickedUp", true): return "退回的商品已取走，正在送回仓库"
        case ("pickedUp", false): return "The driver collected the goods; they are on their way to our warehouse"
        case ("received", true): return "退回的商品已入库检验"
        case ("received", false): return "The returned goods have arrived and been inspected"
        case ("completed", true): return exchange ? "换货商品已安排发出" : "退货完成，退款已发起"
        case ("completed", false): return exchange ? "Your replacement is on its way out" : "Return complete; your refund is under way"
        default: return zh ? "\(what)进度已更新" : "Your \(what) was updated"
        }
    }

    /// The line a customer reads: a carrier's own words as sent; ours from the status, with the note.
    public static func render(_ event: TrackingEvent, in language: TimelineLanguage) -> String {
        if event.source == .carrier { return event.message }
        if event.tag == .delayed, let reason = event.note.flatMap(DelayReason.init(rawValue:)) { return reason.sentence(in: language) }
        if let parcel = ParcelNotes.sentence(event, in: language) { return parcel }
        if event.tag == .arrived { return language == .zhCN ? "配送员已到达，请准备签收" : "The driver is at your door" }
        if event.tag == .returnUpdated, let note = event.note { return PickupNotes.sentence(note, in: language) ?? returnSentence(note, in: language) }
        if event.tag == .appointment, let note = event.note, let start = ISO8601DateFormatter().date(from: note) {
            let day = PlanningDay(containing: start), from = ChinaClock.hourMinute(start)
            let to = ChinaClock.hourMinute(start.addingTimeInterval(Double(InstallationSlots.minutes * 60)))
            return language == .zhCN ? "安装已预约：\(day) \(from)–\(to)" : "Installation booked for \(day), \(from)–\(to)"
        }
        if event.tag == .addressChanged, let address = event.note {
            return language == .zhCN ? "收货地址已改为：\(address)" : "Delivery address changed to \(address)"
        }
        if event.tag == .refunded, let amount = event.note {
            return language == .zhCN ? "退款 \(amount) 已原路退回，预计 1–3 个工作日到账" : "Your refund of \(amount) is on its way back to your payment account"
        }
        if event.tag == .rescheduled, let note = event.note, let eta = ISO8601DateFormatter().date(from: note) {
            let time = ChinaClock.hourMinute(eta)
            return language == .zhCN ? "因交通拥堵，预计送达时间调整为 \(time)" : "Because of traffic, your delivery is now expected at \(time)"
        }
        let base = sentence(for: event.status, in: language)
        guard let note = event.note, !note.isEmpty else { return base }
        return language == .zhCN ? "\(base)（\(note)）" : "\(base): \(note)"
    }
}
