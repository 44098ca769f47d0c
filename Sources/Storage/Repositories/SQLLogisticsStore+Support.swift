import Foundation
import Logistics
import SQLKit

extension SQLLogisticsStore: SupportStore {
    public func insertConversation(_ conversation: Conversation, messages: [ChatMessage]) async throws -> Conversation {
        // The messages are their own outbox rows: once committed, the drain gives them chat positions.
        defer { changes.outboxWritten.signal() }
        return try await client.transaction { db in
            try await db.raw("""
                INSERT INTO conversations (id, customer_id, order_id, category, state, assignee_id, handed_over, created_at, updated_at,
                  first_response_at, solved_at, rating, rating_comment)
                VALUES (\(bind: conversation.id), \(bind: conversation.customerId), \(bind: conversation.orderId), \(bind: conversation.category.rawValue),
                  \(bind: conversation.state.rawValue), \(bind: conversation.assigneeId), \(bind: conversation.handedOver), \(bind: Millis.from(conversation.createdAt)),
                  \(bind: Millis.from(conversation.updatedAt)), \(bind: conversation.firstResponseAt.map(Millis.from)), \(bind: conversation.solvedAt.map(Millis.from)),
                  \(bind: conversation.rating), \(bind: conversation.ratingComment))
                """).run()
            var stored = conversation
            stored.messages = try await Self.insert(messages, after: 0, db: db)
            return stored
        }
    }

    public func conversation(id: String) async throws -> Conversation? {
        try await client.read { db in
            guard var conversation = try await db.raw("SELECT * FROM conversations WHERE id = \(bind: id)").first().map(Self.conversation(from:)) else { return nil }
            conversation.messages = try await db.raw("SELECT * FROM conversation_messages WHERE conversation_id = \(bind: id) ORDER BY seq").all()
                .map(Self.message(from:))
            return conversation
        }
    }

    public func append(_ messages: [ChatMessage], to conversation: Conversation, expected: ConversationState) async throws -> [ChatMessage]? {
        try await append(messages, to: conversation, expected: expected, attachments: [:])
    }

    public func append(_ messages: [ChatMessage], to conversation: Conversation, expected: ConversationState,
                       attachments: [String: Data]) async throws -> [ChatMessage]? {
        defer { changes.outboxWritten.signal() }
        return try await client.transaction { db in
            guard try await Self.save(conversation, expected: expected, db: db) else { return nil }
            for message in messages {
                guard let attachment = message.attachment, let data = attachments[attachment.id] else { continue }
                try await db.raw("""
                    INSERT INTO chat_attachments (id, conversation_id, format, bytes, uploaded_by, created_at, data)
                    VALUES (\(bind: attachment.id), \(bind: conversation.id), \(bind: attachment.format.rawValue), \(bind: attachment.bytes),
                      \(bind: message.authorId ?? ""), \(bind: Millis.from(message.createdAt)), \(bind: data))
                    """).run()
            }
            // The conversation row was just updated, so this transaction holds its lock: sequences cannot collide.
            let last = try await db.raw("SELECT COALESCE(MAX(seq), 0) AS last FROM conversation_messages WHERE conversation_id = \(bind: conversation.id)")
                .first()?.decode(column: "last", as: Int.self) ?? 0
            return try await Self.insert(messages, after: last, db: db)
        }
    }

    public func attachment(id: String, conversationId: String) async throws -> (attachment: PhotoAttachment, data: Data)? {
        try await client.read { db in
            guard let row = try await db.raw("""
                SELECT * FROM chat_attachments WHERE id = \(bind: id) AND conversation_id = \(bind: conversationId)
                """).first(), let format = PhotoFormat(rawValue: try row.decode(column: "format", as: String.self)) else { return nil }
            return (PhotoAttachment(id: id, format: format, bytes: try row.decode(column: "bytes", as: Int.self)), try row.decode(column: "data", as: Data.self))
        }
    }

    public func update(_ conversation: Conversation, expected: ConversationState) async throws -> Bool {
        try await client.transaction { db in try await Self.save(conversation, expected: expected, db: db) }
    }

