import Hummingbird
import Logistics

/// Reads `Authorization: Bearer` and puts the user in the context. A missing or bad token is no error
/// here: routes that need a user ask for it (`requireUser`), and get the reason a bad token was refused.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let tokens: TokenService

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else { return try await next(request, context) }
        var context = context
        guard header.utf8.count > 7, header.prefix(7).lowercased() == "bearer " else {
            context.authFailure = .unauthorized("use Authorization: Bearer <accessToken>")
            return try await next(request, context)
        }
        // Every request passes here: trim by hand, Foundation's trimming costs more than the token check.
        var token = header.utf8.dropFirst(7)
        while token.first == UInt8(ascii: " ") { token.removeFirst() }
        while token.last == UInt8(ascii: " ") { token.removeLast() }
        do {
            context.user = try await tokens.user(fromAccessToken: String(Substring(token)))
        } catch let error as LogisticsError {
            context.authFailure = error
        }
        return try await next(request, context)
    }
}
