import Foundation
import Hummingbird
import Logistics

/// Refunds: an order's (its customer or staff), and every refund for admins and agents.
struct RefundsController {
    let refunds: RefundService

    func register(to api: RouterGroup<AppRequestContext>) {
        api.get("orders/{id}/refunds") { [refunds] _, context in
            try JSONCoding.response(Page(items: try await refunds.refunds(orderId: try context.parameters.require("id"), for: try context.requireUser()),
                                         nextCursor: nil))
        }
        api.get("admin/refunds") { [refunds] request, context in
            let limit = try request.pageLimit()
            let rows = try await refunds.refunds(status: try request.queryEnum("status", as: RefundStatus.self),
                                                 beforeId: request.uri.queryParameters["cursor"].map(String.init), limit: limit + 1, by: try context.requireUser())
            return try JSONCoding.response(Page(rows: rows, limit: limit, cursor: \.id))
        }
    }
}
