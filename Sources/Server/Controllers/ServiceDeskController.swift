import Foundation
import Hummingbird
import Logistics

/// The agents' desk over HTTP: service levels per queue, canned replies, and the replies filled for a conversation.
struct ServiceDeskController {
    let desk: ServiceDeskService

    func register(to api: RouterGroup<AppRequestContext>) {
        api.get("admin/service/levels") { [desk] _, context in
            try JSONCoding.response(LevelsView(businessHours: desk.hours.description, items: try await desk.levels(by: try context.requireUser())))
        }
        api.put("admin/service/levels/{category}", use: setLevel)
        api.get("admin/service/replies") { [desk] _, context in
            try JSONCoding.response(Page(items: try await desk.cannedReplies(by: try context.requireUser()), nextCursor: nil))
        }
        api.post("admin/service/replies", use: addReply)
        api.delete("admin/service/replies/{id}") { [desk] _, context -> Response in
            try await desk.deleteCannedReply(id: try context.parameters.require("id"), by: try context.requireUser())
            return Response(status: .noContent)
        }
        api.get("admin/conversations/{id}/replies") { [desk] request, context in
            try JSONCoding.response(Page(items: try await desk.filledReplies(conversationId: try context.parameters.require("id"), by: try context.requireUser(),
                                                                              language: request.timelineLanguage), nextCursor: nil))
        }
    }

    struct LevelsView: Encodable {
        var businessHours: String
        var items: [ServiceLevel]
    }

    struct LevelBody: Decodable {
        var firstResponseMinutes: Int
        var resolutionMinutes: Int
    }

    @Sendable func setLevel(_ request: Request, context: AppRequestContext) async throws -> Response {
        let name = try context.parameters.require("category")
        guard let category = ConversationCategory(rawValue: name) else { throw LogisticsError.notFound("queue \(name)") }
        let body = try await JSONCoding.decode(LevelBody.self, from: request, context: context)
        let level = ServiceLevel(category: category, firstResponseMinutes: body.firstResponseMinutes, resolutionMinutes: body.resolutionMinutes)
        return try JSONCoding.response(try await desk.setLevel(level, by: try context.requireUser()))
    }

    struct ReplyBody: Decodable {
        var title: String
        var text: String
        var category: ConversationCategory?
    }

    @Sendable func addReply(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await JSONCoding.decode(ReplyBody.self, from: request, context: context)
        let reply = try await desk.addCannedReply(title: body.title, text: body.text, category: body.category, by: try context.requireUser())
        return try JSONCoding.response(reply, status: .created)
    }
}
