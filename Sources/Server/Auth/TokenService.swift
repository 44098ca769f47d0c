import Crypto
import Foundation
import Synchronization
import JWTKit
import Logistics

/// Issues and checks sessions: a short-lived signed access token (JWT, HS256) and a long-lived,
/// single-use refresh token stored only as a hash.
///
/// Keys rotate without signing anyone out: tokens carry the `kid` of the key that signed them (a digest of
/// the secret, never the secret); new tokens are signed with the current secret, and tokens signed with a
/// previous one (`previousSecrets`) stay valid until they expire. A sign-in's refresh tokens form a family:
/// signing out ends it, and a refresh token presented a second time ends it too (RFC 9700 §4.14.2: one of
/// the two presenters stole it, and the server cannot tell which).
public struct TokenService: Sendable {
    let keys: JWTKeyCollection
    /// The `kid` new access tokens are signed with.
    let currentKid: String
    let store: any UserStore
    let accessSeconds: Double
    let refreshSeconds: Double

    /// Tokens already verified, with the user they speak for: a token is immutable, so a repeat costs a
    /// lookup instead of a trip through the key collection's actor (which every request would queue on).
    let verified = VerifiedTokens()

    public init(secret: String, previousSecrets: [String] = [], store: any UserStore, accessSeconds: Double, refreshSeconds: Double) async {
        // The current key is added first: it is also the default, which verifies tokens from before key ids.
        let keys = JWTKeyCollection()
        currentKid = Self.kid(of: secret)
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256, kid: JWKIdentifier(string: currentKid))
        for previous in previousSecrets where Self.kid(of: previous) != currentKid {
            await keys.add(hmac: HMACKey(from: previous), digestAlgorithm: .sha256, kid: JWKIdentifier(string: Self.kid(of: previous)))
        }
        self.keys = keys
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

    /// A new session; `family` continues a sign-in's family on refresh (nil: a new sign-in).
    public func issue(for user: User, family: String? = nil) async throws -> Session {
        let now = Date()
        let access = try await accessToken(for: user, at: now)
        let refresh = Self.randomToken()
        try await store.insertRefreshToken(hash: Self.hash(refresh), userId: user.id, familyId: family ?? "fam_" + Hex.random(bytes: 12),
                                           expiresAt: now.addingTimeInterval(refreshSeconds))
        return Session(user: user, accessToken: access, refreshToken: refresh, expiresIn: Int(accessSeconds))
    }

    /// A signed access token alone (no refresh token); for sessions issued by `issue` and for load tests.
    public func accessToken(for user: User, at now: Date = Date()) async throws -> String {
        let claims = AccessClaims(
            sub: .init(value: user.id), exp: .init(value: now.addingTimeInterval(accessSeconds)), iat: .init(value: now),
            role: user.role.rawValue, email: user.email, name: user.name)
        return try await keys.sign(claims, kid: JWKIdentifier(string: currentKid))
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

    /// Exchanges a refresh token for a new session of the same sign-in; each refresh token works once
    /// (rotation), and one presented again signs that sign-in out everywhere it was used.
    public func refresh(_ token: String) async throws -> Session {
        switch try await store.useRefreshToken(hash: Self.hash(token), now: Date()) {
        case .fresh(let userId, let family):
            guard let user = try await store.user(id: userId) else { throw LogisticsError.unauthorized("the refresh token is invalid, used or expired") }
            return try await issue(for: user, family: family)
        case .reused:
            throw LogisticsError.unauthorized("the refresh token was already used: that sign-in has been ended on every device; sign in again")
        case .invalid:
            throw LogisticsError.unauthorized("the refresh token is invalid, used or expired")
        }
    }

    /// Signing out one device: its sign-in's refresh tokens stop working; the access token lapses on its
    /// own within minutes.
    public func revoke(_ token: String) async throws {
        try await store.revokeRefreshFamily(ofHash: Self.hash(token), now: Date())
    }

    /// Signing out everywhere: every refresh token of the user stops working. Returns how many were live.
    public func revokeAll(userId: String) async throws -> Int {
        try await store.revokeRefreshTokens(userId: userId, now: Date())
    }

    /// A key's public name: a digest of the secret (the secret itself never leaves the server).
    static func kid(of secret: String) -> String {
        "k" + String(hash(secret).prefix(12))
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
