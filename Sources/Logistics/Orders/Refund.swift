import Foundation

public enum RefundStatus: String, Codable, CaseIterable, Sendable {
    /// Recorded with the cancellation (or the accepted return); the payment provider has not confirmed it yet.
    case pending
    case succeeded
    /// The provider kept refusing: an admin must look (the money is still owed).
    case failed
}

/// Money owed back to a customer, recorded in the same transaction as the step that owes it, then paid
/// through the payment provider by a worker that retries.
public struct Refund: Codable, Equatable, Sendable {
    public var id: String
    public var orderId: String
    public var customerId: String
    public var amountCents: Int
    public var reason: String
    public var status: RefundStatus
    public var attempts: Int
    /// The original payment, which the provider refunds against.
    public var paymentReference: String
    /// The provider's reference for the refund, once it succeeded.
    public var providerReference: String?
    public var lastError: String?
    public var createdAt: Date
    public var completedAt: Date?

    public init(id: String, orderId: String, customerId: String, amountCents: Int, reason: String, status: RefundStatus = .pending, attempts: Int = 0,
                paymentReference: String, providerReference: String? = nil, lastError: String? = nil, createdAt: Date, completedAt: Date? = nil) {
        self.id = id
        self.orderId = orderId
        self.customerId = customerId
        self.amountCents = amountCents
        self.reason = reason
        self.status = status
        self.attempts = attempts
        self.paymentReference = paymentReference
        self.providerReference = providerReference
        self.lastError = lastError
        self.createdAt = createdAt
        self.completedAt = completedAt
    }

    /// "¥1,299.00".
    public var amountText: String {
        let yuan = amountCents / 100, fen = amountCents % 100
        return "¥\(yuan).\(fen < 10 ? "0" : "")\(fen)"
    }
}

/// The payment provider's refund call (WeChat Pay, Alipay…). It must be idempotent on `refund.id`: a worker
/// that crashed after the call and before recording it calls again, and the money moves once.
public protocol PaymentProvider: Sendable {
    /// Returns the provider's reference for the refund; throws when it was refused or could not be asked.
    func refund(_ refund: Refund) async throws -> String
}
