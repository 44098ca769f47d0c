import AsyncHTTPClient
import Foundation
import Logging
import SQLKit
import Storage

/// What the database must hold after any fault, checked against what the clients were told.
struct OrderStateCheck {
    var missing = 0
    var orders = 0
    var keys = 0
    var keysTwice = 0
    var reserved = 0
    var ordered = 0
    var ledgerConsistent = false

    var held: Bool { missing == 0 && keysTwice == 0 && orders == keys && reserved == ordered && ledgerConsistent }

    var observations: [String] {
        ["\(missing) acknowledged orders missing; \(orders) orders in the database for \(keys) acknowledged keys, \(keysTwice) keys with two orders",
         "reserved \(reserved) units = \(ordered) on the open orders' lines: \(reserved == ordered ? "yes" : "NO"); ledger check: \(ledgerConsistent ? "consistent" : "INCONSISTENT")"]
    }

    /// `acknowledged`: key → order id as answered (after the unknown keys were settled).
    static func run(world: FaultWorld, acknowledged: [String: String], server: ServerProcess, http: HTTPClient, logger: Logger) async throws -> OrderStateCheck {
        var check = OrderStateCheck()
        let orders = try await world.inspect(logger: logger) { db in
            try await db.raw("SELECT id, idempotency_key FROM orders WHERE customer_id LIKE 'usr_bench_%'").all().map {
                (id: try $0.decode(column: "id", as: String.self), key: try $0.decode(column: "idempotency_key", as: String?.self) ?? "")
            }
        }
        let ids = Set(orders.map(\.id))
        check.missing = acknowledged.values.filter { !ids.contains($0) }.count
        check.orders = orders.count
        check.keys = acknowledged.count
        check.keysTwice = Dictionary(grouping: orders, by: \.key).values.filter { $0.count > 1 }.count
        (check.reserved, check.ordered) = try await world.inspect(logger: logger) { db in
            let reserved = try await db.raw("SELECT CAST(COALESCE(SUM(reserved), 0) AS BIGINT) AS n FROM stock_levels WHERE sku = \(bind: FaultWorld.sku)")
                .first()?.decode(column: "n", as: Int.self) ?? -1
            let ordered = try await db.raw("""
                SELECT CAST(COALESCE(SUM(l.quantity), 0) AS BIGINT) AS n FROM order_lines l JOIN orders o ON o.id = l.order_id
                WHERE o.status = 'pendingPayment' AND l.sku = \(bind: FaultWorld.sku)
                """).first()?.decode(column: "n", as: Int.self) ?? -2
            return (reserved, ordered)
        }
        let ledger = try await HTTPProbe.send(http, "GET", server.base + "/api/v1/admin/stock/ledger-check", token: world.adminToken)
        check.ledgerConsistent = HTTPProbe.json(ledger.body)["consistent"] as? Bool == true
        return check
    }
}
