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
        let user = try newAccount(email: rawEmail, password: password, name: rawName, phone: phone, role: .customer)
        try await users.insertUser(user, passwordHash: try await passwords.hash(password))
        return try await tokens.issue(for: user)
    }

    /// An admin adds a member of staff with their role (they sign in with the password given and should change it).
    func addStaff(email: String, password: String, name: String, phone: String, role: Role, by admin: User) async throws -> User {
        guard admin.role == .admin else { throw LogisticsError.forbidden("admins add staff") }
        guard role.isStaff else { throw LogisticsError.validation(field: "role", message: "a staff role; customers sign up themselves") }
        let user = try newAccount(email: email, password: password, name: name, phone: phone, role: role)
        try await users.insertUser(user, passwordHash: try await passwords.hash(password))
        return user
    }

    /// Everyone with an account, newest first (`role` filters).
    func people(role: Role?, beforeId: String?, limit: Int, by admin: User) async throws -> [User] {
        guard admin.role == .admin else { throw LogisticsError.forbidden("admins only") }
        return try await users.users(role: role, beforeId: beforeId, limit: limit)
    }

    /// Gives a member of staff another staff role. It takes effect when their session next refreshes (an access
    /// token carries its role for its 15 minutes). An admin cannot change their own role: someone must stay admin.
    func setRole(userId: String, role: Role, by admin: User) async throws -> User {
        guard admin.role == .admin else { throw LogisticsError.forbidden("admins only") }
        guard role.isStaff else { throw LogisticsError.validation(field: "role", message: "a staff role") }
        guard userId != admin.id else { throw LogisticsError.conflict(.ownRole, message: "an admin cannot change their own role; ask another admin") }
        guard var user = try await users.user(id: userId) else { throw LogisticsError.notFound("user \(userId)") }
        guard user.role.isStaff else { throw LogisticsError.conflict(.customerRole, message: "customers keep their role; staff accounts are added as staff") }
        guard try await users.setRole(userId: userId, role: role) else { throw LogisticsError.notFound("user \(userId)") }
        user.role = role
        return user
    }

    private func newAccount(email rawEmail: String, password: String, name rawName: String, phone: String, role: Role) throws -> User {
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
        return User(id: Identifier.make("usr"), email: email, name: name, phone: phone, role: role, createdAt: Date())
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

    /// Signs the user out on every device; how many sessions were live.
    func logoutEverywhere(_ user: User) async throws -> Int {
        try await tokens.revokeAll(userId: user.id)
    }

    func refresh(_ refreshToken: String) async throws -> TokenService.Session {
        try await tokens.refresh(refreshToken)
    }
}
