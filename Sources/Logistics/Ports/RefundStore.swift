import Foundation

/// Refunds owed and paid. They are inserted by the order step that owes them (`OrderStatusChange.refund`).
public protocol RefundStore: Sendable {
    /// Claims up to `limit` pending refunds whose attempt is due, counting the attempt and leasing them until
    /// `leaseUntil` so no other worker takes them meanwhile.
    func claimDueRefunds(now: Date, leaseUntil: Date, limit: Int) async throws -> [Refund]
    /// Marks the refund succeeded and records `event` in the order's timeline, in one transaction (the event
    /// reaches the customer and the webhooks through the outbox). False when it was no longer pending.
    func completeRefund(id: String, providerReference: String, event: TrackingEvent, at time: Date) async throws -> Bool
    /// Records a failed attempt: the next attempt's time, or `failed` when `nextAttemptAt` is nil.
    func failRefund(id: String, error: String, nextAttemptAt: Date?) async throws
    func refunds(orderId: String) async throws -> [Refund]
    /// Newest first; `beforeId` pages.
    func refunds(status: RefundStatus?, beforeId: String?, limit: Int) async throws -> [Refund]
}
