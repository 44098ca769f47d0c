import Foundation

/// When an order should arrive, with a confidence window, and whether that breaks the promise.
public struct DeliveryEstimate: Codable, Equatable, Sendable {
    public var expectedAt: Date
    public var earliest: Date
    public var latest: Date
    /// How it was estimated, e.g. `backlog+travel`; a route-based estimator will say `route`.
    public var basis: String
    /// The expected time is past the promised date.
    public var late: Bool

    public init(expectedAt: Date, earliest: Date, latest: Date, basis: String, late: Bool) {
        self.expectedAt = expectedAt
        self.earliest = earliest
        self.latest = latest
        self.basis = basis
        self.late = late
    }
}

/// Estimates arrival for open orders. The backlog estimator stands in until dispatch plans give
/// route-based ETAs; both sit behind this protocol.
public protocol ETAEstimator: Sendable {
    /// Estimates for the given orders (nil for orders that are closed), in one batch so a list costs one query.
    func estimates(for orders: [Order], now: Date) async throws -> [String: DeliveryEstimate]
}
