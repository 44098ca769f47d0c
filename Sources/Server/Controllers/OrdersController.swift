import Foundation
import HTTPTypes
import Hummingbird
import Logistics
import Metrics

/// Customers' orders: place, read, list, cancel.
struct OrdersController {
    let orders: OrderService
    let presenter: OrderPresenter

    func register(to api: RouterGroup<AppRequestContext>) {
        api.post("orders", use: place)
        api.get("orders", use: list)
        api.get("orders/{id}", use: show)
        api.post("orders/{id}/cancel", use: cancel)
    }

    struct PlaceBody: Decodable {
        struct Line: Decodable {
            var sku: String
            var quantity: Int

            enum CodingKeys: String, CodingKey { case sku, quantity }

            /// Foundation on Linux reports `1.5` for an Int as "not valid JSON"; say what is really wrong.
            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                sku = try container.decode(String.self, forKey: .sku)
                if let whole = try? container.decode(Int.self, forKey: .quantity) {
                    quantity = whole
                } else if let number = try? container.decode(Double.self, forKey: .quantity) {
                    guard number == number.rounded(), abs(number) < 1e15 else {
                        throw DecodingError.typeMismatch(Int.self, .init(codingPath: container.codingPath + [CodingKeys.quantity], debugDescription: "a whole number"))
                    }
                    quantity = Int(number)
                } else {
                    quantity = try container.decode(Int.self, forKey: .quantity)  // rethrows the precise error
                }
            }
        }
        var lines: [Line]
        var addressId: String
        var deliveryWindow: DeliveryWindow?
    }

    @Sendable func place(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireRole([.customer])
        let key = request.headers[.idempotencyKey]
        if let key, key.isEmpty || key.count > 200 {
            throw APIError(.badRequest, code: "invalid_header", message: "Idempotency-Key must be 1 to 200 characters", details: ["field": "Idempotency-Key"])
        }
        let body = try await JSONCoding.decode(PlaceBody.self, from: request, context: context)
        let command = PlaceOrderCommand(lines: body.lines.map { .init(sku: $0.sku, quantity: $0.quantity) }, addressId: body.addressId, deliveryWindow: body.deliveryWindow)
        do {
            let (order, created) = try await orders.place(command, by: user, idempotencyKey: key)
            if created { Counter(label: "chargemall_orders_placed_total").increment() }
            var headers = HTTPFields()
            headers[.location] = "/api/v1/orders/\(order.id)"
            if !created { headers[HTTPField.Name("Idempotent-Replayed")!] = "true" }
            return try JSONCoding.response(OrderView(order, language: request.timelineLanguage), status: .created, headers: headers)
        } catch LogisticsError.insufficientStock(let sku, let requested, let available) {
            Counter(label: "chargemall_orders_refused_total", dimensions: [("reason", "insufficient_stock")]).increment()
            throw LogisticsError.insufficientStock(sku: sku, requested: requested, available: available)
        }
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        return try await page(for: user, request: request)
    }

    /// A page of orders, newest first: the customer's own, or every order for staff (the order board too).
    func page(for user: User, request: Request) async throws -> Response {
        let limit = try request.pageLimit()
        var status: OrderStatus?
        if let text = request.uri.queryParameters["status"] {
            guard let value = OrderStatus(rawValue: String(text)) else {
                throw APIError(.badRequest, code: "invalid_query", message: "unknown status \(text)", details: ["field": "status"])
            }
            status = value
        }
        let cursor = request.uri.queryParameters["cursor"].map(String.init)
        let rows = try await orders.orders(for: user, status: status, before: cursor, limit: limit + 1)
        let page = Array(rows.prefix(limit))
        return try JSONCoding.response(Page(items: try await presenter.views(page, for: request), nextCursor: rows.count > limit ? page.last?.id : nil))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let id = try context.parameters.require("id")
        return try await presenter.response(try await orders.order(id: id, for: user), for: request)
    }

    struct CancelBody: Decodable {
        var reason: String?
    }

    @Sendable func cancel(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let id = try context.parameters.require("id")
        // The body is optional here: an empty POST cancels without a reason.
        var reason: String?
        if let length = request.headers[.contentLength], length != "0" {
            reason = try await JSONCoding.decode(CancelBody.self, from: request, context: context).reason
        }
        return try JSONCoding.response(try await presenter.view(try await orders.cancel(id: id, by: user, reason: reason), for: request))
    }
}
