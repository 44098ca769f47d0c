import Foundation

/// What happens to a customer's request to deliver an order somewhere else, by the stage the order is in.
public enum AddressChangeDecision: Equatable, Sendable {
    /// Changed at once. `replan`: the order may sit in a dispatch plan, which is re-optimised around it;
    /// `retime`: its van is on the road, and the route is re-timed from where the van is.
    case accept(replan: Bool, retime: Bool)
    /// A person decides; the reason is said to the customer.
    case handOver(AddressChangeReason)
    /// Too late: the order is finished.
    case refuse(AddressChangeReason)
}

public enum AddressChangeReason: String, Codable, Sendable, CaseIterable {
    /// A carrier has the parcel: only the carrier can re-route it, through an agent.
    case withCarrier
    /// The van for the old address's area will not drive to the new one.
    case otherArea
    /// Out for delivery, and the new address is too far from the old one for the van to detour.
    case tooFarForTheVan
    /// Out for delivery, and the detour would make this or another stop late.
    case routeWouldBeLate
    case finished

    /// The sentence the customer reads.
    public func sentence(in language: TimelineLanguage) -> String {
        let zh = language == .zhCN
        switch self {
        case .withCarrier: return zh ? "包裹已交给快递公司，改址需由客服联系快递处理，已为您转接人工客服" : "A carrier has your parcel; an agent will ask them to re-route it"
        case .otherArea: return zh ? "新地址不在原配送片区，需客服重新安排配送，已为您转接人工客服" : "The new address is outside this delivery area; an agent will re-arrange the delivery"
        case .tooFarForTheVan: return zh ? "配送员已出发，新地址离原地址较远，已为您转接人工客服" : "The van is on its way and the new address is too far from the old one; an agent will help"
        case .routeWouldBeLate: return zh ? "配送员已出发，改址会让本单或其他订单延误，已为您转接人工客服" : "The van is on its way and the detour would make deliveries late; an agent will help"
        case .finished: return zh ? "订单已结束，无法修改地址" : "This order is finished; its address can no longer change"
        }
    }
}

public enum AddressChangeRules {
    /// Out for delivery, a new address within this distance of the old one may be taken by the van.
    public static let vanDetourMetres = 2_000.0

    /// The decision before any route is looked at: by stage, by who carries the parcel, by area and distance.
    /// An own-fleet order that is out for delivery and close enough is accepted here subject to the route
    /// staying on time (`retime`), which the caller checks.
    public static func decide(_ order: Order, to new: GeoPoint, districts: [District] = District.shenzhen) -> AddressChangeDecision {
        let old = GeoPoint(latitude: order.address.latitude, longitude: order.address.longitude)
        let withCarrier = order.shipments.contains { $0.carrierCode != nil }
        switch order.status {
        case .delivered, .cancelled, .returned:
            return .refuse(.finished)
        case .pendingPayment, .paid, .allocated, .picking:
            // Nothing has left the shelf in a box yet: the label is printed at packing.
            return .accept(replan: false, retime: false)
        case .packed, .shipped:
            if withCarrier { return .handOver(.withCarrier) }
            guard District.containing(new, in: districts).code == District.containing(old, in: districts).code else { return .handOver(.otherArea) }
            return .accept(replan: true, retime: order.status == .shipped)
        case .outForDelivery, .deliveryFailed:
            if withCarrier { return .handOver(.withCarrier) }
            guard old.distanceMetres(to: new) <= vanDetourMetres else { return .handOver(.tooFarForTheVan) }
            return .accept(replan: false, retime: true)
        }
    }
}
