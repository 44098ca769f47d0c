import Foundation

/// "Where is my order", answered from the order, its ETA and its live alerts.
public struct OrderExplanationService: Sendable {
    let orders: OrderService
    let eta: any ETAEstimator
    let alerts: any AlertStore
    let clock: @Sendable () -> Date

    public init(orders: OrderService, eta: any ETAEstimator, alerts: any AlertStore, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.orders = orders
        self.eta = eta
        self.alerts = alerts
        self.clock = clock
    }

    /// The customer's own order (404 otherwise) or any order for staff.
    public func explain(orderId: String, for user: User, in language: TimelineLanguage) async throws -> OrderExplanation {
        let order = try await orders.order(id: orderId, for: user)
        let estimate = try await eta.estimates(for: [order], now: clock())[order.id]
        let live = try await alerts.alerts(state: nil, kind: nil, orderId: order.id, beforeId: nil, limit: 20).filter { $0.state != .resolved }
        return OrderExplainer.explain(order, eta: estimate, alerts: live, in: language)
    }
}
