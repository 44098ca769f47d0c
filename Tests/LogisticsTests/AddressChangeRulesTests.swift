import Foundation
import Testing
@testable import Logistics

@Suite("Address change rules")
struct AddressChangeRulesTests {
    let futian = GeoPoint(latitude: 22.541, longitude: 114.055)
    let nearby = GeoPoint(latitude: 22.548, longitude: 114.058)  // 0.8 km, Futian
    let luohuEdge = GeoPoint(latitude: 22.545, longitude: 114.095)  // 4 km east
    let nanshan = GeoPoint(latitude: 22.533, longitude: 113.935)

    func order(_ status: OrderStatus, carrier: Bool = false) -> Order {
        Order(id: "ord_1", number: "CM1", customerId: "usr_1", status: status, lines: [],
              shipments: [Shipment(id: "shp_1", warehouseId: "wh_futian", carrierCode: carrier ? "SF" : nil, waybillNumber: carrier ? "SF1" : nil)],
              address: AddressSnapshot(recipient: "Li", phone: "1", region: "Futian", detail: "x", latitude: futian.latitude, longitude: futian.longitude),
              totalCents: 100, deliveryWindow: nil, promisedDate: nil, reservationExpiresAt: nil, paymentReference: nil, createdAt: Date(), updatedAt: Date(),
              timeline: [])
    }

    @Test("before packing anything goes; packed or loaded, the same district; on the van, close by; carriers and other areas go to an agent")
    func decisions() {
        for status in [OrderStatus.pendingPayment, .paid, .allocated, .picking] {
            #expect(AddressChangeRules.decide(order(status), to: nanshan) == .accept(replan: false, retime: false), "\(status)")
        }
        #expect(AddressChangeRules.decide(order(.packed), to: nearby) == .accept(replan: true, retime: false))
        #expect(AddressChangeRules.decide(order(.shipped), to: nearby) == .accept(replan: true, retime: true))
        #expect(AddressChangeRules.decide(order(.packed), to: nanshan) == .handOver(.otherArea))
        #expect(AddressChangeRules.decide(order(.shipped, carrier: true), to: nearby) == .handOver(.withCarrier))
        #expect(AddressChangeRules.decide(order(.outForDelivery), to: nearby) == .accept(replan: false, retime: true))
        #expect(AddressChangeRules.decide(order(.outForDelivery), to: luohuEdge) == .handOver(.tooFarForTheVan))
        #expect(AddressChangeRules.decide(order(.deliveryFailed), to: nearby) == .accept(replan: false, retime: true))
        #expect(AddressChangeRules.decide(order(.outForDelivery, carrier: true), to: nearby) == .handOver(.withCarrier))
        for status in [OrderStatus.delivered, .cancelled, .returned] {
            #expect(AddressChangeRules.decide(order(status), to: nearby) == .refuse(.finished))
        }
        #expect(AddressChangeReason.allCases.allSatisfy { !$0.sentence(in: .zhCN).isEmpty && !$0.sentence(in: .en).isEmpty })
    }
}
