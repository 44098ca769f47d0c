import Foundation

/// A customer asks to have an order delivered elsewhere; the rules of `AddressChangeRules` decide by stage,
/// the route decides for a van already out, and the answer says what happened and why.
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

    public enum Result: String, Codable, Sendable {
        case changed, handedOver
    }

    public struct Outcome: Codable, Equatable, Sendable {
        public var result: Result
        public var reason: AddressChangeReason?
        /// What the customer reads: the change and what it did to the delivery, or why a person takes it on.
        public var message: String
        /// The order as changed.
        public var order: Order?
        /// The conversation in which an agent takes it on.
        public var conversationId: String?
    }

    public func change(orderId: String, addressId: String, by user: User, language: TimelineLanguage) async throws -> Outcome {
        guard user.role == .customer else { throw LogisticsError.forbidden("customers change their own orders' addresses; agents use the admin tools") }
        let order = try await orders.order(id: orderId, for: user)
        guard let address = try await store.address(id: addressId), address.customerId == user.id else {
            throw LogisticsError.validation(field: "addressId", message: "one of your saved addresses")
        }
        let snapshot = AddressSnapshot(recipient: address.recipient, phone: address.phone, region: address.region, detail: address.detail,
                                       latitude: address.latitude, longitude: address.longitude)
        let point = GeoPoint(latitude: address.latitude, longitude: address.longitude)
        let zh = language == .zhCN
        var decision = AddressChangeRules.decide(order, to: point)
        var detour: TrafficService.Detour?
        if case .accept = decision, order.status.hasShipped || order.status == .packed {
            // A van that carries (or is about to load) the order: its route decides.
            detour = try await traffic.detour(orderId: orderId, to: point)
            if let detour, !detour.onTime, order.status == .outForDelivery || order.status == .deliveryFailed { decision = .handOver(.routeWouldBeLate) }
        }
        switch decision {
        case .refuse(let reason):
            throw LogisticsError.conflict(.addressChangeClosed, message: reason.sentence(in: language))
        case .handOver(let reason):
            let request = zh ? "请把订单 \(order.number) 改送到：\(snapshot.region) \(snapshot.detail)（\(snapshot.recipient) \(snapshot.phone)）"
                : "Please deliver order \(order.number) to \(snapshot.region) \(snapshot.detail) (\(snapshot.recipient) \(snapshot.phone)) instead"
            let conversation = try await support.handOver(orderId: orderId, category: .addressChange, request: request,
                                                          explanation: reason.sentence(in: language), by: user)
            return Outcome(result: .handedOver, reason: reason, message: reason.sentence(in: language), order: nil, conversationId: conversation.id)
        case .accept(let replan, _):
            let now = clock()
            let event = TrackingEvent(id: Identifier.make("evt", at: now), orderId: orderId, status: order.status, message: "Delivery address changed",
                                      actor: user.id, source: .customer, occurredAt: now, note: "\(snapshot.region) \(snapshot.detail)", tag: .addressChanged)
            _ = try await store.changeAddress(orderId: orderId, expected: order.status, to: snapshot, event: event)
            var rearranged = false
            if let detour {
                try await traffic.applyDetour(detour)
                rearranged = true
            } else if replan, let planId = try await store.readyPlanId(containing: orderId) {
                _ = try await dispatch.replan(planId: planId, seconds: 1)
                rearranged = true
            }
            let message = rearranged
                ? (zh ? "收货地址已修改，配送路线已按新地址重新安排。" : "Your address is changed and the delivery route re-arranged for it.")
                : (zh ? "收货地址已修改。" : "Your address is changed.")
            return Outcome(result: .changed, reason: nil, message: message, order: try await orders.order(id: orderId, for: user), conversationId: nil)
        }
    }
}
