import Foundation
import Hummingbird
import Logistics

/// Customer service over HTTP: customers' conversations and messages, the agents' inbox.
struct ConversationsController {
    let support: SupportService

    func register(to api: RouterGroup<AppRequestContext>) {
        api.post("conversations", use: open)
        api.get("conversations", use: mine)
        api.get("conversations/{id}", use: show)
        api.post("conversations/{id}/messages", use: post)
        api.post("conversations/{id}/attachments", use: postPhoto)
        api.get("conversations/{id}/attachments/{attachmentId}", use: photo)
        api.post("conversations/{id}/rating", use: rate)
        api.get("admin/conversations", use: inbox)
        api.post("admin/conversations/{id}/assign", use: assign)
        api.post("admin/conversations/{id}/solve", use: solve)
        api.get("admin/service/metrics") { [support] request, context in
            try JSONCoding.response(try await support.metrics(from: try request.queryDay("from"), to: try request.queryDay("to"), by: try context.requireUser()))
        }
    }

    struct OpenBody: Decodable {
        var orderId: String?
        var category: ConversationCategory
        var text: String
    }

    @Sendable func open(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let body = try await JSONCoding.decode(OpenBody.self, from: request, context: context)
        let conversation = try await support.open(orderId: body.orderId, category: body.category, text: body.text, by: user, language: request.timelineLanguage)
        AppMetrics.conversationOpened(category: conversation.category, messages: conversation.messages)
        var response = try JSONCoding.response(conversation, status: .created)
        response.headers[.location] = "/api/v1/conversations/\(conversation.id)"
        return response
    }

    @Sendable func mine(_ request: Request, context: AppRequestContext) async throws -> Response {
        let limit = try request.pageLimit()
        let rows = try await support.mine(by: try context.requireUser(), beforeId: request.uri.queryParameters["cursor"].map(String.init), limit: limit + 1)
        return try JSONCoding.response(Page(rows: rows, limit: limit, cursor: \.id))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONCoding.response(try await support.conversation(id: try context.parameters.require("id"), for: try context.requireUser()))
    }

    struct MessageBody: Decodable {
        var text: String
        var `internal`: Bool?
    }

    /// 201 with the message and, when the bot answered, its reply.
    @Sendable func post(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let body = try await JSONCoding.decode(MessageBody.self, from: request, context: context)
        let messages = try await support.post(conversationId: try context.parameters.require("id"), text: body.text, internal: body.internal ?? false,
                                              by: user, language: request.timelineLanguage)
        AppMetrics.chatMessages(messages)
        return try JSONCoding.response(Page(items: messages, nextCursor: nil), status: .created)
    }

    /// 201 with the photo's message; its bytes are the request body.
    @Sendable func postPhoto(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let data = try await PhotoBody.read(request, limit: PhotoAttachment.maximumBytes)
        let messages = try await support.postPhoto(conversationId: try context.parameters.require("id"), data: data, by: user, language: request.timelineLanguage)
        AppMetrics.chatMessages(messages)
        return try JSONCoding.response(Page(items: messages, nextCursor: nil), status: .created)
    }

    @Sendable func photo(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (attachment, data) = try await support.attachment(id: try context.parameters.require("attachmentId"),
                                                              conversationId: try context.parameters.require("id"), for: try context.requireUser())
        return PhotoBody.response(id: attachment.id, format: attachment.format, data: data)
    }

    struct RatingBody: Decodable {
        var score: Int
        var comment: String?
    }

    @Sendable func rate(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await JSONCoding.decode(RatingBody.self, from: request, context: context)
        return try JSONCoding.response(try await support.rate(conversationId: try context.parameters.require("id"), score: body.score, comment: body.comment,
                                                              by: try context.requireUser()))
    }

    @Sendable func inbox(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        let limit = try request.pageLimit()
        let rows = try await support.inbox(state: try request.queryEnum("state", as: ConversationState.self),
                                           category: try request.queryEnum("category", as: ConversationCategory.self),
                                           assigneeId: query["assigneeId"].map(String.init), beforeId: query["cursor"].map(String.init), limit: limit + 1,
                                           by: try context.requireUser())
        return try JSONCoding.response(Page(rows: rows, limit: limit, cursor: \.id))
    }

    struct AssignBody: Decodable {
        var agentId: String?
    }

    @Sendable func assign(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = request.headers[.contentType] == nil ? AssignBody() : try await JSONCoding.decode(AssignBody.self, from: request, context: context)
        return try JSONCoding.response(try await support.assign(conversationId: try context.parameters.require("id"), to: body.agentId, by: try context.requireUser()))
    }

    @Sendable func solve(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONCoding.response(try await support.solve(conversationId: try context.parameters.require("id"), by: try context.requireUser(),
                                                                   language: request.timelineLanguage))
    }
}
