import Foundation
import Hummingbird
import Logistics

/// Sign-up, sign-in and token refresh.
struct AuthController {
    let accounts: AccountService

    func register(to api: RouterGroup<AppRequestContext>) {
        api.post("auth/register", use: register)
        api.post("auth/login", use: login)
        api.post("auth/refresh", use: refresh)
        api.post("auth/logout", use: logout)
        api.post("auth/logout-all", use: logoutAll)
    }

    struct RegisterBody: Decodable {
        var email: String
        var password: String
        var name: String
        var phone: String
    }

    @Sendable func register(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await JSONCoding.decode(RegisterBody.self, from: request, context: context)
        let session = try await accounts.register(email: body.email, password: body.password, name: body.name, phone: body.phone)
        return try JSONCoding.response(session, status: .created)
    }

    struct LoginBody: Decodable {
        var email: String
        var password: String
    }

    @Sendable func login(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await JSONCoding.decode(LoginBody.self, from: request, context: context)
        let peer = context.remoteAddress?.ipAddress ?? "local"
        return try JSONCoding.response(try await accounts.login(email: body.email, password: body.password, peer: peer))
    }

    struct RefreshBody: Decodable {
        var refreshToken: String
    }

    @Sendable func refresh(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await JSONCoding.decode(RefreshBody.self, from: request, context: context)
        return try JSONCoding.response(try await accounts.refresh(body.refreshToken))
    }

    /// The same answer for a live, used or unknown token: signing out tells nothing about the token.
    @Sendable func logout(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await JSONCoding.decode(RefreshBody.self, from: request, context: context)
        try await accounts.logout(body.refreshToken)
        return Response(status: .noContent)
    }

    struct SignedOut: Encodable {
        var sessionsEnded: Int
    }

    /// Every session of the signed-in user ends (a lost phone, a changed password); access tokens already
    /// issued lapse within their lifetime.
    @Sendable func logoutAll(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        return try JSONCoding.response(SignedOut(sessionsEnded: try await accounts.logoutEverywhere(user)))
    }
}
