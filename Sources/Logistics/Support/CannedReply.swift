import Foundation

/// A reply agents reuse, with placeholders filled from the order's live data when it is picked:
/// `{status}`, `{eta}`, `{delayReason}`, `{carrier}`, `{waybill}`, `{orderNumber}`.
public struct CannedReply: Codable, Equatable, Sendable {
    public var id: String
    public var title: String
    public var text: String
    /// The queue it is offered in first; nil for every queue.
    public var category: ConversationCategory?
    public var createdBy: String
    public var createdAt: Date

    public init(id: String, title: String, text: String, category: ConversationCategory?, createdBy: String, createdAt: Date) {
        self.id = id
        self.title = title
        self.text = text
        self.category = category
        self.createdBy = createdBy
        self.createdAt = createdAt
    }
}

/// A canned reply as it would be sent in one conversation.
public struct FilledReply: Codable, Equatable, Sendable {
    public var id: String
    public var title: String
    public var text: String
    /// Placeholders that had no value for this conversation (no order, no carrier…), left visible in `text`
    /// for the agent to fill by hand.
    public var missing: [String]
}

/// What placeholders are filled with, in the reader's language.
public struct ReplyFacts: Equatable, Sendable {
    public var status: String?
    public var eta: String?
    public var delayReason: String?
    public var carrier: String?
    public var waybill: String?
    public var orderNumber: String?

    public init(status: String? = nil, eta: String? = nil, delayReason: String? = nil, carrier: String? = nil, waybill: String? = nil, orderNumber: String? = nil) {
        self.status = status
        self.eta = eta
        self.delayReason = delayReason
        self.carrier = carrier
        self.waybill = waybill
        self.orderNumber = orderNumber
    }

    /// The facts of an order as its explanation states them.
    public init(order: Order, explanation: OrderExplanation, language: TimelineLanguage) {
        let zh = language == .zhCN
        let shipment = order.shipments.first { $0.waybillNumber != nil }
        self.init(
            status: OrderExplainer.statusSentence(order.status, zh: zh),
            eta: explanation.eta.map { eta in
                let window = "\(ChinaClock.hourMinute(eta.earliest))–\(ChinaClock.hourMinute(eta.latest))"
                return "\(PlanningDay(containing: eta.expectedAt)) \(window)"
            },
            delayReason: explanation.delayReason.map { OrderExplainer.sentence(for: $0, zh: zh) } ?? (zh ? "暂无延误" : "no delay"),
            carrier: shipment?.carrierCode, waybill: shipment?.waybillNumber, orderNumber: order.number)
    }

    func value(of placeholder: String) -> String? {
        switch placeholder {
        case "status": status
        case "eta": eta
        case "delayReason": delayReason
        case "carrier": carrier
        case "waybill": waybill
        case "orderNumber": orderNumber
        default: nil
        }
    }
}

public enum CannedReplyRules {
    public static let placeholders = ["status", "eta", "delayReason", "carrier", "waybill", "orderNumber"]
    public static let maximumTitle = 80

    /// The `{name}` placeholders in a text, in order of appearance.
    public static func placeholders(in text: String) -> [String] {
        var found: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else { break }
            found.append(String(after[..<close]))
            rest = after[after.index(after: close)...]
        }
        return found
    }

    /// Placeholders that are not known, so a typo is caught when the reply is saved, not when it is sent.
    public static func unknownPlaceholders(in text: String) -> [String] {
        placeholders(in: text).filter { !placeholders.contains($0) }
    }

    public static func fill(_ reply: CannedReply, with facts: ReplyFacts) -> FilledReply {
        var text = reply.text
        var missing: [String] = []
        for name in placeholders(in: reply.text) where !missing.contains(name) {
            if let value = facts.value(of: name) { text = text.replacingOccurrences(of: "{\(name)}", with: value) } else { missing.append(name) }
        }
        return FilledReply(id: reply.id, title: reply.title, text: text, missing: missing)
    }
}
