import Foundation

/// Traffic updates, and what re-timing the live routes needs.
public protocol TrafficStore: Sendable {
    func insertTrafficUpdate(_ update: TrafficUpdate) async throws
    /// The last position each driver reported at or after `since`, one per driver.
    func latestPositions(since: Date) async throws -> [PositionPing]
    /// Updates in force at some moment from `time` on (not yet ended).
    func trafficUpdates(endingAfter time: Date) async throws -> [TrafficUpdate]
    /// Routes of published plans with stops still to visit, where each van was last seen, and its depot.
    func liveRoutes() async throws -> [LiveRoute]
    /// New stop orders and ETAs and the customers' events, in one transaction.
    func retime(_ changes: [RouteRetiming], events: [TrackingEvent]) async throws
}

/// A zone where traffic is slower by `factor` for a while (an accident, road works, a jam).
public struct TrafficUpdate: Codable, Equatable, Sendable {
    public var id: String
    public var slowdown: TrafficSlowdown
    public var reason: String
    public var createdBy: String?
    public var createdAt: Date

    public init(id: String, slowdown: TrafficSlowdown, reason: String, createdBy: String?, createdAt: Date) {
        self.id = id
        self.slowdown = slowdown
        self.reason = reason
        self.createdBy = createdBy
        self.createdAt = createdAt
    }
}

/// A live route and what re-timing it starts from.
public struct LiveRoute: Sendable {
    public var route: DriverRoute
    public var depot: GeoPoint
    /// The van's last ping since the route started, if any.
    public var lastPing: PositionPing?
    /// When the van is due back.
    public var shiftEnd: Date
    /// The status of each stop's order, for the events that tell customers.
    public var orderStatuses: [String: OrderStatus]

    public init(route: DriverRoute, depot: GeoPoint, lastPing: PositionPing?, shiftEnd: Date, orderStatuses: [String: OrderStatus]) {
        self.route = route
        self.depot = depot
        self.lastPing = lastPing
        self.shiftEnd = shiftEnd
        self.orderStatuses = orderStatuses
    }
}

/// A route's stops still to visit, in their new order, with their new ETAs.
public struct RouteRetiming: Equatable, Sendable {
    public var routeId: String
    /// Stop ids in visiting order, each with its ETA.
    public var stops: [(id: String, eta: Date)]

    public init(routeId: String, stops: [(id: String, eta: Date)]) {
        self.routeId = routeId
        self.stops = stops
    }

    public static func == (a: RouteRetiming, b: RouteRetiming) -> Bool {
        a.routeId == b.routeId && a.stops.map(\.id) == b.stops.map(\.id) && a.stops.map(\.eta) == b.stops.map(\.eta)
    }
}
