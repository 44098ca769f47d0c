import Foundation

/// An account: a customer or a member of staff.
public struct User: Codable, Equatable, Sendable {
    public var id: String
    public var email: String
    public var name: String
    public var phone: String
    public var role: Role
    public var createdAt: Date

    public init(id: String, email: String, name: String, phone: String, role: Role, createdAt: Date) {
        self.id = id
        self.email = email
        self.name = name
        self.phone = phone
        self.role = role
        self.createdAt = createdAt
    }
}

/// A user together with the stored password hash; never sent to a client.
public struct UserCredentials: Sendable {
    public var user: User
    public var passwordHash: String

    public init(user: User, passwordHash: String) {
        self.user = user
        self.passwordHash = passwordHash
    }
}
