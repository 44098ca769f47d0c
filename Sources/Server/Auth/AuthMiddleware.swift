import Hummingbird
import Logistics

/// Reads `Authorization: Bearer` and puts the user in the context. A missing token is fine here
/// (routes that need a user ask for it); a bad one is a 401 at once.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let tokens: TokenService

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else { return try await next(request, context) }
        guard header.utf8.count > 7, header.prefix(7).lowercased() == "bearer " else {
            throw LogisticsError.unauthorized("use Authorization: Bearer <accessToken>")
        }
        var context = context
        // Every request passes here: trim by hand, Foundation's trimming costs more than the token check.
        var token = header.utf8.dropFirst(7)
        while token.first == UInt8(ascii: " ") { token.removeFirst() }
        while token.last == UInt8(ascii: " ") { token.removeLast() }
        context.user = try await tokens.user(fromAccessToken: String(Substring(token)))
        return try await next(request, context)
    }
}
