import Foundation
import Testing
@testable import Logistics

@Suite("Return rules")
struct ReturnRulesTests {
    let delivered = Date(timeIntervalSince1970: 1_800_000_000)
    let day = 86_400.0

    func order(_ status: OrderStatus = .delivered) -> Order {
        Order(id: "ord_1", number: "CM1", customerId: "usr_1", status: status,
              lines: [OrderLine(sku: "CB", name: "cable", quantity: 3, unitPriceCents: 79_900, warehouseId: "wh"),
                      OrderLine(sku: "AD", name: "adapter", quantity: 1, unitPriceCents: 9_900, warehouseId: "wh")],
              shipments: [], address: AddressSnapshot(recipient: "Li", phone: "1", region: "Futian", detail: "x", latitude: 22.5, longitude: 114),
              totalCents: 249_600, deliveryWindow: nil, promisedDate: nil, reservationExpiresAt: nil, paymentReference: "wx", createdAt: delivered,
              updatedAt: delivered, timeline: [])
    }

    func decide(_ reason: ReturnReason, after days: Double, unused: Bool = true, installed: Bool = false, status: OrderStatus = .delivered) -> ReturnRules.Decision {
        ReturnRules.decide(kind: .return, reason: reason, order: order(status), deliveredAt: status == .delivered ? delivered : nil,
                           installedWallBox: installed, unused: unused, now: delivered.addingTimeInterval(days * day))
    }

    @Test("no reason: 7 days, unused; defects: 15 days, to an agent; an installed wall box: a technician; nothing before delivery")
    func windows() {
        #expect(decide(.noReason, after: 7) == .approve)
        #expect(decide(.noReason, after: 7.001) == .refuse(.noReasonWindowClosed))
        #expect(decide(.noReason, after: 1, unused: false) == .refuse(.used))
        #expect(decide(.defective, after: 15) == .review)
        #expect(decide(.damaged, after: 15.001) == .refuse(.defectWindowClosed))
        #expect(decide(.wrongItem, after: 0) == .review)
        #expect(decide(.defective, after: 1, installed: true) == .refuse(.installedNeedsTechnician))
        #expect(decide(.noReason, after: 0, status: .outForDelivery) == .refuse(.notDelivered))
        #expect(ReturnRefusal.allCases.allSatisfy { !$0.sentence(in: .zhCN).isEmpty && !$0.sentence(in: .en).isEmpty })
    }

    @Test("lines: no more than delivered, counting what is already being returned; the refund is what was paid for them")
    func lines() {
        #expect(ReturnRules.fits([ReturnLine(sku: "CB", quantity: 3)], order: order(), alreadyReturning: [:]))
        #expect(!ReturnRules.fits([ReturnLine(sku: "CB", quantity: 2)], order: order(), alreadyReturning: ["CB": 2]))
        #expect(!ReturnRules.fits([ReturnLine(sku: "XX", quantity: 1)], order: order(), alreadyReturning: [:]))
        #expect(!ReturnRules.fits([ReturnLine(sku: "CB", quantity: 2), ReturnLine(sku: "CB", quantity: 2)], order: order(), alreadyReturning: [:]),
                "split lines of one SKU add up")
        #expect(!ReturnRules.fits([], order: order(), alreadyReturning: [:]))
        #expect(ReturnRules.refundCents([ReturnLine(sku: "CB", quantity: 2), ReturnLine(sku: "AD", quantity: 1)], order: order()) == 169_700)
    }
}
