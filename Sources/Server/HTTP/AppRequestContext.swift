import Hummingbird
import Logistics
import NIOCore

/// Per-request state: the signed-in user, if any, and the peer address for rate limiting.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var user: User?
    /// Why the request's bearer token was refused, if it was: the 401 that `requireUser` gives. Routes open
    /// to anyone ignore a bad token, so a stale one in a client never breaks the catalogue or health checks.
    public var authFailure: LogisticsError?
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.user = nil
        self.authFailure = nil
        self.remoteAddress = source.channel.remoteAddress
    }

    /// Bodies above this are refused with 413 before they are read whole.
    public var maxUploadSize: Int { 1 << 20 }

    /// The signed-in user, or 401.
    public func requireUser() throws(LogisticsError) -> User {
        guard let user else { throw authFailure ?? .unauthorized("sign in first: send Authorization: Bearer <accessToken>") }
        return user
    }

    public func requireRole(_ roles: Set<Role>) throws(LogisticsError) -> User {
        let user = try requireUser()
        guard roles.contains(user.role) else { throw .forbidden("this needs one of the roles: \(roles.map(\.rawValue).sorted().joined(separator: ", "))") }
        return user
    }
}
