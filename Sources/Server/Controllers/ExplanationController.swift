import Foundation
import Hummingbird
import Logistics

/// "Where is my order": status, ETA, stops before yours, the reason for a delay and what happens next.
struct ExplanationController {
    let explanations: OrderExplanationService

    func register(to api: RouterGroup<AppRequestContext>) {
        api.get("orders/{id}/explanation") { request, context in
            let user = try context.requireUser()
            return try JSONCoding.response(try await explanations.explain(orderId: try context.parameters.require("id"), for: user,
                                                                          in: request.timelineLanguage))
        }
    }
}
