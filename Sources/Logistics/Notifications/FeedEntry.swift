import Foundation

/// One tracking event in the global feed that pushes are made from. `position` is given after the event
/// commits, in commit order, by the outbox drain: a reader that resumes after a position misses nothing.
public struct FeedEntry: Codable, Equatable, Sendable {
    public var position: Int64
    public var customerId: String
    public var event: TrackingEvent

    public init(position: Int64, customerId: String, event: TrackingEvent) {
        self.position = position
        self.customerId = customerId
        self.event = event
    }
}

/// What one drain of the outbox did.
public struct DrainResult: Equatable, Sendable {
    /// Entries that received a position in this drain.
    public var positioned: Int
    /// The highest position in the feed after the drain.
    public var lastPosition: Int64

    public init(positioned: Int, lastPosition: Int64) {
        self.positioned = positioned
        self.lastPosition = lastPosition
    }
}
