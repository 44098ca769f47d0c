import Foundation
import Testing
@testable import Logistics

@Suite("Tracking rules")
struct TrackingTests {
    @Test("carrier scans walk the order forward through the machine, never backwards")
    func forwardPaths() {
        #expect(StatusPath.forward(from: .packed, to: .shipped) == [.shipped])
        #expect(StatusPath.forward(from: .packed, to: .delivered) == [.shipped, .outForDelivery, .delivered])
        #expect(StatusPath.forward(from: .shipped, to: .returned) == [.outForDelivery, .deliveryFailed, .returned])
        #expect(StatusPath.forward(from: .deliveryFailed, to: .outForDelivery) == [.outForDelivery], "a retry after a failed attempt")
        #expect(StatusPath.forward(from: .delivered, to: .outForDelivery).isEmpty)
        #expect(StatusPath.forward(from: .outForDelivery, to: .shipped).isEmpty)
        #expect(StatusPath.forward(from: .cancelled, to: .delivered).isEmpty)
        #expect(StatusPath.forward(from: .shipped, to: .shipped).isEmpty)
    }

    @Test("every path it returns is a chain of allowed steps", arguments: OrderStatus.allCases)
    func pathsAreLegal(_ from: OrderStatus) {
        for target in OrderStatus.allCases {
            var current = from
            for step in StatusPath.forward(from: from, to: target) {
                #expect(current.canMove(to: step), "\(current) -> \(step)")
                current = step
            }
        }
    }

    @Test("Kuaidi100 state codes map to the common tags", arguments: [("0", TrackingTag.inTransit), ("3", .delivered), ("5", .outForDelivery), ("14", .attemptFailed), ("4", .returnedToSender), ("2", .exception), ("delivered", .delivered)])
    func kuaidi100(_ code: String, _ tag: TrackingTag) {
        #expect(TrackingTag(carrierStatus: code) == tag)
    }

    @Test("unknown carrier codes are refused")
    func unknownCode() {
        #expect(TrackingTag(carrierStatus: "99") == nil)
        #expect(TrackingTag(carrierStatus: "") == nil)
    }

    @Test("Accept-Language picks English only when it outranks Chinese", arguments: [
        (nil, TimelineLanguage.zhCN), ("en-US,en;q=0.9", .en), ("zh-CN,zh;q=0.9,en;q=0.8", .zhCN), ("en;q=0.5, zh;q=0.9", .zhCN), ("fr", .zhCN), ("fr, en;q=0.3", .en),
    ])
    func language(_ header: String?, _ expected: TimelineLanguage) {
        #expect(TimelineLanguage(acceptLanguage: header) == expected)
    }

    @Test("sentences: ours in the reader's language with the note, a carrier's as sent")
    func sentences() {
        let ours = TrackingEvent(id: "e", orderId: "o", status: .cancelled, message: "x", actor: "a", source: .customer, occurredAt: Date(), note: "changed my mind")
        #expect(TrackingSentences.render(ours, in: .zhCN) == "订单已取消（changed my mind）")
        #expect(TrackingSentences.render(ours, in: .en) == "Order cancelled: changed my mind")
        let theirs = TrackingEvent(id: "e", orderId: "o", status: .shipped, message: "【深圳市】快件已到达 南山集散中心", actor: "sf", source: .carrier, occurredAt: Date(), place: "深圳市", tag: .inTransit)
        #expect(TrackingSentences.render(theirs, in: .en) == "【深圳市】快件已到达 南山集散中心")
    }
}

@Suite("Carrier statuses")
struct CarrierStatusTests {
    @Test("every status the API documents is read, and nothing else is")
    func documentedStatusesAreRead() {
        #expect(TrackingTag.carrierStatuses.allSatisfy { TrackingTag(carrierStatus: $0) != nil })
        for text in ["9", "15", "-1", "03", "delayed", "", "in transit"] {
            #expect(TrackingTag(carrierStatus: text) == nil, "\(text)")
        }
        #expect(TrackingTag(carrierStatus: "14") == .attemptFailed && TrackingTag(carrierStatus: "inTransit") == .inTransit)
    }
}
