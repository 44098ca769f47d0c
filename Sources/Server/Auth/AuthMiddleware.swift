import Hummingbird
import Logistics

/// Reads `Authorization: Bearer` and puts the user in the context. A missing token is fine here
/// (routes that need a user ask for it); a bad one is a 401 at once.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let tokens: TokenService

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else { return try await next(request, context) }
        guard header.lowercased().hasPrefix("bearer ") else { throw LogisticsError.unauthorized("use Authorization: Bearer <accessToken>") }
        var context = context
        context.user = try await tokens.user(fromAccessToken: String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces))
        return try await next(request, context)
    }
}
