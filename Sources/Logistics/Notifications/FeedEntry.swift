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

/// One chat message in the chat feed, the second sequence the outbox drain hands out: positions rise in
/// commit order, and within a conversation in the messages' order.
public struct ChatFeedEntry: Codable, Equatable, Sendable {
    public var position: Int64
    /// The conversation's customer, who receives its public messages; agents receive every message.
    public var customerId: String
    public var message: ChatMessage

    public init(position: Int64, customerId: String, message: ChatMessage) {
        self.position = position
        self.customerId = customerId
        self.message = message
    }
}

/// What one drain of the outbox did.
public struct DrainResult: Equatable, Sendable {
    /// Tracking entries that received a position in this drain.
    public var positioned: Int
    /// The highest position in the tracking feed after the drain.
    public var lastPosition: Int64
    /// Chat messages that received a chat position in this drain.
    public var chatPositioned: Int

    public init(positioned: Int, lastPosition: Int64, chatPositioned: Int = 0) {
        self.positioned = positioned
        self.lastPosition = lastPosition
        self.chatPositioned = chatPositioned
    }
}
