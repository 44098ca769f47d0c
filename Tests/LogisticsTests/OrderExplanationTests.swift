import Foundation
import Testing
@testable import Logistics

@Suite("Where is my order")
struct OrderExplanationTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func order(_ steps: [(OrderStatus, TrackingTag?, String?)]) -> Order {
        let timeline = steps.enumerated().map { index, step in
            TrackingEvent(id: "evt_\(index)", orderId: "ord_1", status: step.0, message: "", actor: "x", source: .system,
                          occurredAt: now.addingTimeInterval(Double(index) * 600), note: step.2, tag: step.1, sequence: index + 1)
        }
        return Order(id: "ord_1", number: "CM1", customerId: "usr_1", status: steps.last?.0 ?? .paid, lines: [], shipments: [],
                     address: AddressSnapshot(recipient: "Li", phone: "1", region: "Futian", detail: "x", latitude: 22.5, longitude: 114),
                     totalCents: 100, deliveryWindow: nil, promisedDate: now.addingTimeInterval(86_400), reservationExpiresAt: nil,
                     paymentReference: nil, createdAt: now, updatedAt: now, timeline: timeline)
    }

    func eta(late: Bool, stops: Int? = nil) -> DeliveryEstimate {
        DeliveryEstimate(expectedAt: now.addingTimeInterval(7200), earliest: now.addingTimeInterval(5400), latest: now.addingTimeInterval(9000),
                         basis: "route", late: late, stopsBefore: stops)
    }

    func alert(_ reason: DelayReason, state: AlertState = .open) -> Alert {
        Alert(id: "alr_1", orderId: "ord_1", kind: .stuck, state: state, reason: reason, detail: "", raisedAt: now)
    }

    @Test("the cause is the freshest evidence since the last status change")
    func causes() {
        let out: [(OrderStatus, TrackingTag?, String?)] = [(.paid, nil, nil), (.packed, nil, nil), (.shipped, nil, nil), (.outForDelivery, nil, nil)]
        #expect(OrderExplainer.cause(of: order(out), eta: eta(late: false), alerts: []) == nil, "on time, nothing to explain")
        #expect(OrderExplainer.cause(of: order(out + [(.outForDelivery, .rescheduled, nil)]), eta: eta(late: false), alerts: []) == .traffic)
        #expect(OrderExplainer.cause(of: order(out + [(.outForDelivery, .exception, nil)]), eta: nil, alerts: []) == .carrierException)
        #expect(OrderExplainer.cause(of: order(out + [(.outForDelivery, .delayed, "slowLastMile")]), eta: nil, alerts: []) == .slowLastMile,
                "the alert scan's message says why")
        #expect(OrderExplainer.cause(of: order(out + [(.deliveryFailed, .attemptFailed, nil)]), eta: nil, alerts: []) == .failedAttempt)
        // A reschedule before the van left belongs to an earlier stage: it explains nothing now.
        let old: [(OrderStatus, TrackingTag?, String?)] = [(.paid, nil, nil), (.packed, .rescheduled, nil), (.shipped, nil, nil)]
        #expect(OrderExplainer.cause(of: order(old), eta: eta(late: false), alerts: []) == nil)
        #expect(OrderExplainer.cause(of: order(old), eta: eta(late: false), alerts: [alert(.slowInTransit)]) == .slowInTransit, "a live alert")
        #expect(OrderExplainer.cause(of: order(old), eta: eta(late: false), alerts: [alert(.slowInTransit, state: .resolved)]) == nil)
        #expect(OrderExplainer.cause(of: order([(.paid, nil, nil), (.packed, nil, nil)]), eta: eta(late: true), alerts: []) == .warehouseBacklog,
                "late with no other evidence: the stage it is in")
        #expect(OrderExplainer.cause(of: order(out + [(.delivered, nil, nil)]), eta: nil, alerts: [alert(.slowLastMile)]) == nil, "delivered: no delay")
    }

    @Test("the answer reads as one text in the customer's language, with the window, the stops and what comes next")
    func text() {
        let out = order([(.paid, nil, nil), (.shipped, nil, nil), (.outForDelivery, nil, nil), (.outForDelivery, .rescheduled, nil)])
        let zh = OrderExplainer.explain(out, eta: eta(late: true, stops: 3), alerts: [], in: .zhCN)
        #expect(zh.delayReason == .traffic && zh.stopsBefore == 3 && zh.status == .outForDelivery)
        #expect(zh.text.contains("包裹正在派送") && zh.text.contains("您前面还有 3 个站点") && zh.text.contains("交通拥堵") && zh.text.hasSuffix("。"), "\(zh.text)")
        #expect(zh.text.contains(ChinaClock.hourMinute(now.addingTimeInterval(5400))))
        let en = OrderExplainer.explain(out, eta: eta(late: true, stops: 1), alerts: [], in: .en)
        #expect(en.text.hasPrefix("Your parcel is out for delivery. Expected on ") && en.text.contains("1 stop before yours") && en.text.contains("Traffic"), "\(en.text)")
        let packed = OrderExplainer.explain(order([(.paid, nil, nil), (.packed, nil, nil)]), eta: eta(late: false, stops: 2), alerts: [], in: .en)
        #expect(packed.stopsBefore == nil && packed.delayReason == nil && packed.next.contains("next van"))
    }
}

@Suite("Service figures")
struct ServiceMetricsTests {
    @Test("first response and resolution by nearest rank; self-service is the assistant alone; per 100 orders")
    func figures() {
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        var facts: [ConversationFacts] = []
        for minutes in 1...10 {
            let response: Date? = minutes <= 8 ? t0.addingTimeInterval(Double(minutes) * 60) : nil
            let rating: Int? = minutes % 2 == 0 ? 4 : nil
            facts.append(ConversationFacts(createdAt: t0, firstResponseAt: response, solvedAt: t0.addingTimeInterval(Double(minutes) * 600), rating: rating,
                                           handedOver: minutes == 9, botAnswered: minutes >= 9))
        }
        let m = ServiceMetrics.compute(facts, ordersPlaced: 50, from: PlanningDay(days: 0), to: PlanningDay(days: 29))
        #expect(m.conversations == 10 && m.conversationsPer100Orders == 20)
        #expect(m.firstResponseMinutesMedian == 4 && m.firstResponseMinutesP90 == 8)
        #expect(m.resolutionMinutesMedian == 50 && m.resolutionMinutesP90 == 90)
        #expect(m.selfServiceShare == 0.1, "the 10th: the assistant answered, no agent, nobody asked for one; the 9th asked for a person")
        #expect(m.rated == 5 && m.satisfactionMean == 4)
        #expect(ServiceMetrics.compute([], ordersPlaced: 0, from: PlanningDay(days: 0), to: PlanningDay(days: 0)).selfServiceShare == nil)
    }
}
