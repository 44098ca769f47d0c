import Foundation
import Logistics
import SQLKit

extension SQLLogisticsStore: AuditStore {
    public func recordAudit(_ entry: AuditEntry) async throws {
        try await client.transaction { db in
            try await db.raw("""
                INSERT INTO audit_log (id, at, actor_id, actor_role, method, path, route, action, status, detail)
                VALUES (\(bind: entry.id), \(bind: Millis.from(entry.at)), \(bind: entry.actorId), \(bind: entry.actorRole.rawValue), \(bind: entry.method),
                  \(bind: entry.path), \(bind: entry.route), \(bind: entry.action), \(bind: entry.status), \(bind: entry.detail))
                """).run()
        }
    }

    public func auditEntries(actorId: String?, pathContains: String?, beforeId: String?, limit: Int) async throws -> [AuditEntry] {
        try await client.read { db in
            var query = SQLQueryString("SELECT * FROM audit_log WHERE 1 = 1")
            if let actorId { query.appendInterpolation(unsafeRaw: " AND actor_id = "); query.appendInterpolation(bind: actorId) }
            if let pathContains {
                // A literal substring: LIKE's wildcards in the filter match only themselves.
                let escaped = pathContains.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
                query.appendInterpolation(unsafeRaw: " AND path LIKE ")
                query.appendInterpolation(bind: "%" + escaped + "%")
                query.appendInterpolation(unsafeRaw: " ESCAPE '\\'")
            }
            if let beforeId { query.appendInterpolation(unsafeRaw: " AND id < "); query.appendInterpolation(bind: beforeId) }
            query.appendInterpolation(unsafeRaw: " ORDER BY id DESC LIMIT ")
            query.appendInterpolation(literal: max(1, min(limit, 201)))
            return try await db.raw(query).all().map { row in
                AuditEntry(id: try row.decode(column: "id", as: String.self), at: Millis.date(try row.decode(column: "at", as: Int.self)),
                           actorId: try row.decode(column: "actor_id", as: String.self),
                           actorRole: Role(rawValue: try row.decode(column: "actor_role", as: String.self)) ?? .customer,
                           method: try row.decode(column: "method", as: String.self), path: try row.decode(column: "path", as: String.self),
                           route: try row.decode(column: "route", as: String.self), action: try row.decode(column: "action", as: String.self),
                           status: try row.decode(column: "status", as: Int.self), detail: try row.decode(column: "detail", as: String?.self))
            }
        }
    }
}
