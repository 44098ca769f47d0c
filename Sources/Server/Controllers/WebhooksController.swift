import Foundation
import Hummingbird
import Logistics

/// Admin: webhook subscriptions of merchant systems, and the delivery queue with its dead letters.
struct WebhooksController {
    let webhooks: WebhookService

    func register(to api: RouterGroup<AppRequestContext>) {
        api.post("admin/webhooks", use: create)
        api.get("admin/webhooks", use: list)
        api.delete("admin/webhooks/{id}", use: remove)
        api.get("admin/deliveries", use: deliveries)
        api.post("admin/deliveries/{id}/retry", use: retry)
    }

    struct CreateBody: Decodable {
        var name: String
        var url: String
        var topics: [WebhookTopic]?
    }

    /// A subscription as listed: without its secret, which is shown once, on creation.
    struct SubscriptionView: Encodable {
        var id: String
        var name: String
        var url: String
        var active: Bool
        var createdAt: Date
        var topics: [WebhookTopic]
        var secret: String?

        init(_ subscription: WebhookSubscription, showSecret: Bool) {
            id = subscription.id
            name = subscription.name
            url = subscription.url
            active = subscription.active
            createdAt = subscription.createdAt
            topics = WebhookTopic.allCases.filter(subscription.topics.contains)
            secret = showSecret ? subscription.secret : nil
        }
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let body = try await JSONCoding.decode(CreateBody.self, from: request, context: context)
        let subscription = try await webhooks.subscribe(name: body.name, url: body.url, topics: body.topics.map(Set.init), by: user)
        return try JSONCoding.response(SubscriptionView(subscription, showSecret: true), status: .created)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let all = try await webhooks.subscriptions(by: try context.requireUser()).map { SubscriptionView($0, showSecret: false) }
        return try JSONCoding.response(Page(items: all, nextCursor: nil))
    }

    @Sendable func remove(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await webhooks.unsubscribe(id: try context.parameters.require("id"), by: try context.requireUser())
        return Response(status: .noContent)
    }

    /// Newest first; `?status=dead` is the dead-letter list.
    @Sendable func deliveries(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let query = request.uri.queryParameters
        let limit = try request.pageLimit()
        var status: DeliveryStatus?
        if let text = query["status"] {
            guard let value = DeliveryStatus(rawValue: String(text)) else {
                throw APIError(.badRequest, code: "invalid_query", message: "status is one of \(DeliveryStatus.allCases.map(\.rawValue).joined(separator: ", "))", details: ["field": "status"])
            }
            status = value
        }
        var topic: WebhookTopic?
        if let text = query["topic"] {
            guard let value = WebhookTopic(rawValue: String(text)) else {
                throw APIError(.badRequest, code: "invalid_query", message: "topic is one of \(WebhookTopic.allCases.map(\.rawValue).joined(separator: ", "))", details: ["field": "topic"])
            }
            topic = value
        }
        var before: Int64?
        if let text = query["cursor"] {
            guard let value = Int64(String(text)) else { throw APIError(.badRequest, code: "invalid_query", message: "cursor must be a delivery id", details: ["field": "cursor"]) }
            before = value
        }
        let rows = try await webhooks.deliveries(status: status, topic: topic, target: query["target"].map(String.init), orderId: query["orderId"].map(String.init),
                                                 beforeId: before, limit: limit + 1, by: user)
        let page = Array(rows.prefix(limit))
        return try JSONCoding.response(Page(items: page, nextCursor: rows.count > limit ? page.last.map { String($0.id) } : nil))
    }

    @Sendable func retry(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        guard let id = Int64(try context.parameters.require("id")) else { throw LogisticsError.notFound("delivery") }
        return try JSONCoding.response(try await webhooks.retry(id: id, by: user))
    }
}
