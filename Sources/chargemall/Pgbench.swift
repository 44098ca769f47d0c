import Foundation
import SQLKit
import Storage

/// Runs pgbench with the statements an order placement sends (the reads, then one transaction with
/// the conditional reservation and the inserts), as the ceiling our HTTP stack is compared to.
enum Pgbench {
    static func script(customers: Int, skus: [String]) -> String {
        let skuArray = "ARRAY[" + skus.map { "'\($0)'" }.joined(separator: ",") + "]"
        let now = Int(Date().timeIntervalSince1970 * 1000)
        return """
            \\set c random(0, \(customers - 1))
            \\set s random(1, \(skus.count))
            SELECT nextval('pgbench_order_seq') AS n \\gset
            SELECT * FROM addresses WHERE id = 'adr_bench_' || :c;
            SELECT * FROM products WHERE sku IN ((\(skuArray))[:s]) ORDER BY sku;
            SELECT * FROM warehouses ORDER BY id;
            SELECT * FROM stock_levels WHERE 1 = 1 AND sku IN ((\(skuArray))[:s]) ORDER BY sku, warehouse_id;
            BEGIN;
            UPDATE stock_levels SET reserved = reserved + 1 WHERE warehouse_id = 'wh_nanshan' AND sku = (\(skuArray))[:s] AND on_hand - reserved >= 1 RETURNING reserved;
            INSERT INTO stock_movements (warehouse_id, sku, kind, on_hand_delta, reserved_delta, order_id, note, created_at) VALUES ('wh_nanshan', (\(skuArray))[:s], 'reservation', 0, 1, 'pgb_' || :n, NULL, \(now));
            INSERT INTO orders (id, number, customer_id, status, total_cents, recipient, phone, region, detail, latitude, longitude, window_start, window_end, promised_at, reservation_expires_at, payment_reference, idempotency_key, request_hash, created_at, updated_at) VALUES ('pgb_' || :n, 'PGB' || :n, 'usr_bench_' || :c, 'pendingPayment', 7990, 'Bench', '13800000000', 'Shenzhen Futian', 'Bench Road', 22.54, 114.05, NULL, NULL, \(now), \(now), NULL, NULL, 'h', \(now), \(now));
            INSERT INTO order_lines (order_id, line_no, sku, name, quantity, unit_price_cents, warehouse_id) VALUES ('pgb_' || :n, 1, (\(skuArray))[:s], 'item', 1, 7990, 'wh_nanshan');
            INSERT INTO shipments (id, order_id, warehouse_id, carrier_code, waybill_number) VALUES ('pgs_' || :n, 'pgb_' || :n, 'wh_nanshan', NULL, NULL);
            INSERT INTO tracking_events (id, order_id, status, message, actor, source, occurred_at) VALUES ('pge_' || :n, 'pgb_' || :n, 'pendingPayment', 'Order placed, waiting for payment', 'usr_bench_' || :c, 'customer', \(now));
            COMMIT;

            """
    }

    /// - Parameter transactions: per client. A count, not `-T`: spawned from this process pgbench's
    ///   SIGALRM timer never fired (the signal mask is inherited across exec), so it never stopped.
    static func run(url: DatabaseURL, clients: Int, transactions: Int, customers: Int, database: any DatabaseClient) async throws -> PgbenchResult? {
        guard case .postgres(let host, let port, let user, let password, let name, _) = url else { return nil }
        guard let binary = ["/usr/bin/pgbench", "/usr/lib/postgresql/15/bin/pgbench"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            FileHandle.standardError.write(Data("bench: pgbench not found (apt-get install postgresql-15); comparison skipped\n".utf8))
            return nil
        }
        try await database.transaction { db in try await db.raw("CREATE SEQUENCE IF NOT EXISTS pgbench_order_seq").run() }
        let file = NSTemporaryDirectory() + "chargemall-pgbench-\(UUID().uuidString).sql"
        try script(customers: customers, skus: BenchOrders.steadySKUs).write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["-n", "-M", "extended", "-c", String(clients), "-j", "2", "-t", String(transactions), "-f", file, "-h", host, "-p", String(port), "-U", user, name]
        var environment = ProcessInfo.processInfo.environment
        if let password { environment["PGPASSWORD"] = password }
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0, let tps = number(after: "tps = ", in: text) else {
            FileHandle.standardError.write(Data("bench: pgbench failed:\n\(text)\n".utf8))
            return nil
        }
        return PgbenchResult(transactionsPerSecond: tps, latencyAverageMs: number(after: "latency average = ", in: text))
    }

    static func number(after marker: String, in text: String) -> Double? {
        guard let range = text.range(of: marker) else { return nil }
        return Double(text[range.upperBound...].prefix { $0.isNumber || $0 == "." })
    }
}
