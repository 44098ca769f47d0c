import Foundation
import Hummingbird
import Logistics

/// Admin: webhook subscriptions of merchant systems, and the delivery queue with its dead letters.
struct WebhooksController {
    let services: AppServices

    func register(to router: Router<AppRequestContext>) {
        router.post("/api/v1/admin/webhooks", use: create)
        router.get("/api/v1/admin/webhooks", use: list)
        router.delete("/api/v1/admin/webhooks/{id}", use: remove)
        router.get("/api/v1/admin/deliveries", use: deliveries)
        router.post("/api/v1/admin/deliveries/{id}/retry", use: retry)
    }

    struct CreateBody: Decodable {
        var name: String
        var url: String
    }

    /// A subscription as listed: without its secret, which is shown once, on creation.
    struct SubscriptionView: Encodable {
        var id: String
        var name: String
        var url: String
        var active: Bool
        var createdAt: Date
        var secret: String?

        init(_ subscription: WebhookSubscription, showSecret: Bool) {
            id = subscription.id
            name = subscription.name
            url = subscription.url
            active = subscription.active
            createdAt = subscription.createdAt
            secret = showSecret ? subscription.secret : nil
        }
    }

    func requireAdmin(_ context: AppRequestContext) throws {
        guard try context.requireUser().role == .admin else { throw LogisticsError.forbidden("only an admin may manage webhooks") }
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        try requireAdmin(context)
        let body = try await JSONCoding.decode(CreateBody.self, from: request, context: context)
        let name = body.name.trimmingCharacters(in: .whitespaces)
        guard (1...100).contains(name.count) else { throw LogisticsError.validation(field: "name", message: "1 to 100 characters") }
        guard body.url.count <= 500, let url = URL(string: body.url), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = url.host, !host.isEmpty
        else { throw LogisticsError.validation(field: "url", message: "an absolute http or https URL of at most 500 characters") }
        let subscription = WebhookSubscription(id: Identifier.make("whk"), name: name, url: body.url, secret: "whsec_" + Hex.random(bytes: 32), active: true, createdAt: Date())
        try await services.deliveries.insertSubscription(subscription)
        return try JSONCoding.response(SubscriptionView(subscription, showSecret: true), status: .created)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        try requireAdmin(context)
        let all = try await services.deliveries.subscriptions().map { SubscriptionView($0, showSecret: false) }
        return try JSONCoding.response(Page(items: all, nextCursor: nil))
    }

    @Sendable func remove(_ request: Request, context: AppRequestContext) async throws -> Response {
        try requireAdmin(context)
        let id = try context.parameters.require("id")
        guard try await services.deliveries.deactivateSubscription(id: id) else { throw LogisticsError.notFound("webhook \(id)") }
        return Response(status: .noContent)
    }

    /// Newest first; `?status=dead` is the dead-letter list.
    @Sendable func deliveries(_ request: Request, context: AppRequestContext) async throws -> Response {
        try requireAdmin(context)
        let query = request.uri.queryParameters
        let limit = try request.pageLimit()
        var status: DeliveryStatus?
        if let text = query["status"] {
            guard let value = DeliveryStatus(rawValue: String(text)) else {
                throw APIError(.badRequest, code: "invalid_query", message: "status is one of \(DeliveryStatus.allCases.map(\.rawValue).joined(separator: ", "))", details: ["field": "status"])
            }
            status = value
        }
        var before: Int64?
        if let text = query["cursor"] {
            guard let value = Int64(String(text)) else { throw APIError(.badRequest, code: "invalid_query", message: "cursor must be a delivery id", details: ["field": "cursor"]) }
            before = value
        }
        let rows = try await services.deliveries.deliveries(status: status, target: query["target"].map(String.init), orderId: query["orderId"].map(String.init),
                                                           beforeId: before, limit: limit + 1)
        let page = Array(rows.prefix(limit))
        return try JSONCoding.response(Page(items: page, nextCursor: rows.count > limit ? page.last.map { String($0.id) } : nil))
    }

    /// Sends a dead delivery again, from a fresh count of attempts.
    @Sendable func retry(_ request: Request, context: AppRequestContext) async throws -> Response {
        try requireAdmin(context)
        guard let id = Int64(try context.parameters.require("id")) else { throw LogisticsError.notFound("delivery") }
        guard try await services.deliveries.retryDelivery(id: id, now: Date()) else {
            if try await services.deliveries.delivery(id: id) != nil { throw LogisticsError.conflict(.deliveryNotDead, message: "only a dead delivery can be sent again") }
            throw LogisticsError.notFound("delivery \(id)")
        }
        services.deliveriesQueued.signal()
        return try JSONCoding.response(try await services.deliveries.delivery(id: id))
    }
}
