import Foundation
import Testing
@testable import Logistics

@Suite("Alert rules")
struct AlertRuleTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func watched(_ status: OrderStatus, promisedIn hours: Double = 48, idleHours: Double = 0, carrierTag: TrackingTag? = nil) -> WatchedOrder {
        let order = Order(
            id: "ord_1", number: "CM1", customerId: "usr_1", status: status, lines: [], shipments: [],
            address: AddressSnapshot(recipient: "Li", phone: "1", region: "Futian", detail: "x", latitude: 22.5, longitude: 114),
            totalCents: 100, deliveryWindow: nil, promisedDate: now.addingTimeInterval(hours * 3600), reservationExpiresAt: nil,
            paymentReference: nil, createdAt: now, updatedAt: now, timeline: [])
        return WatchedOrder(order: order, lastEventAt: now.addingTimeInterval(-idleHours * 3600), lastCarrierTag: carrierTag, activeAlerts: [])
    }

    func estimate(hoursFromNow: Double) -> DeliveryEstimate {
        let at = now.addingTimeInterval(hoursFromNow * 3600)
        return DeliveryEstimate(expectedAt: at, earliest: at, latest: at, basis: "test", late: false)
    }

    @Test("an order on time, recently moved, raises nothing")
    func quiet() {
        #expect(AlertService.findings(watched(.picking, idleHours: 1), estimate: estimate(hoursFromNow: 5), now: now, rules: AlertRules()).isEmpty)
    }

    @Test("an ETA past the promise is predicted late, with the reason of the stage the order is in")
    func predictedLate() {
        let paid = AlertService.findings(watched(.paid, promisedIn: 2), estimate: estimate(hoursFromNow: 5), now: now, rules: AlertRules())
        #expect(paid.map(\.kind) == [.predictedLate])
        #expect(paid.first?.reason == .warehouseBacklog)
        #expect(paid.first?.detail.contains("3.0 h past the promise") == true)
        let onTheRoad = AlertService.findings(watched(.outForDelivery, promisedIn: 1), estimate: estimate(hoursFromNow: 2), now: now, rules: AlertRules())
        #expect(onTheRoad.first?.reason == .slowLastMile)
    }

    @Test("no event for longer than the status allows is stuck; the limit is per status")
    func stuck() {
        let rules = AlertRules()
        #expect(AlertService.findings(watched(.picking, idleHours: 4.5), estimate: nil, now: now, rules: rules).map(\.kind) == [.stuck])
        #expect(AlertService.findings(watched(.shipped, idleHours: 4.5), estimate: nil, now: now, rules: rules).isEmpty, "36 h allowed in transit")
        #expect(AlertService.findings(watched(.shipped, idleHours: 40), estimate: nil, now: now, rules: rules).first?.reason == .slowInTransit)
    }

    @Test("a failed delivery and a carrier exception are alerts of their own")
    func failures() {
        #expect(AlertService.findings(watched(.deliveryFailed), estimate: nil, now: now, rules: AlertRules()).map(\.kind) == [.deliveryFailed])
        #expect(AlertService.findings(watched(.shipped, carrierTag: .exception), estimate: nil, now: now, rules: AlertRules()).map(\.kind) == [.carrierException])
    }

    @Test("the customer reads the reason in plain words, in their language")
    func sentences() {
        let event = TrackingEvent(id: "evt_1", orderId: "ord_1", status: .shipped, message: "x", actor: "alerts", source: .system, occurredAt: now,
                                  note: DelayReason.slowInTransit.rawValue, tag: .delayed)
        #expect(TrackingSentences.render(event, in: .zhCN) == "包裹在运输途中停留时间较长，我们正在联系承运商")
        #expect(TrackingSentences.render(event, in: .en).hasPrefix("your parcel has not moved"))
        #expect(TrackingTag(carrierStatus: "delayed") == nil, "carriers cannot send our own tag")
    }
}