    public func conversations(customerId: String?, state: ConversationState?, category: ConversationCategory?, assigneeId: String?,
                              beforeId: String?, limit: Int) async throws -> [Conversation] {
        try await client.read { db in
            let query = Self.newestFirst(from: "conversations", where: [("customer_id", customerId), ("state", state?.rawValue),
                                                                        ("category", category?.rawValue), ("assignee_id", assigneeId)],
                                         before: beforeId, limit: limit)
            return try await db.raw(query).all().map(Self.conversation(from:))
        }
    }

    public func serviceFacts(from: Date, to: Date) async throws -> (conversations: [ConversationFacts], ordersPlaced: Int) {
        try await client.read { db in
            let facts = try await db.raw("""
                SELECT c.created_at, c.first_response_at, c.solved_at, c.rating, c.handed_over,
                  (SELECT COUNT(*) FROM conversation_messages m WHERE m.conversation_id = c.id AND m.author = 'bot') AS bot_messages
                FROM conversations c WHERE c.created_at >= \(bind: Millis.from(from)) AND c.created_at < \(bind: Millis.from(to))
                """).all().map { row in
                ConversationFacts(createdAt: Millis.date(try row.decode(column: "created_at", as: Int.self)),
                                  firstResponseAt: try row.optional("first_response_at", as: Int.self).map(Millis.date),
                                  solvedAt: try row.optional("solved_at", as: Int.self).map(Millis.date), rating: try row.optional("rating", as: Int.self),
                                  handedOver: try row.decode(column: "handed_over", as: Bool.self),
                                  botAnswered: try row.decode(column: "bot_messages", as: Int.self) > 0)
            }
            let orders = try await db.raw("""
                SELECT COUNT(*) AS n FROM orders WHERE created_at >= \(bind: Millis.from(from)) AND created_at < \(bind: Millis.from(to))
                """).first()?.decode(column: "n", as: Int.self) ?? 0
            return (facts, orders)
        }
    }

    static func save(_ conversation: Conversation, expected: ConversationState, db: any SQLDatabase) async throws -> Bool {
        try await db.raw("""
            UPDATE conversations SET state = \(bind: conversation.state.rawValue), assignee_id = \(bind: conversation.assigneeId),
              handed_over = \(bind: conversation.handedOver), updated_at = \(bind: Millis.from(conversation.updatedAt)),
              first_response_at = \(bind: conversation.firstResponseAt.map(Millis.from)), solved_at = \(bind: conversation.solvedAt.map(Millis.from)),
              rating = \(bind: conversation.rating), rating_comment = \(bind: conversation.ratingComment)
            WHERE id = \(bind: conversation.id) AND state = \(bind: expected.rawValue) RETURNING id
            """).first() != nil
    }

    static func insert(_ messages: [ChatMessage], after last: Int, db: any SQLDatabase) async throws -> [ChatMessage] {
        var stored: [ChatMessage] = []
        for (offset, message) in messages.enumerated() {
            var message = message
            message.sequence = last + offset + 1
            try await db.raw("""
                INSERT INTO conversation_messages (id, conversation_id, seq, author, author_id, text, internal, created_at, attachment_id,
                  attachment_format, attachment_bytes)
                VALUES (\(bind: message.id), \(bind: message.conversationId), \(bind: message.sequence), \(bind: message.author.rawValue),
                  \(bind: message.authorId), \(bind: message.text), \(bind: message.internal), \(bind: Millis.from(message.createdAt)),
                  \(bind: message.attachment?.id), \(bind: message.attachment?.format.rawValue), \(bind: message.attachment?.bytes))
                """).run()
            stored.append(message)
        }
        return stored
    }

