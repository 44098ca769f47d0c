import Foundation

/// Conversations and their messages.
public protocol SupportStore: Sendable {
    /// Stores the conversation and its first messages together (their sequences are given here).
    func insertConversation(_ conversation: Conversation, messages: [ChatMessage]) async throws -> Conversation
    /// The conversation with every message, oldest first.
    func conversation(id: String) async throws -> Conversation?
    /// Appends messages (numbered after the last) and saves the conversation's state, in one transaction;
    /// returns the messages as stored. Nil when the conversation's state is no longer `expected` (someone
    /// moved it meanwhile: decide again).
    func append(_ messages: [ChatMessage], to conversation: Conversation, expected: ConversationState) async throws -> [ChatMessage]?
    /// `append`, keeping the bytes of the messages' attachments (by attachment id) in the same transaction.
    func append(_ messages: [ChatMessage], to conversation: Conversation, expected: ConversationState, attachments: [String: Data]) async throws -> [ChatMessage]?
    /// A photo of the conversation and its bytes.
    func attachment(id: String, conversationId: String) async throws -> (attachment: PhotoAttachment, data: Data)?
    /// Saves the state, assignee, rating and times if the state is still `expected`; false otherwise.
    func update(_ conversation: Conversation, expected: ConversationState) async throws -> Bool
    /// Every conversation opened in [from, to), as the service figures need it, and the orders placed then.
    func serviceFacts(from: Date, to: Date) async throws -> (conversations: [ConversationFacts], ordersPlaced: Int)
    /// Newest first, without messages; nil filters are left out.
    func conversations(customerId: String?, state: ConversationState?, category: ConversationCategory?, assigneeId: String?,
                       beforeId: String?, limit: Int) async throws -> [Conversation]
}

/// What the service desk is configured with, and the warnings it has given.
public protocol ServiceDeskStore: Sendable {
    /// The targets admins have set (queues left out keep the standard ones).
    func serviceLevels() async throws -> [ServiceLevel]
    func saveServiceLevel(_ level: ServiceLevel, by userId: String, at time: Date) async throws
    /// Appends `note` to an open or pending conversation and records that `clock`'s warning was given, in one
    /// transaction and once: false (nothing written) when it was given before or the conversation moved on.
    func warnServiceLevel(conversationId: String, clock: String, note: ChatMessage) async throws -> Bool
    func cannedReplies() async throws -> [CannedReply]
    func insertCannedReply(_ reply: CannedReply) async throws
    func deleteCannedReply(id: String) async throws -> Bool
}
