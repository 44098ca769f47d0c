import Foundation
import Logistics
import SQLKit

extension SQLLogisticsStore: RefundStore {
    /// Inside an order step's transaction: the refund exists exactly when the step committed.
    static func insertRefund(_ db: any SQLDatabase, _ refund: Refund) async throws {
        try await db.raw("""
            INSERT INTO refunds (id, order_id, customer_id, amount_cents, reason, status, attempts, payment_reference, provider_reference, last_error,
              next_attempt_at, created_at, completed_at)
            VALUES (\(bind: refund.id), \(bind: refund.orderId), \(bind: refund.customerId), \(bind: refund.amountCents), \(bind: refund.reason),
              \(bind: refund.status.rawValue), \(bind: refund.attempts), \(bind: refund.paymentReference), \(bind: refund.providerReference),
              \(bind: refund.lastError), \(bind: Millis.from(refund.createdAt)), \(bind: Millis.from(refund.createdAt)), \(bind: refund.completedAt.map(Millis.from)))
            """).run()
    }

    public func claimDueRefunds(now: Date, leaseUntil: Date, limit: Int) async throws -> [Refund] {
        let lock = client.kind == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        return try await client.transaction { db in
            try await db.raw("""
                UPDATE refunds SET attempts = attempts + 1, next_attempt_at = \(bind: Millis.from(leaseUntil))
                WHERE id IN (SELECT id FROM refunds WHERE status = 'pending' AND next_attempt_at <= \(bind: Millis.from(now))
                             ORDER BY next_attempt_at LIMIT \(literal: max(1, limit))\(unsafeRaw: lock))
                RETURNING *
                """).all().map(Self.refund(from:))
        }
    }

    public func completeRefund(id: String, providerReference: String, event: TrackingEvent, at time: Date) async throws -> Bool {
        let done = try await client.transaction { db -> Bool in
            let updated = try await db.raw("""
                UPDATE refunds SET status = 'succeeded', provider_reference = \(bind: providerReference), completed_at = \(bind: Millis.from(time)),
                  last_error = NULL
                WHERE id = \(bind: id) AND status = 'pending' RETURNING id
                """).first() != nil
            if updated {
                try await Self.lockOrder(db, event.orderId)
                try await Self.insertEvent(db, event)
            }
            return updated
        }
        if done { changes.publish(orderId: event.orderId) }
        return done
    }

    public func failRefund(id: String, error: String, nextAttemptAt: Date?) async throws {
        let message = String(error.prefix(500))
        try await client.transaction { db in
            if let nextAttemptAt {
                try await db.raw("UPDATE refunds SET next_attempt_at = \(bind: Millis.from(nextAttemptAt)), last_error = \(bind: message) WHERE id = \(bind: id)").run()
            } else {
                try await db.raw("UPDATE refunds SET status = 'failed', last_error = \(bind: message) WHERE id = \(bind: id)").run()
            }
        }
    }

    public func refunds(orderId: String) async throws -> [Refund] {
        try await client.read { db in
            try await db.raw("SELECT * FROM refunds WHERE order_id = \(bind: orderId) ORDER BY created_at, id").all().map(Self.refund(from:))
        }
    }

    public func refunds(status: RefundStatus?, beforeId: String?, limit: Int) async throws -> [Refund] {
        try await client.read { db in
            try await db.raw(Self.newestFirst(from: "refunds", where: [("status", status?.rawValue)], before: beforeId, limit: limit)).all().map(Self.refund(from:))
        }
    }

    static func refund(from row: any SQLRow) throws -> Refund {
        Refund(id: try row.decode(column: "id", as: String.self), orderId: try row.decode(column: "order_id", as: String.self),
               customerId: try row.decode(column: "customer_id", as: String.self), amountCents: try row.decode(column: "amount_cents", as: Int.self),
               reason: try row.decode(column: "reason", as: String.self),
               status: RefundStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .pending,
               attempts: try row.decode(column: "attempts", as: Int.self), paymentReference: try row.decode(column: "payment_reference", as: String.self),
               providerReference: try row.optional("provider_reference", as: String.self), lastError: try row.optional("last_error", as: String.self),
               createdAt: Millis.date(try row.decode(column: "created_at", as: Int.self)),
               completedAt: try row.optional("completed_at", as: Int.self).map(Millis.date))
    }
}