    static func conversation(from row: any SQLRow) throws -> Conversation {
        Conversation(
            id: try row.decode(column: "id", as: String.self), customerId: try row.decode(column: "customer_id", as: String.self),
            orderId: try row.optional("order_id", as: String.self),
            category: ConversationCategory(rawValue: try row.decode(column: "category", as: String.self)) ?? .other,
            state: ConversationState(rawValue: try row.decode(column: "state", as: String.self)) ?? .open,
            assigneeId: try row.optional("assignee_id", as: String.self), handedOver: try row.decode(column: "handed_over", as: Bool.self),
            createdAt: Millis.date(try row.decode(column: "created_at", as: Int.self)), updatedAt: Millis.date(try row.decode(column: "updated_at", as: Int.self)),
            firstResponseAt: try row.optional("first_response_at", as: Int.self).map(Millis.date),
            solvedAt: try row.optional("solved_at", as: Int.self).map(Millis.date), rating: try row.optional("rating", as: Int.self),
            ratingComment: try row.optional("rating_comment", as: String.self))
    }

    static func message(from row: any SQLRow) throws -> ChatMessage {
        var message = ChatMessage(
            id: try row.decode(column: "id", as: String.self), conversationId: try row.decode(column: "conversation_id", as: String.self),
            author: MessageAuthor(rawValue: try row.decode(column: "author", as: String.self)) ?? .customer, authorId: try row.optional("author_id", as: String.self),
            text: try row.decode(column: "text", as: String.self), internal: try row.decode(column: "internal", as: Bool.self),
            createdAt: Millis.date(try row.decode(column: "created_at", as: Int.self)), sequence: try row.decode(column: "seq", as: Int.self))
        if let id = try row.optional("attachment_id", as: String.self), let format = try row.optional("attachment_format", as: String.self).flatMap(PhotoFormat.init(rawValue:)),
           let bytes = try row.optional("attachment_bytes", as: Int.self) {
            message.attachment = PhotoAttachment(id: id, format: format, bytes: bytes)
        }
        return message
    }

    /// Gives up to `limit` committed, unpositioned chat messages their chat positions, a conversation's in
    /// its messages' order. Runs inside the outbox drain's transaction, under its lock.
    static func positionChat(limit: Int, db: any SQLDatabase) async throws -> Int {
        let base = try await db.raw("SELECT COALESCE(MAX(position), 0) AS last FROM conversation_messages").first()?.decode(column: "last", as: Int64.self) ?? 0
        return try await db.raw("""
            UPDATE conversation_messages SET position = \(bind: base) + r.rn
            FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY conversation_id, seq) AS rn FROM conversation_messages WHERE position IS NULL
                  ORDER BY conversation_id, seq LIMIT \(literal: max(1, limit))) AS r
            WHERE conversation_messages.id = r.id RETURNING position
            """).all().count
    }
}

extension SQLLogisticsStore {
    public func chatFeed(after position: Int64, customerId: String?, limit: Int) async throws -> [ChatFeedEntry] {
        try await client.read { db in
            var query = SQLQueryString("""
                SELECT m.*, c.customer_id AS feed_customer FROM conversation_messages m JOIN conversations c ON c.id = m.conversation_id
                WHERE m.position > 
                """)
            query.appendInterpolation(bind: position)
            if let customerId {
                query.appendInterpolation(unsafeRaw: " AND c.customer_id = ")
                query.appendInterpolation(bind: customerId)
                query.appendInterpolation(unsafeRaw: " AND m.internal = ")
                query.appendInterpolation(bind: false)
            }
            query.appendInterpolation(unsafeRaw: " ORDER BY m.position LIMIT ")
            query.appendInterpolation(literal: max(1, min(limit, 5000)))
            return try await db.raw(query).all().map { row in
                ChatFeedEntry(position: try row.decode(column: "position", as: Int64.self), customerId: try row.decode(column: "feed_customer", as: String.self),
                              message: try Self.message(from: row))
            }
        }
    }

    public func latestChatPosition() async throws -> Int64 {
        try await client.read { db in
            try await db.raw("SELECT COALESCE(MAX(position), 0) AS last FROM conversation_messages").first()?.decode(column: "last", as: Int64.self) ?? 0
        }
    }
}
