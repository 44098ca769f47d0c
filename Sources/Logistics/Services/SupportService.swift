import Foundation

/// Customer service: a customer opens a conversation (about an order or not), the bot answers "where is my
/// order" by itself and hands over when asked, agents answer from their inbox, solve, and the customer rates.
public struct SupportService: Sendable {
    public typealias Store = SupportStore & UserStore
    let store: any Store
    let orders: OrderService
    let explanations: OrderExplanationService
    let desk: ServiceDeskService
    let clock: @Sendable () -> Date

    /// Who works the inbox.
    public static let agents: Set<Role> = [.agent, .admin]

    public init(store: any Store, orders: OrderService, explanations: OrderExplanationService, desk: ServiceDeskService,
                clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.orders = orders
        self.explanations = explanations
        self.desk = desk
        self.clock = clock
    }

    private func checkText(_ text: String) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...ConversationRules.maximumText).contains(trimmed.count) else {
            throw LogisticsError.validation(field: "text", message: "1 to \(ConversationRules.maximumText) characters")
        }
        return trimmed
    }

    /// A customer's new question; about `orderId` when given (their own order, 404 otherwise).
    public func open(orderId: String?, category: ConversationCategory, text rawText: String, by user: User, language: TimelineLanguage) async throws -> Conversation {
        guard user.role == .customer else { throw LogisticsError.forbidden("customers open conversations; agents answer them") }
        let text = try checkText(rawText)
        if let orderId { _ = try await orders.order(id: orderId, for: user) }
        let now = clock()
        var conversation = Conversation(id: Identifier.make("cnv", at: now), customerId: user.id, orderId: orderId, category: category,
                                        handedOver: ConversationRules.asksForAgent(text), createdAt: now, updatedAt: now)
        var messages = [ChatMessage(id: Identifier.make("msg", at: now), conversationId: conversation.id, author: .customer, authorId: user.id, text: text, createdAt: now)]
        if let reply = try await botReply(to: text, in: conversation, opening: true, asker: user, language: language, now: now) { messages.append(reply) }
        conversation = try await store.insertConversation(conversation, messages: messages)
        return conversation
    }

    /// A self-service request that needs a person (an address change the rules cannot take): a conversation in
    /// `category`, handed over at once, with the customer's request and the assistant's explanation of why.
    public func handOver(orderId: String, category: ConversationCategory, request: String, explanation: String, by user: User) async throws -> Conversation {
        let now = clock()
        let conversation = Conversation(id: Identifier.make("cnv", at: now), customerId: user.id, orderId: orderId, category: category,
                                        handedOver: true, createdAt: now, updatedAt: now)
        let messages = [
            ChatMessage(id: Identifier.make("msg", at: now), conversationId: conversation.id, author: .customer, authorId: user.id,
                        text: String(request.prefix(ConversationRules.maximumText)), createdAt: now),
            ChatMessage(id: Identifier.make("msg", at: now.addingTimeInterval(0.001)), conversationId: conversation.id, author: .bot, authorId: nil,
                        text: explanation, createdAt: now),
        ]
        return try await store.insertConversation(conversation, messages: messages)
    }

    /// The bot answers "where is my order" for an order-tied conversation (opened with that question, or
    /// asking it later), unless a person was asked for; asked for a person, it says one is coming. Anything
    /// else ("thanks") waits for an agent.
    private func botReply(to text: String, in conversation: Conversation, opening: Bool, asker: User, language: TimelineLanguage,
                          now: Date) async throws -> ChatMessage? {
        let zh = language == .zhCN
        let reply: String
        if ConversationRules.asksForAgent(text) {
            reply = zh ? "已为您转接人工客服，请稍候。" : "A member of our team will answer you shortly."
        } else if let orderId = conversation.orderId, !conversation.handedOver,
                  (opening && conversation.category == .whereIsMyOrder) || ConversationRules.asksWhereIsMyOrder(text) {
            let explanation = try await explanations.explain(orderId: orderId, for: asker, in: language)
            reply = explanation.text + (zh ? "（如需人工客服，请回复“人工”。）" : " (Reply \"agent\" to talk to a person.)")
        } else {
            return nil
        }
        return ChatMessage(id: Identifier.make("msg", at: now.addingTimeInterval(0.001)), conversationId: conversation.id, author: .bot, authorId: nil,
                           text: reply, createdAt: now)
    }

    /// The conversation as `user` may see it: its customer (without internal notes) or an agent; 404 otherwise.
    public func conversation(id: String, for user: User) async throws -> Conversation {
        guard var conversation = try await store.conversation(id: id), Self.mayRead(conversation, user) else { throw LogisticsError.notFound("conversation \(id)") }
        if user.role == .customer {
            conversation.messages.removeAll(where: \.internal)
            return conversation
        }
        return try await desk.withServiceLevels([conversation])[0]
    }

    static func mayRead(_ conversation: Conversation, _ user: User) -> Bool {
        user.role == .customer ? conversation.customerId == user.id : agents.contains(user.role)
    }

    /// A message from the customer or an agent (`internal`: a note only agents see). Moves the state by the
    /// rules; the first public agent reply sets the first-response time; the bot answers the customer when it can.
    public func post(conversationId: String, text rawText: String, internal: Bool, by user: User, language: TimelineLanguage) async throws -> [ChatMessage] {
        try await post(conversationId: conversationId, text: try checkText(rawText), internal: `internal`, photo: nil, by: user, language: language)
    }

    /// A photo from the customer or an agent, as a message of its own: a JPEG or PNG (the content decides) of at
    /// most `PhotoAttachment.maximumBytes`.
    public func postPhoto(conversationId: String, data: Data, by user: User, language: TimelineLanguage) async throws -> [ChatMessage] {
        guard data.count <= PhotoAttachment.maximumBytes else { throw LogisticsError.tooLarge(what: "a photo", limitBytes: PhotoAttachment.maximumBytes) }
        guard !data.isEmpty, let format = PhotoFormat.sniff(data) else {
            throw LogisticsError.unsupportedMedia("a photo must be a JPEG or PNG image (the content is checked, not the name)")
        }
        let attachment = PhotoAttachment(id: Identifier.make("att", at: clock()), format: format, bytes: data.count)
        return try await post(conversationId: conversationId, text: "📷", internal: false, photo: (attachment, data), by: user, language: language)
    }

    /// A photo of a conversation its reader may see.
    public func attachment(id: String, conversationId: String, for user: User) async throws -> (attachment: PhotoAttachment, data: Data) {
        _ = try await conversation(id: conversationId, for: user)
        guard let found = try await store.attachment(id: id, conversationId: conversationId) else { throw LogisticsError.notFound("attachment \(id)") }
        return found
    }

    private func post(conversationId: String, text: String, internal: Bool, photo: (attachment: PhotoAttachment, data: Data)?, by user: User,
                      language: TimelineLanguage) async throws -> [ChatMessage] {
        return try await optimistically(conversationId, readableBy: user) { conversation in
            var conversation = conversation
            let author: MessageAuthor = user.role == .customer ? .customer : .agent
            guard author == .agent || !`internal` else { throw LogisticsError.validation(field: "internal", message: "only agents write internal notes") }
            let expected = conversation.state
            guard let next = ConversationRules.state(after: author, internal: `internal`, in: expected) else {
                throw LogisticsError.conflict(.conversationState, message: "this conversation is closed; start a new one")
            }
            let now = clock()
            var messages = [ChatMessage(id: Identifier.make("msg", at: now), conversationId: conversationId, author: author, authorId: user.id, text: text,
                                        internal: `internal`, createdAt: now)]
            messages[0].attachment = photo?.attachment
            conversation.state = next
            conversation.updatedAt = now
            if author == .agent, !`internal` {
                if conversation.firstResponseAt == nil { conversation.firstResponseAt = now }
                if conversation.assigneeId == nil { conversation.assigneeId = user.id }
            }
            if author == .customer, photo == nil {
                if ConversationRules.asksForAgent(text) { conversation.handedOver = true }
                if let reply = try await botReply(to: text, in: conversation, opening: false, asker: user, language: language, now: now) { messages.append(reply) }
            }
            let attachments = photo.map { [$0.attachment.id: $0.data] } ?? [:]
            guard let stored = try await store.append(messages, to: conversation, expected: expected, attachments: attachments) else { return nil }
            return user.role == .customer ? stored.filter { !$0.internal } : stored
        }
    }

    /// The customer's own conversations, newest first.
    public func mine(by user: User, beforeId: String?, limit: Int) async throws -> [Conversation] {
        guard user.role == .customer else { throw LogisticsError.forbidden("this list is a customer's own; agents use the inbox") }
        return try await store.conversations(customerId: user.id, state: nil, category: nil, assigneeId: nil, beforeId: beforeId, limit: limit)
    }

    /// The agents' inbox, by queue (category), state and assignee.
    public func inbox(state: ConversationState?, category: ConversationCategory?, assigneeId: String?, beforeId: String?, limit: Int,
                      by user: User) async throws -> [Conversation] {
        guard Self.agents.contains(user.role) else { throw LogisticsError.forbidden("the inbox is for agents and admins") }
        return try await desk.withServiceLevels(
            try await store.conversations(customerId: nil, state: state, category: category, assigneeId: assigneeId, beforeId: beforeId, limit: limit))
    }

    /// Takes the conversation (or gives it to `agentId`).
    public func assign(conversationId: String, to agentId: String?, by user: User) async throws -> Conversation {
        if let agentId {
            guard let agent = try await store.user(id: agentId), Self.agents.contains(agent.role) else {
                throw LogisticsError.validation(field: "agentId", message: "an agent's or admin's user id")
            }
        }
        return try await change(conversationId, by: user) { conversation in
            conversation.assigneeId = agentId ?? user.id
        }
    }

    /// An agent closes the question; the customer is told in the chat (so an open page learns it live) and
    /// may rate it or write again.
    public func solve(conversationId: String, by user: User, language: TimelineLanguage) async throws -> Conversation {
        guard Self.agents.contains(user.role) else { throw LogisticsError.forbidden("agents and admins only") }
        return try await optimistically(conversationId, readableBy: user) { conversation in
            var conversation = conversation
            let expected = conversation.state
            guard [.open, .pending].contains(expected) else {
                throw LogisticsError.conflict(.conversationState, message: "only an open or pending conversation can be solved")
            }
            let now = clock()
            conversation.state = .solved
            conversation.solvedAt = now
            conversation.updatedAt = now
            let text = language == .zhCN ? "客服已将此问题标记为已解决。欢迎为本次服务评分；如仍有问题，直接回复即可。"
                : "Our agent marked this question as solved. Please rate the service; if anything is still open, just reply."
            let notice = ChatMessage(id: Identifier.make("msg", at: now), conversationId: conversationId, author: .system, authorId: nil, text: text, createdAt: now)
            guard let stored = try await store.append([notice], to: conversation, expected: expected) else { return nil }
            conversation.messages += stored
            return conversation
        }
    }

    private func change(_ id: String, by user: User, _ apply: (inout Conversation) throws -> Void) async throws -> Conversation {
        guard Self.agents.contains(user.role) else { throw LogisticsError.forbidden("agents and admins only") }
        return try await optimistically(id, readableBy: user) { conversation in
            var conversation = conversation
            let expected = conversation.state
            try apply(&conversation)
            conversation.updatedAt = clock()
            return try await store.update(conversation, expected: expected) ? conversation : nil
        }
    }

    /// Reads the conversation and tries `attempt` on it, again on a fresh read when it returns nil (the state
    /// it expected changed under it: a write compares the state it read), at most three times.
    private func optimistically<T>(_ id: String, readableBy user: User, _ attempt: (Conversation) async throws -> T?) async throws -> T {
        for _ in 0..<3 {
            guard let conversation = try await store.conversation(id: id), Self.mayRead(conversation, user) else {
                throw LogisticsError.notFound("conversation \(id)")
            }
            if let done = try await attempt(conversation) { return done }
        }
        throw LogisticsError.conflict(.concurrentUpdate, message: "the conversation kept changing; try again")
    }

    /// The service figures over [from, to] (China days; the last 30 days by default, at most 366).
    public func metrics(from: PlanningDay?, to: PlanningDay?, by user: User) async throws -> ServiceMetrics {
        guard Self.agents.contains(user.role) else { throw LogisticsError.forbidden("agents and admins only") }
        let today = PlanningDay(containing: clock())
        let to = PlanningDay(days: min(to?.days ?? today.days, today.days))
        let from = PlanningDay(days: max(from?.days ?? to.days - 29, to.days - 365))
        guard from.days <= to.days else { return ServiceMetrics.compute([], ordersPlaced: 0, from: from, to: to) }
        let facts = try await store.serviceFacts(from: from.start, to: to.next.start)
        return ServiceMetrics.compute(facts.conversations, ordersPlaced: facts.ordersPlaced, from: from, to: to)
    }

    /// The customer rates a solved conversation (1 to 5), which closes it.
    public func rate(conversationId: String, score: Int, comment: String?, by user: User) async throws -> Conversation {
        guard (1...5).contains(score) else { throw LogisticsError.validation(field: "score", message: "1 to 5") }
        guard var conversation = try await store.conversation(id: conversationId), user.role == .customer, conversation.customerId == user.id else {
            throw LogisticsError.notFound("conversation \(conversationId)")
        }
        guard conversation.state == .solved else { throw LogisticsError.conflict(.conversationState, message: "a conversation is rated once it is solved") }
        conversation.rating = score
        conversation.ratingComment = comment.map { String($0.prefix(500)) }
        conversation.state = .closed
        conversation.updatedAt = clock()
        guard try await store.update(conversation, expected: .solved) else {
            throw LogisticsError.conflict(.conversationState, message: "the conversation changed meanwhile; read it again")
        }
        conversation.messages.removeAll(where: \.internal)
        return conversation
    }
}
