import Foundation

/// One change a member of staff made through the API: who, when, which operation on which resource, how it
/// ended, and what they sent (secrets blanked). Recorded for every successful change by anyone but a
/// customer, so an admin can answer "who cancelled this order?" or "who changed this van's battery?".
public struct AuditEntry: Codable, Sendable, Equatable {
    public var id: String
    public var at: Date
    public var actorId: String
    public var actorRole: Role
    public var method: String
    /// The path as called (it names the resource: `/api/v1/admin/orders/ord_…/transitions`).
    public var path: String
    /// The operation's template and its summary from the API document.
    public var route: String
    public var action: String
    public var status: Int
    /// The JSON body sent, passwords, secrets and tokens blanked; nil when there was none.
    public var detail: String?

    public init(id: String, at: Date, actorId: String, actorRole: Role, method: String, path: String, route: String, action: String,
                status: Int, detail: String?) {
        self.id = id
        self.at = at
        self.actorId = actorId
        self.actorRole = actorRole
        self.method = method
        self.path = path
        self.route = route
        self.action = action
        self.status = status
        self.detail = detail
    }
}
