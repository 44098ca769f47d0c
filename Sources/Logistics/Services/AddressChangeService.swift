import Foundation

/// A customer asks to have an order delivered elsewhere; the rules of `AddressChangeRules` decide by stage,
/// the route decides for a van already out. What the rules do not allow is refused with its reason and handed
/// to an agent in a conversation; an agent (who has arranged it with the carrier or the dispatcher) may change
/// any order that is not finished.
public struct AddressChangeService: Sendable {
    public typealias Store = AddressChangeStore & AddressStore
    let store: any Store
    let orders: OrderService
    let dispatch: DispatchService
    let traffic: TrafficService
    let support: SupportService
    let clock: @Sendable () -> Date

    public init(store: any Store, orders: OrderService, dispatch: DispatchService, traffic: TrafficService, support: SupportService,
                clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.orders = orders
        self.dispatch = dispatch
        self.traffic = traffic
        self.support = support
        self.clock = clock
    }

    /// Who may change an order's address for its customer.
    public static let agents: Set<Role> = [.agent, .admin]

    /// The order as changed; throws `refused` (409) with the reason when the rules hand it to an agent or the
    /// order is finished.
    public func change(orderId: String, addressId: String, by user: User, language: TimelineLanguage) async throws -> Order {
        guard user.role == .customer || Self.agents.contains(user.role) else { throw LogisticsError.forbidden("customers (their own orders) and agents") }
        let order = try await orders.order(id: orderId, for: user)
        // What does not exist (for this customer) is a 404, as when placing an order.
        guard let address = try await store.address(id: addressId), address.customerId == order.customerId else {
            throw LogisticsError.notFound("address \(addressId)")
        }
        let snapshot = AddressSnapshot(recipient: address.recipient, phone: address.phone, region: address.region, detail: address.detail,
                                       latitude: address.latitude, longitude: address.longitude)
        let point = GeoPoint(latitude: address.latitude, longitude: address.longitude)
        let zh = language == .zhCN
        var decision = AddressChangeRules.decide(order, to: point)
        if user.role != .customer, case .handOver = decision {
            // The agent is the one the rules hand over to.
            decision = .accept(replan: !order.status.hasShipped, retime: order.status.hasShipped)
        }
        var detour: TrafficService.Detour?
        if case .accept = decision, order.status.hasShipped || order.status == .packed {
            // A van that carries (or is about to load) the order: its route decides.
            detour = try await traffic.detour(orderId: orderId, to: point)
            if let detour, !detour.onTime, user.role == .customer, order.status == .outForDelivery || order.status == .deliveryFailed {
                decision = .handOver(.routeWouldBeLate)
            }
        }
        switch decision {
        case .refuse(let reason):
            throw LogisticsError.refused(.addressChangeClosed, reason: reason.rawValue, message: reason.sentence(in: language))
        case .handOver(let reason):
            let request = zh ? "请把订单 \(order.number) 改送到：\(snapshot.region) \(snapshot.detail)（\(snapshot.recipient) \(snapshot.phone)）"
                : "Please deliver order \(order.number) to \(snapshot.region) \(snapshot.detail) (\(snapshot.recipient) \(snapshot.phone)) instead"
            let conversation = try await support.handOver(orderId: orderId, category: .addressChange, request: request,
                                                          explanation: reason.sentence(in: language), by: user)
            throw LogisticsError.refused(.addressChangeNeedsAgent, reason: reason.rawValue, message: reason.sentence(in: language),
                                         details: ["conversationId": conversation.id])
        case .accept(let replan, _):
            let now = clock()
            let event = TrackingEvent(id: Identifier.make("evt", at: now), orderId: orderId, status: order.status, message: "Delivery address changed",
                                      actor: user.id, source: user.role == .customer ? .customer : .staff, occurredAt: now,
                                      note: "\(snapshot.region) \(snapshot.detail)", tag: .addressChanged)
            _ = try await store.changeAddress(orderId: orderId, expected: order.status, to: snapshot, event: event)
            if let detour {
                try await traffic.applyDetour(detour)
            } else if replan, let planId = try await store.readyPlanId(containing: orderId) {
                _ = try await dispatch.replan(planId: planId, seconds: 1)
            }
            return try await orders.order(id: orderId, for: user)
        }
    }
}
