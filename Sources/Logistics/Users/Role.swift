/// Who a user is to the system; decides what they may see and change.
public enum Role: String, Codable, CaseIterable, Sendable {
    case customer, admin, warehouse, dispatcher, driver, agent

    public var isStaff: Bool { self != .customer }
    /// Roles that may read every order, not only their own.
    public var seesAllOrders: Bool { self != .customer }
    /// Roles that may change the catalogue and receive stock.
    public var managesStock: Bool { self == .admin || self == .warehouse }
}
