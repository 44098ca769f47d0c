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
    /// Saves the state, assignee, rating and times if the state is still `expected`; false otherwise.
    func update(_ conversation: Conversation, expected: ConversationState) async throws -> Bool
    /// Every conversation opened in [from, to), as the service figures need it, and the orders placed then.
    func serviceFacts(from: Date, to: Date) async throws -> (conversations: [ConversationFacts], ordersPlaced: Int)
    /// Newest first, without messages; nil filters are left out.
    func conversations(customerId: String?, state: ConversationState?, category: ConversationCategory?, assigneeId: String?,
                       beforeId: String?, limit: Int) async throws -> [Conversation]
}
