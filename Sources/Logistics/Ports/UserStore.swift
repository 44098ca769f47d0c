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
    /// A refresh token of sign-in `familyId` (the family a sign-in's rotations share).
    func insertRefreshToken(hash: String, userId: String, familyId: String, expiresAt: Date) async throws
    /// Presents a refresh token: a live one is marked used (rotation); one already used is reported as reused
    /// and its whole family revoked in the same transaction.
    func useRefreshToken(hash: String, now: Date) async throws -> RefreshTokenUse
    /// Revokes the family of the token with this hash (signing out one device); how many tokens it ended.
    @discardableResult func revokeRefreshFamily(ofHash hash: String, now: Date) async throws -> Int
    /// Revokes every live refresh token of the user (signing out everywhere); how many it ended.
    @discardableResult func revokeRefreshTokens(userId: String, now: Date) async throws -> Int
}

/// What presenting a refresh token found.
public enum RefreshTokenUse: Sendable, Equatable {
    /// Live until now: it is used up, and a new token of its family may be issued.
    case fresh(userId: String, familyId: String)
    /// Used before: a stolen copy or a replay. The family has been revoked.
    case reused(userId: String, familyId: String)
    /// Unknown, expired or revoked.
    case invalid
}
