import Foundation
import Hummingbird
import Logistics

/// Installation slots of an order: the ones offered, and booking (or moving) one.
struct AppointmentsController {
    let appointments: AppointmentService
    let presenter: OrderPresenter

    struct Body: Decodable {
        var start: Date
    }

    func register(to api: RouterGroup<AppRequestContext>) {
        api.get("orders/{id}/installation-slots") { [appointments] _, context in
            try JSONCoding.response(Page(items: try await appointments.slots(orderId: try context.parameters.require("id"), for: try context.requireUser()),
                                         nextCursor: nil))
        }
        api.put("orders/{id}/installation") { [appointments, presenter] request, context in
            let body = try await JSONCoding.decode(Body.self, from: request, context: context)
            let order = try await appointments.book(orderId: try context.parameters.require("id"), start: body.start, by: try context.requireUser())
            return try JSONCoding.response(try await presenter.view(order, for: request))
        }
    }
}
