import Foundation
import Logging
import Logistics
import ServiceLifecycle
import Storage

/// Refunds through the log instead of a payment provider: the default until one is configured (no money
/// moves in the demo). Idempotent like a real provider: the reference is derived from the refund's id.
public struct LoggingPaymentProvider: PaymentProvider {
    let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    public func refund(_ refund: Refund) async throws -> String {
        logger.info("refund", metadata: ["refund": "\(refund.id)", "order": "\(refund.orderId)", "amount": "\(refund.amountText)",
                                         "payment": "\(refund.paymentReference)"])
        return "log-\(refund.id)"
    }
}

/// Pays recorded refunds as soon as they commit (every local commit wakes it; a poll catches other instances'),
/// on every instance: claims are leased rows, so two workers never pay the same refund at once.
struct RefundWorkerService: Service {
    let refunds: RefundService
    let changes: OrderChanges
    let pollInterval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let seen = changes.outboxWritten.generation
            do {
                while try await refunds.processDue() > 0 {}
            } catch {
                logger.error("refund worker failed", metadata: ["error": "\(error)"])
            }
            await cancelWhenGracefulShutdown { await changes.outboxWritten.wait(after: seen, timeout: pollInterval) }
        }
    }
}
