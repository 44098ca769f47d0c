import Foundation
import Hummingbird
import Logistics

/// `POST /orders/{id}/address`: a customer's self-service address change.
struct AddressChangeController {
    let changes: AddressChangeService
    let presenter: OrderPresenter

    struct Body: Decodable {
        var addressId: String
    }

    /// The outcome with the order as the API shows it (its live ETA included).
    struct View: Encodable {
        var result: AddressChangeService.Result
        var reason: AddressChangeReason?
        var message: String
        var order: OrderView?
        var conversationId: String?
    }

    func register(to api: RouterGroup<AppRequestContext>) {
        api.post("orders/{id}/address") { [changes, presenter] request, context -> Response in
            let user = try context.requireUser()
            let body = try await JSONCoding.decode(Body.self, from: request, context: context)
            let outcome = try await changes.change(orderId: try context.parameters.require("id"), addressId: body.addressId, by: user,
                                                   language: request.timelineLanguage)
            var order: OrderView?
            if let changed = outcome.order { order = try await presenter.view(changed, for: request) }
            return try JSONCoding.response(View(result: outcome.result, reason: outcome.reason, message: outcome.message, order: order,
                                                conversationId: outcome.conversationId))
        }
    }
}
