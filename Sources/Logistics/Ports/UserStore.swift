import Foundation

/// Accounts and their refresh tokens.
public protocol UserStore: Sendable {
    /// Throws `conflict(.emailTaken)` when the e-mail is already registered.
    func insertUser(_ user: User, passwordHash: String) async throws
    func credentials(email: String) async throws -> UserCredentials?
    func user(id: String) async throws -> User?
    func countUsers(emailSuffix: String) async throws -> Int
    /// Newest first by id; `role` filters, `beforeId` pages.
    func users(role: Role?, beforeId: String?, limit: Int) async throws -> [User]
    /// False when no such user.
    func setRole(userId: String, role: Role) async throws -> Bool
    func insertRefreshToken(hash: String, userId: String, expiresAt: Date) async throws
    /// Marks the token used and returns its user, or nil if unknown, used or expired (rotation).
    func consumeRefreshToken(hash: String, now: Date) async throws -> String?
}
