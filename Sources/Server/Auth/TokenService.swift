import Crypto
import Foundation
import Synchronization
import JWTKit
import Logistics

/// Issues and checks sessions: a short-lived signed access token (JWT, HS256) and a long-lived,
/// single-use refresh token stored only as a hash.
public struct TokenService: Sendable {
    let keys: JWTKeyCollection
    let store: any UserStore
    let accessSeconds: Double
    let refreshSeconds: Double

    /// Tokens already verified, with the user they speak for: a token is immutable, so a repeat costs a
    /// lookup instead of a trip through the key collection's actor (which every request would queue on).
    let verified = VerifiedTokens()

    public init(secret: String, store: any UserStore, accessSeconds: Double, refreshSeconds: Double) async {
        self.keys = await JWTKeyCollection().add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        self.store = store
        self.accessSeconds = accessSeconds
        self.refreshSeconds = refreshSeconds
    }

    struct AccessClaims: JWTPayload {
        var sub: SubjectClaim
        var exp: ExpirationClaim
        var iat: IssuedAtClaim
        var role: String
        var email: String
        var name: String

        func verify(using algorithm: some JWTAlgorithm) throws {
            try exp.verifyNotExpired()
        }
    }

    public struct Session: Encodable, Sendable {
        public var user: User
        public var accessToken: String
        public var refreshToken: String
        public var expiresIn: Int
    }

    public func issue(for user: User) async throws -> Session {
        let now = Date()
        let access = try await accessToken(for: user, at: now)
        let refresh = Self.randomToken()
        try await store.insertRefreshToken(hash: Self.hash(refresh), userId: user.id, expiresAt: now.addingTimeInterval(refreshSeconds))
        return Session(user: user, accessToken: access, refreshToken: refresh, expiresIn: Int(accessSeconds))
    }

    /// A signed access token alone (no refresh token); for sessions issued by `issue` and for load tests.
    public func accessToken(for user: User, at now: Date = Date()) async throws -> String {
        let claims = AccessClaims(
            sub: .init(value: user.id), exp: .init(value: now.addingTimeInterval(accessSeconds)), iat: .init(value: now),
            role: user.role.rawValue, email: user.email, name: user.name)
        return try await keys.sign(claims)
    }

    /// The user a valid access token speaks for. The role travels in the token, so no query is needed;
    /// tokens are short-lived, which bounds how long a changed role lags.
    public func user(fromAccessToken token: String) async throws -> User {
        if let user = verified.user(for: token, now: Date()) { return user }
        do {
            let claims = try await keys.verify(token, as: AccessClaims.self)
            guard let role = Role(rawValue: claims.role) else { throw LogisticsError.unauthorized("unknown role in token") }
            let user = User(id: claims.sub.value, email: claims.email, name: claims.name, phone: "", role: role, createdAt: claims.iat.value)
            verified.remember(token, user: user, expiresAt: claims.exp.value)
            return user
        } catch let error as LogisticsError {
            throw error
        } catch {
            throw LogisticsError.unauthorized("the access token is invalid or expired")
        }
    }

    /// Exchanges a refresh token for a new session; each refresh token works once (rotation).
    public func refresh(_ token: String) async throws -> Session {
        guard let userId = try await store.consumeRefreshToken(hash: Self.hash(token), now: Date()),
            let user = try await store.user(id: userId)
        else { throw LogisticsError.unauthorized("the refresh token is invalid, used or expired") }
        return try await issue(for: user)
    }

    /// Signing out: the refresh token is spent; the access token lapses on its own within minutes.
    public func revoke(_ token: String) async throws {
        _ = try await store.consumeRefreshToken(hash: Self.hash(token), now: Date())
    }

    static func randomToken() -> String {
        Hex.random(bytes: 32)
    }

    static func hash(_ token: String) -> String {
        Hex.encode(SHA256.hash(data: Data(token.utf8)))
    }
}

/// Verified access tokens until they expire; bounded, and emptied when full (a miss only costs a verify).
final class VerifiedTokens: Sendable {
    private let entries = Mutex<[String: (user: User, expiresAt: Date)]>([:])
    let capacity = 100_000

    func user(for token: String, now: Date) -> User? {
        entries.withLock { entries in
            guard let entry = entries[token] else { return nil }
            guard entry.expiresAt > now else {
                entries[token] = nil
                return nil
            }
            return entry.user
        }
    }

    func remember(_ token: String, user: User, expiresAt: Date) {
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[token] = (user, expiresAt)
        }
    }
}
