import Foundation
import Logistics
import SQLKit

extension SQLLogisticsStore {
    public func setCutoffSchedule(_ schedule: CutoffSchedule, nextRunAt: Date?) async throws {
        let minutes = schedule.minutes.map(String.init).joined(separator: ",")
        try await client.transaction { db in
            try await db.raw("""
                INSERT INTO dispatch_cutoffs (warehouse_id, minutes, seconds, auto_publish, next_run_at)
                VALUES (\(bind: schedule.warehouseId), \(bind: minutes), \(bind: schedule.seconds), \(bind: schedule.autoPublish), \(bind: nextRunAt.map(Millis.from)))
                ON CONFLICT (warehouse_id) DO UPDATE SET minutes = excluded.minutes, seconds = excluded.seconds,
                  auto_publish = excluded.auto_publish, next_run_at = excluded.next_run_at
                """).run()
        }
    }

    public func cutoffSchedules() async throws -> [(schedule: CutoffSchedule, nextRunAt: Date?)] {
        try await client.read { db in
            try await db.raw("SELECT * FROM dispatch_cutoffs ORDER BY warehouse_id").all().map { row in
                (try Self.cutoff(row), try row.optional("next_run_at", as: Int.self).map(Millis.date))
            }
        }
    }

    public func dueCutoffs(at time: Date) async throws -> [(schedule: CutoffSchedule, due: Date)] {
        try await client.read { db in
            try await db.raw("""
                SELECT * FROM dispatch_cutoffs WHERE next_run_at IS NOT NULL AND next_run_at <= \(bind: Millis.from(time)) ORDER BY next_run_at
                """).all().map { row in (try Self.cutoff(row), Millis.date(try row.decode(column: "next_run_at", as: Int.self))) }
        }
    }

    public func enqueueCutoff(warehouseId: String, due: Date, next: Date?, request: PlanRequest?) async throws -> Bool {
        let kind = client.kind
        let claimed = try await client.transaction { db -> Bool in
            // SKIP LOCKED: an instance moving this cut-off on right now has it; the others pass, never wait.
            let lock = kind == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
            let row = try await db.raw("""
                SELECT warehouse_id FROM dispatch_cutoffs WHERE warehouse_id = \(bind: warehouseId) AND next_run_at = \(bind: Millis.from(due))\(unsafeRaw: lock)
                """).first()
            guard row != nil else { return false }
            // Conditional again: SQLite has no row locks, and this is what makes the claim exclusive there.
            let moved = try await db.raw("""
                UPDATE dispatch_cutoffs SET next_run_at = \(bind: next.map(Millis.from)), last_run_at = \(bind: Millis.from(due))
                WHERE warehouse_id = \(bind: warehouseId) AND next_run_at = \(bind: Millis.from(due)) RETURNING warehouse_id
                """).first()
            guard moved != nil else { return false }
            if let request { try await Self.insertPlanRequest(request, db) }
            return true
        }
        return claimed
    }

    static func cutoff(_ row: any SQLRow) throws -> CutoffSchedule {
        CutoffSchedule(warehouseId: try row.decode(column: "warehouse_id", as: String.self),
                       minutes: try row.decode(column: "minutes", as: String.self).split(separator: ",").compactMap { Int($0) },
                       seconds: try row.decode(column: "seconds", as: Double.self), autoPublish: try row.decode(column: "auto_publish", as: Bool.self))
    }
}
