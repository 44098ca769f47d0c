import Foundation

/// Pays the refunds that order steps recorded, through the payment provider, retrying with back-off; each
/// confirmed refund becomes an event in the order's timeline (so the customer is told and webhooks hear it).
public struct RefundService: Sendable {
    public typealias Store = RefundStore & OrderStore
    let store: any Store
    let orders: OrderService
    let provider: any PaymentProvider
    let policy: RetryPolicy
    let clock: @Sendable () -> Date

    /// Who may read every refund.
    public static let readers: Set<Role> = [.admin, .agent]

    public init(store: any Store, orders: OrderService, provider: any PaymentProvider, policy: RetryPolicy = RetryPolicy(),
                clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.orders = orders
        self.provider = provider
        self.policy = policy
        self.clock = clock
    }

    /// Asks the provider for every refund that is due; returns how many it confirmed.
    @discardableResult
    public func processDue(limit: Int = 50) async throws -> Int {
        let now = clock()
        // The lease outlasts a slow provider call; a worker that dies mid-call leaves it to be retried (the
        // provider is idempotent on the refund's id).
        let due = try await store.claimDueRefunds(now: now, leaseUntil: now.addingTimeInterval(120), limit: limit)
        var confirmed = 0
        for refund in due {
            do {
                let reference = try await provider.refund(refund)
                let at = clock()
                let status = try await store.order(id: refund.orderId)?.status ?? .cancelled
                let event = TrackingEvent(id: Identifier.make("evt", at: at), orderId: refund.orderId, status: status, message: "Refund issued",
                                          actor: "payment", source: .payment, occurredAt: at, note: refund.amountText, tag: .refunded)
                if try await store.completeRefund(id: refund.id, providerReference: reference, event: event, at: at) { confirmed += 1 }
            } catch {
                let next = policy.isLast(refund.attempts) ? nil
                    : clock().addingTimeInterval(policy.delay(afterAttempts: refund.attempts, unit: Double.random(in: 0..<1)))
                try await store.failRefund(id: refund.id, error: String(describing: error), nextAttemptAt: next)
            }
        }
        return confirmed
    }

    /// The refunds of an order its reader may see (the customer's own, or staff).
    public func refunds(orderId: String, for user: User) async throws -> [Refund] {
        _ = try await orders.order(id: orderId, for: user)
        return try await store.refunds(orderId: orderId)
    }

    public func refunds(status: RefundStatus?, beforeId: String?, limit: Int, by user: User) async throws -> [Refund] {
        guard Self.readers.contains(user.role) else { throw LogisticsError.forbidden("admins and agents only") }
        return try await store.refunds(status: status, beforeId: beforeId, limit: limit)
    }
}
