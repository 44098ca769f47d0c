import Foundation

/// What a customer writes about; an agent's queue.
public enum ConversationCategory: String, Codable, CaseIterable, Sendable {
    case whereIsMyOrder, addressChange, returnOrExchange, installation, damaged, invoice, other
}

/// open: waiting for an agent; pending: an agent answered, waiting for the customer; solved: an agent
/// closed the question (the customer may still rate it or write again); closed: rated or left solved for
/// good, and it takes no more messages (a new question is a new conversation).
public enum ConversationState: String, Codable, CaseIterable, Sendable {
    case open, pending, solved, closed
}

public enum MessageAuthor: String, Codable, CaseIterable, Sendable {
    case customer, agent
    /// The built-in assistant: answers "where is my order" by itself and hands over when asked.
    case bot
    /// A notice of what happened to the conversation (solved), written by the service, not by a person.
    case system
}

public struct ChatMessage: Codable, Equatable, Sendable {
    public var id: String
    public var conversationId: String
    public var author: MessageAuthor
    /// The user who wrote it; nil for the bot.
    public var authorId: String?
    public var text: String
    /// An agent's note to other agents: never shown to the customer.
    public var `internal`: Bool
    public var createdAt: Date
    /// 1, 2, 3 … within the conversation, given by the store.
    public var sequence: Int
    /// A photo sent with the message (its bytes are fetched by id).
    public var attachment: PhotoAttachment?

    public init(id: String, conversationId: String, author: MessageAuthor, authorId: String?, text: String, internal: Bool = false, createdAt: Date,
                sequence: Int = 0) {
        self.id = id
        self.conversationId = conversationId
        self.author = author
        self.authorId = authorId
        self.text = text
        self.internal = `internal`
        self.createdAt = createdAt
        self.sequence = sequence
    }
}

/// A photo in a conversation or of a return: a damaged box, a wrong plug, a wall where the charger should go.
public struct PhotoAttachment: Codable, Equatable, Sendable {
    public var id: String
    public var format: PhotoFormat
    public var bytes: Int

    public init(id: String, format: PhotoFormat, bytes: Int) {
        self.id = id
        self.format = format
        self.bytes = bytes
    }

    public var mediaType: String { format.mediaType }

    /// At most this large (the content decides the type: JPEG or PNG).
    public static let maximumBytes = 5 * 1024 * 1024
}

/// A customer's question, tied to an order or not, and everything said about it.
public struct Conversation: Codable, Equatable, Sendable {
    public var id: String
    public var customerId: String
    public var orderId: String?
    public var category: ConversationCategory
    public var state: ConversationState
    public var assigneeId: String?
    /// The customer asked for a person: the bot stays out of it from then on.
    public var handedOver: Bool
    public var createdAt: Date
    public var updatedAt: Date
    /// The first agent reply the customer could read.
    public var firstResponseAt: Date?
    public var solvedAt: Date?
    /// 1 to 5, given once the conversation is solved.
    public var rating: Int?
    public var ratingComment: String?
    /// The service-level clocks as of the read, for agents; never stored.
    public var serviceLevel: ConversationServiceLevel?
    /// Filled when one conversation is read; empty in lists.
    public var messages: [ChatMessage]

    public init(id: String, customerId: String, orderId: String?, category: ConversationCategory, state: ConversationState = .open,
                assigneeId: String? = nil, handedOver: Bool = false, createdAt: Date, updatedAt: Date, firstResponseAt: Date? = nil,
                solvedAt: Date? = nil, rating: Int? = nil, ratingComment: String? = nil, messages: [ChatMessage] = []) {
        self.id = id
        self.customerId = customerId
        self.orderId = orderId
        self.category = category
        self.state = state
        self.assigneeId = assigneeId
        self.handedOver = handedOver
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.firstResponseAt = firstResponseAt
        self.solvedAt = solvedAt
        self.rating = rating
        self.ratingComment = ratingComment
        self.messages = messages
    }
}

/// The conversation rules, pure: how a message moves the state, and what the bot recognises.
public enum ConversationRules {
    public static let maximumText = 2000

    /// The state after a message; nil when the conversation takes no message (closed).
    public static func state(after author: MessageAuthor, internal: Bool, in current: ConversationState) -> ConversationState? {
        guard current != .closed else { return nil }
        switch (author, `internal`) {
        case (.customer, _): return .open
        case (.agent, false): return .pending
        case (.agent, true), (.bot, _), (.system, _): return current
        }
    }

    /// "转人工", "人工客服", "agent", "a person"…
    public static func asksForAgent(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return ["人工", "客服", "真人", "agent", "human", "person", "someone"].contains { lowered.contains($0) }
    }

    /// "我的订单到哪了", "什么时候到", "where is my order", "when will it arrive"…
    public static func asksWhereIsMyOrder(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return ["到哪", "在哪", "什么时候到", "何时到", "物流", "进度", "where is", "when will", "arrive", "status", "eta"].contains { lowered.contains($0) }
    }
}
