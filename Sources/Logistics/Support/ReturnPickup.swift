import Foundation

/// The timeline lines of a return collected by our own van. The order keeps its status (delivered); the
/// event's tag is `returnUpdated` and its note `pickup:<step>` or `pickup:<step>|<value>` (a time, a reason),
/// from which the customer's sentence is made in their language.
public enum PickupNotes {
    public enum Step: String, Sendable, CaseIterable {
        /// The route with the pickup has started; the value is the ETA.
        case onTheWay
        /// The driver is at the door.
        case arrived
        /// Traffic moved the ETA; the value is the new one.
        case rescheduled
        /// Nobody home or nothing handed over; the value is the driver's reason. The RMA stays approved and
        /// the next plan collects it.
        case failed
        /// The goods were handed to a carrier; the value is "<carrier> <waybill>".
        case carrier
    }

    static let prefix = "pickup:"

    public static func event(_ step: Step, orderId: String, status: OrderStatus, value: String? = nil, actor: String, source: EventSource,
                             at time: Date) -> TrackingEvent {
        let note = prefix + step.rawValue + (value.map { "|" + String($0.prefix(300)) } ?? "")
        return TrackingEvent(id: Identifier.make("evt", at: time), orderId: orderId, status: status,
                             message: String(("Return pickup: " + step.rawValue + (value.map { " (\($0))" } ?? "")).prefix(500)),
                             actor: actor, source: source, occurredAt: time, note: note, tag: .returnUpdated)
    }

    /// The customer's sentence for a pickup note, nil when `note` is not one.
    static func sentence(_ note: String, in language: TimelineLanguage) -> String? {
        guard note.hasPrefix(prefix) else { return nil }
        let body = note.dropFirst(prefix.count)
        let parts = body.split(separator: "|", maxSplits: 1).map(String.init)
        guard let step = parts.first.flatMap(Step.init(rawValue:)) else { return nil }
        let value = parts.count > 1 ? parts[1] : nil
        let time = value.flatMap { ISO8601DateFormatter().date(from: $0) }.map(ChinaClock.hourMinute)
        let zh = language == .zhCN
        switch step {
        case .onTheWay:
            let at = time.map { zh ? "，预计 \($0) 上门" : ", expected around \($0)" } ?? ""
            return zh ? "取件员今天上门收取退回的商品\(at)" : "A driver collects your return today\(at)"
        case .arrived: return zh ? "取件员已到达，请准备好退回的商品" : "The driver is at your door to collect your return"
        case .rescheduled:
            let at = time ?? "—"
            return zh ? "因交通拥堵，预计上门取件时间调整为 \(at)" : "Because of traffic, your pickup is now expected at \(at)"
        case .failed:
            let why = value.map { zh ? "（\($0)）" : " (\($0))" } ?? ""
            return zh ? "本次上门取件未成功\(why)，我们会再次安排" : "The pickup did not happen\(why); we will arrange another"
        case .carrier:
            let waybill = value ?? "—"
            return zh ? "退回的商品已交快递寄回仓库，运单：\(waybill)" : "Your return is on its way back to us by carrier, waybill \(waybill)"
        }
    }
}
