import Foundation

/// When an order should arrive, with a confidence window, and whether that breaks the promise.
public struct DeliveryEstimate: Codable, Equatable, Sendable {
    public var expectedAt: Date
    public var earliest: Date
    public var latest: Date
    /// How it was estimated: `backlog+travel` before the order is on a published route, `route` after.
    public var basis: String
    /// The expected time is past the promised date (or the delivery window's end).
    public var late: Bool
    /// On a route: how many stops the van makes before this one.
    public var stopsBefore: Int?

    public init(expectedAt: Date, earliest: Date, latest: Date, basis: String, late: Bool, stopsBefore: Int? = nil) {
        self.expectedAt = expectedAt
        self.earliest = earliest
        self.latest = latest
        self.basis = basis
        self.late = late
        self.stopsBefore = stopsBefore
    }
}

/// Estimates arrival for open orders: `RouteETAEstimator` for orders on a published route, the backlog
/// estimator for the others.
public protocol ETAEstimator: Sendable {
    /// Estimates for the given orders (nil for orders that are closed), in one batch so a list costs one query.
    func estimates(for orders: [Order], now: Date) async throws -> [String: DeliveryEstimate]
}
