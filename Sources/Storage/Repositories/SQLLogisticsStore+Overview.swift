import Foundation
import Logistics
import SQLKit

extension SQLLogisticsStore: OverviewStore {
    public func overviewCounts(todayStart: Date, weekStart: Date) async throws -> OverviewCounts {
        try await client.read { db in
            func grouped(_ query: SQLQueryString) async throws -> [String: Int] {
                var counts: [String: Int] = [:]
                for row in try await db.raw(query).all() {
                    counts[try row.decode(column: "name", as: String.self)] = try row.decode(column: "n", as: Int.self)
                }
                return counts
            }
            let today = try await db.raw("SELECT COUNT(*) AS n FROM orders WHERE created_at >= \(bind: Millis.from(todayStart))").first()?
                .decode(column: "n", as: Int.self) ?? 0
            let open = try await grouped("""
                SELECT status AS name, COUNT(*) AS n FROM orders WHERE status NOT IN ('delivered', 'cancelled', 'returned') GROUP BY status
                """)
            let alerts = try await grouped("SELECT kind AS name, COUNT(*) AS n FROM alerts WHERE state = 'open' GROUP BY kind")
            let stockAlerts = try await grouped("SELECT kind AS name, COUNT(*) AS n FROM stock_alerts WHERE state = 'open' GROUP BY kind")
            // A delivered order changes no more, so its last update is its delivery.
            let delivered = try await db.raw("""
                SELECT COUNT(*) AS n, COALESCE(SUM(CASE WHEN promised_at IS NULL OR updated_at <= promised_at THEN 1 ELSE 0 END), 0) AS on_time
                FROM orders WHERE status = 'delivered' AND updated_at >= \(bind: Millis.from(weekStart))
                """).first()
            return OverviewCounts(ordersToday: today, openByStatus: open, openAlerts: alerts, openStockAlerts: stockAlerts,
                                  deliveredLast7Days: try delivered?.decode(column: "n", as: Int.self) ?? 0,
                                  deliveredOnTimeLast7Days: try delivered?.decode(column: "on_time", as: Int.self) ?? 0)
        }
    }
}
