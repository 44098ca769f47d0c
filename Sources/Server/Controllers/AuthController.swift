import Foundation
import Hummingbird
import Logistics

/// Sign-up, sign-in and token refresh.
struct AuthController {
    let services: AppServices

    func register(to router: Router<AppRequestContext>) {
        router.post("/api/v1/auth/register", use: register)
        router.post("/api/v1/auth/login", use: login)
        router.post("/api/v1/auth/refresh", use: refresh)
    }

    struct RegisterBody: Decodable {
        var email: String
        var password: String
        var name: String
        var phone: String
    }

    @Sendable func register(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await JSONCoding.decode(RegisterBody.self, from: request, context: context)
        let email = body.email.trimmingCharacters(in: .whitespaces).lowercased()
        // Counted in code points, as the OpenAPI document's limits are.
        let at = email.unicodeScalars.split(separator: "@", omittingEmptySubsequences: false)
        guard email.unicodeScalars.count <= 254, at.count == 2, !at[0].isEmpty, at[1].contains(".") else {
            throw LogisticsError.validation(field: "email", message: "a valid e-mail address")
        }
        guard (8...128).contains(body.password.unicodeScalars.count) else { throw LogisticsError.validation(field: "password", message: "8 to 128 characters") }
        let name = body.name.trimmingCharacters(in: .whitespaces)
        guard (1...60).contains(name.count) else { throw LogisticsError.validation(field: "name", message: "1 to 60 characters") }
        let digits = body.phone.filter(\.isNumber)
        guard (6...20).contains(digits.count), body.phone.count <= 24 else { throw LogisticsError.validation(field: "phone", message: "6 to 20 digits") }
        let user = User(id: Identifier.make("usr"), email: email, name: name, phone: body.phone, role: .customer, createdAt: Date())
        try await services.store.insertUser(user, passwordHash: try await services.passwords.hash(body.password))
        return try JSONCoding.response(try await services.tokens.issue(for: user), status: .created)
    }

    struct LoginBody: Decodable {
        var email: String
        var password: String
    }

    @Sendable func login(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await JSONCoding.decode(LoginBody.self, from: request, context: context)
        let email = body.email.trimmingCharacters(in: .whitespaces).lowercased()
        let peer = context.remoteAddress?.ipAddress ?? "local"
        try await services.throttle.check(email: email, peer: peer)
        guard let credentials = try await services.store.credentials(email: email),
            try await services.passwords.verify(body.password, hash: credentials.passwordHash)
        else {
            await services.throttle.recordFailure(email: email, peer: peer)
            throw LogisticsError.unauthorized("wrong e-mail or password")
        }
        await services.throttle.recordSuccess(email: email)
        return try JSONCoding.response(try await services.tokens.issue(for: credentials.user))
    }

    struct RefreshBody: Decodable {
        var refreshToken: String
    }

    @Sendable func refresh(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await JSONCoding.decode(RefreshBody.self, from: request, context: context)
        return try JSONCoding.response(try await services.tokens.refresh(body.refreshToken))
    }
}
