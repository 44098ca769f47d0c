import Foundation

/// The stops of published routes still to be visited, for route-based ETAs.
public protocol RouteETAStore: Sendable {
    func activeStops() async throws -> [ActiveStop]
}

/// A stop to be visited on a published route.
public struct ActiveStop: Equatable, Sendable {
    public var orderId: String
    public var routeId: String
    public var sequence: Int
    public var eta: Date
    public var dueBy: Date?

    public init(orderId: String, routeId: String, sequence: Int, eta: Date, dueBy: Date?) {
        self.orderId = orderId
        self.routeId = routeId
        self.sequence = sequence
        self.eta = eta
        self.dueBy = dueBy
    }
}
