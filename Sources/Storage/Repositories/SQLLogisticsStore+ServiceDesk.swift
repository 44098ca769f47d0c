import Foundation
import Logistics
import SQLKit

extension SQLLogisticsStore: ServiceDeskStore {
    public func serviceLevels() async throws -> [ServiceLevel] {
        try await client.read { db in
            try await db.raw("SELECT * FROM service_levels ORDER BY category").all().compactMap { row in
                guard let category = ConversationCategory(rawValue: try row.decode(column: "category", as: String.self)) else { return nil }
                return ServiceLevel(category: category, firstResponseMinutes: try row.decode(column: "first_response_minutes", as: Int.self),
                                    resolutionMinutes: try row.decode(column: "resolution_minutes", as: Int.self))
            }
        }
    }

    public func saveServiceLevel(_ level: ServiceLevel, by userId: String, at time: Date) async throws {
        try await client.transaction { db in
            try await db.raw("""
                INSERT INTO service_levels (category, first_response_minutes, resolution_minutes, updated_by, updated_at)
                VALUES (\(bind: level.category.rawValue), \(bind: level.firstResponseMinutes), \(bind: level.resolutionMinutes), \(bind: userId), \(bind: Millis.from(time)))
                ON CONFLICT (category) DO UPDATE SET first_response_minutes = excluded.first_response_minutes,
                  resolution_minutes = excluded.resolution_minutes, updated_by = excluded.updated_by, updated_at = excluded.updated_at
                """).run()
        }
    }

    public func warnServiceLevel(conversationId: String, clock: String, note: ChatMessage) async throws -> Bool {
        defer { changes.outboxWritten.signal() }
        return try await client.transaction { db in
            // The update both checks and records the warning, and locks the row so the note's sequence is ours.
            let marked = try await db.raw("""
                UPDATE conversations SET sla_warnings = CASE WHEN sla_warnings = '' THEN \(bind: clock) ELSE sla_warnings || ',' || \(bind: clock) END
                WHERE id = \(bind: conversationId) AND state IN ('open', 'pending')
                  AND (',' || sla_warnings || ',') NOT LIKE \(bind: "%,\(clock),%") RETURNING id
                """).first() != nil
            guard marked else { return false }
            let last = try await db.raw("SELECT COALESCE(MAX(seq), 0) AS last FROM conversation_messages WHERE conversation_id = \(bind: conversationId)")
                .first()?.decode(column: "last", as: Int.self) ?? 0
            _ = try await Self.insert([note], after: last, db: db)
            return true
        }
    }

    public func cannedReplies() async throws -> [CannedReply] {
        try await client.read { db in
            try await db.raw("SELECT * FROM canned_replies ORDER BY title, id").all().map { row in
                CannedReply(id: try row.decode(column: "id", as: String.self), title: try row.decode(column: "title", as: String.self),
                            text: try row.decode(column: "text", as: String.self),
                            category: try row.optional("category", as: String.self).flatMap(ConversationCategory.init(rawValue:)),
                            createdBy: try row.decode(column: "created_by", as: String.self),
                            createdAt: Millis.date(try row.decode(column: "created_at", as: Int.self)))
            }
        }
    }

    public func insertCannedReply(_ reply: CannedReply) async throws {
        try await client.transaction { db in
            try await db.raw("""
                INSERT INTO canned_replies (id, title, text, category, created_by, created_at)
                VALUES (\(bind: reply.id), \(bind: reply.title), \(bind: reply.text), \(bind: reply.category?.rawValue), \(bind: reply.createdBy),
                  \(bind: Millis.from(reply.createdAt)))
                """).run()
        }
    }

    public func deleteCannedReply(id: String) async throws -> Bool {
        try await client.transaction { db in
            try await db.raw("DELETE FROM canned_replies WHERE id = \(bind: id) RETURNING id").first() != nil
        }
    }
}
