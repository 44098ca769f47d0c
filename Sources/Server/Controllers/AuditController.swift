import Foundation
import Hummingbird
import Logistics

/// Admins read the audit log: who changed what, newest first.
struct AuditController {
    let audit: any AuditStore

    func register(to api: RouterGroup<AppRequestContext>) {
        api.get("admin/audit") { [audit] request, context in
            guard try context.requireUser().role == .admin else { throw LogisticsError.forbidden("the audit log is for admins") }
            let limit = try request.pageLimit()
            let query = request.uri.queryParameters
            let rows = try await audit.auditEntries(actorId: query["actor"].map(String.init), pathContains: query["target"].map(String.init),
                                                    beforeId: query["cursor"].map(String.init), limit: limit + 1)
            return try JSONCoding.response(Page(rows: rows, limit: limit, cursor: \.id))
        }
    }
}
