import Foundation
import Logistics

/// Accounts: sign-up with its rules, sign-in behind the throttle, refresh-token rotation. The controller
/// only decodes and encodes; users are reached through their port only.
public struct AccountService: Sendable {
    let users: any UserStore
    let passwords: PasswordHasher
    let tokens: TokenService
    let throttle: LoginThrottle

    /// Creates a customer account and signs it in. Lengths count code points, as the OpenAPI document's do.
    func register(email rawEmail: String, password: String, name rawName: String, phone: String) async throws -> TokenService.Session {
        let email = rawEmail.trimmingCharacters(in: .whitespaces).lowercased()
        let at = email.unicodeScalars.split(separator: "@", omittingEmptySubsequences: false)
        guard email.unicodeScalars.count <= 254, at.count == 2, !at[0].isEmpty, at[1].contains(".") else {
            throw LogisticsError.validation(field: "email", message: "a valid e-mail address")
        }
        guard (8...128).contains(password.unicodeScalars.count) else { throw LogisticsError.validation(field: "password", message: "8 to 128 characters") }
        let name = rawName.trimmingCharacters(in: .whitespaces)
        guard (1...60).contains(name.count) else { throw LogisticsError.validation(field: "name", message: "1 to 60 characters") }
        let digits = phone.filter(\.isNumber)
        guard (6...20).contains(digits.count), phone.count <= 24 else { throw LogisticsError.validation(field: "phone", message: "6 to 20 digits") }
        let user = User(id: Identifier.make("usr"), email: email, name: name, phone: phone, role: .customer, createdAt: Date())
        try await users.insertUser(user, passwordHash: try await passwords.hash(password))
        return try await tokens.issue(for: user)
    }

    /// Signs in; repeated failures from one address or for one account are throttled (429).
    func login(email rawEmail: String, password: String, peer: String) async throws -> TokenService.Session {
        let email = rawEmail.trimmingCharacters(in: .whitespaces).lowercased()
        try await throttle.check(email: email, peer: peer)
        guard let credentials = try await users.credentials(email: email), try await passwords.verify(password, hash: credentials.passwordHash) else {
            await throttle.recordFailure(email: email, peer: peer)
            throw LogisticsError.unauthorized("wrong e-mail or password")
        }
        await throttle.recordSuccess(email: email)
        return try await tokens.issue(for: credentials.user)
    }

    func logout(_ refreshToken: String) async throws {
        try await tokens.revoke(refreshToken)
    }

    func refresh(_ refreshToken: String) async throws -> TokenService.Session {
        try await tokens.refresh(refreshToken)
    }
}
