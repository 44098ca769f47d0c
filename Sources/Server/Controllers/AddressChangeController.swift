import Foundation
import Hummingbird
import Logistics

/// `POST /orders/{id}/address-change`: a customer's self-service address change (or an agent's for them).
struct AddressChangeController {
    let changes: AddressChangeService
    let presenter: OrderPresenter

    struct Body: Decodable {
        var addressId: String
    }

    func register(to api: RouterGroup<AppRequestContext>) {
        api.post("orders/{id}/address-change") { [changes, presenter] request, context -> Response in
            let body = try await JSONCoding.decode(Body.self, from: request, context: context)
            let order = try await changes.change(orderId: try context.parameters.require("id"), addressId: body.addressId, by: try context.requireUser(),
                                                 language: request.timelineLanguage)
            return try JSONCoding.response(try await presenter.view(order, for: request))
        }
    }
}
