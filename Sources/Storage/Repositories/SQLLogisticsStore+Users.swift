import Foundation
import Logistics
import SQLKit

extension SQLLogisticsStore {
    public func insertUser(_ user: User, passwordHash: String) async throws {
        do {
            try await client.transaction { db in
                let existing = try await db.raw("SELECT id FROM users WHERE email = \(bind: user.email)").first()
                guard existing == nil else { throw LogisticsError.conflict(.emailTaken, message: "an account with this e-mail exists") }
                try await db.raw("""
                    INSERT INTO users (id, email, password_hash, name, phone, role, created_at) VALUES (\(bind: user.id), \(bind: user.email),
                      \(bind: passwordHash), \(bind: user.name), \(bind: user.phone), \(bind: user.role.rawValue), \(bind: Millis.from(user.createdAt)))
                    """).run()
            }
        } catch let error where StorageErrors.isUniqueViolation(error) {
            throw LogisticsError.conflict(.emailTaken, message: "an account with this e-mail exists")
        }
    }

    public func credentials(email: String) async throws -> UserCredentials? {
        try await client.read { db in
            guard let row = try await db.raw("SELECT * FROM users WHERE email = \(bind: email)").first() else { return nil }
            return UserCredentials(user: try Self.user(from: row), passwordHash: try row.decode(column: "password_hash", as: String.self))
        }
    }

    public func user(id: String) async throws -> User? {
        try await client.read { db in
            try await db.raw("SELECT * FROM users WHERE id = \(bind: id)").first().map(Self.user(from:))
        }
    }

    public func countUsers(emailSuffix: String) async throws -> Int {
        try await client.read { db in
            let row = try await db.raw("SELECT COUNT(*) AS n FROM users WHERE email LIKE \(bind: "%" + emailSuffix)").first()
            return try row?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    public func users(role: Role?, beforeId: String?, limit: Int) async throws -> [User] {
        try await client.read { db in
            try await db.raw(Self.newestFirst(from: "users", where: [("role", role?.rawValue)], before: beforeId, limit: limit)).all().map(Self.user(from:))
        }
    }

    public func setRole(userId: String, role: Role) async throws -> Bool {
        try await client.transaction { db in
            try await db.raw("UPDATE users SET role = \(bind: role.rawValue) WHERE id = \(bind: userId) RETURNING id").first() != nil
        }
    }

    public func insertRefreshToken(hash: String, userId: String, familyId: String, expiresAt: Date) async throws {
        try await client.transaction { db in
            try await db.raw("""
                INSERT INTO refresh_tokens (token_hash, user_id, family_id, expires_at)
                VALUES (\(bind: hash), \(bind: userId), \(bind: familyId), \(bind: Millis.from(expiresAt)))
                """).run()
        }
    }

    public func useRefreshToken(hash: String, now: Date) async throws -> RefreshTokenUse {
        let at = Millis.from(now)
        return try await client.transaction { db in
            if let row = try await db.raw("""
                UPDATE refresh_tokens SET used_at = \(bind: at)
                WHERE token_hash = \(bind: hash) AND used_at IS NULL AND revoked_at IS NULL AND expires_at > \(bind: at)
                RETURNING user_id, COALESCE(family_id, token_hash) AS family
                """).first() {
                return .fresh(userId: try row.decode(column: "user_id", as: String.self), familyId: try row.decode(column: "family", as: String.self))
            }
            guard let row = try await db.raw("""
                SELECT user_id, COALESCE(family_id, token_hash) AS family, used_at FROM refresh_tokens WHERE token_hash = \(bind: hash)
                """).first(), try row.decode(column: "used_at", as: Int?.self) != nil else { return .invalid }
            let userId = try row.decode(column: "user_id", as: String.self), family = try row.decode(column: "family", as: String.self)
            try await Self.revokeFamily(family, at: at, in: db)
            return .reused(userId: userId, familyId: family)
        }
    }

    public func revokeRefreshFamily(ofHash hash: String, now: Date) async throws -> Int {
        try await client.transaction { db in
            guard let family = try await db.raw("SELECT COALESCE(family_id, token_hash) AS family FROM refresh_tokens WHERE token_hash = \(bind: hash)")
                .first()?.decode(column: "family", as: String.self) else { return 0 }
            return try await Self.revokeFamily(family, at: Millis.from(now), in: db)
        }
    }

    public func revokeRefreshTokens(userId: String, now: Date) async throws -> Int {
        try await client.transaction { db in
            try await db.raw("""
                UPDATE refresh_tokens SET revoked_at = \(bind: Millis.from(now))
                WHERE user_id = \(bind: userId) AND revoked_at IS NULL AND used_at IS NULL RETURNING token_hash
                """).all().count
        }
    }

    /// Ends every live token of a family (a token from before families is its own family).
    @discardableResult
    private static func revokeFamily(_ family: String, at millis: Int, in db: any SQLDatabase) async throws -> Int {
        try await db.raw("""
            UPDATE refresh_tokens SET revoked_at = \(bind: millis)
            WHERE (family_id = \(bind: family) OR (family_id IS NULL AND token_hash = \(bind: family))) AND revoked_at IS NULL AND used_at IS NULL
            RETURNING token_hash
            """).all().count
    }

    // MARK: Addresses

    public func insertAddress(_ address: Address) async throws {
        try await client.transaction { db in
            try await db.raw("""
                INSERT INTO addresses (id, customer_id, recipient, phone, region, detail, latitude, longitude, created_at)
                VALUES (\(bind: address.id), \(bind: address.customerId), \(bind: address.recipient), \(bind: address.phone), \(bind: address.region),
                  \(bind: address.detail), \(bind: address.latitude), \(bind: address.longitude), \(bind: Millis.from(Date())))
                """).run()
        }
    }

    public func addresses(customerId: String) async throws -> [Address] {
        try await client.read { db in
            try await db.raw("SELECT * FROM addresses WHERE customer_id = \(bind: customerId) ORDER BY id").all().map(Self.address(from:))
        }
    }

    public func address(id: String) async throws -> Address? {
        try await client.read { db in
            try await db.raw("SELECT * FROM addresses WHERE id = \(bind: id)").first().map(Self.address(from:))
        }
    }

    static func user(from row: any SQLRow) throws -> User {
        User(
            id: try row.decode(column: "id", as: String.self), email: try row.decode(column: "email", as: String.self),
            name: try row.decode(column: "name", as: String.self), phone: try row.decode(column: "phone", as: String.self),
            role: Role(rawValue: try row.decode(column: "role", as: String.self)) ?? .customer,
            createdAt: Millis.date(try row.decode(column: "created_at", as: Int.self)))
    }

    static func address(from row: any SQLRow) throws -> Address {
        Address(
            id: try row.decode(column: "id", as: String.self), customerId: try row.decode(column: "customer_id", as: String.self),
            recipient: try row.decode(column: "recipient", as: String.self), phone: try row.decode(column: "phone", as: String.self),
            region: try row.decode(column: "region", as: String.self), detail: try row.decode(column: "detail", as: String.self),
            latitude: try row.decode(column: "latitude", as: Double.self), longitude: try row.decode(column: "longitude", as: Double.self))
    }
}
