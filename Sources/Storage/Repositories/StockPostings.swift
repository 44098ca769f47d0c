import Foundation
import Logistics
import SQLKit

/// Ledger entries a transaction collects as it goes and posts as its last statements.
///
/// A stock level is the hottest row in the database: every order, payment lapse and shipment of a SKU updates
/// its one row per warehouse, and on PostgreSQL the row stays locked until the transaction commits. Taken
/// first, that lock was held through the transaction's other statements (events, outbox, the order's reload),
/// each a round trip that waits on a busy server, and orders of one flash-sale SKU queued behind each other
/// (the soak measured 60–76 ms per level update, all of it waiting). Posted last, an order's step holds it for
/// one statement and the commit (4–7 ms per update in the same soak).
struct StockPostings {
    struct Entry {
        var warehouseId: String
        var sku: String
        var kind: StockMovementKind
        var onHandDelta: Int
        var reservedDelta: Int
        var orderId: String?
        var note: String?
        var at: Date
        /// The level is known to exist (an order's lines were reserved from theirs, and levels are never
        /// deleted): its ledger entry can go in before the level's lock is taken.
        var levelExists: Bool
    }

    private(set) var entries: [Entry] = []

    var isEmpty: Bool { entries.isEmpty }

    mutating func add(warehouseId: String, sku: String, kind: StockMovementKind, quantity: Int, orderId: String?, note: String?, at time: Date,
                      levelExists: Bool = false) {
        let (onHand, reserved) = kind.deltas(quantity: quantity)
        entries.append(Entry(warehouseId: warehouseId, sku: sku, kind: kind, onHandDelta: onHand, reservedDelta: reserved,
                             orderId: orderId, note: note, at: time, levelExists: levelExists))
    }

    /// The levels in one global order, so two transactions that post to the same levels cannot deadlock.
    var levelOrder: [Entry] { entries.sorted { ($0.warehouseId, $0.sku) < ($1.warehouseId, $1.sku) } }
}

extension SQLLogisticsStore {
    /// Appends the entries to the ledger and applies them to their levels, the levels' locks as late as it can
    /// (see `StockPostings`): a movement's foreign key needs its level to exist, so only the entries of levels
    /// known to exist go in first (the key check's share lock does not wait for an update of the level); the
    /// others follow their level. Meant as the transaction's last statements. A level's CHECK constraint
    /// rejects a result below zero and rolls back the transaction.
    static func post(_ db: any SQLDatabase, _ postings: StockPostings) async throws {
        func insert(_ entry: StockPostings.Entry) async throws {
            try await insertMovement(db, warehouseId: entry.warehouseId, sku: entry.sku, kind: entry.kind, onHandDelta: entry.onHandDelta,
                                     reservedDelta: entry.reservedDelta, orderId: entry.orderId, note: entry.note, at: entry.at)
        }
        for entry in postings.entries where entry.levelExists { try await insert(entry) }
        for entry in postings.levelOrder {
            try await applyToLevel(db, warehouseId: entry.warehouseId, sku: entry.sku, onHandDelta: entry.onHandDelta, reservedDelta: entry.reservedDelta)
        }
        for entry in postings.entries where !entry.levelExists { try await insert(entry) }
    }

    /// One statement when the level exists, as it nearly always does. Not an upsert: PostgreSQL checks CHECK
    /// constraints on the proposed INSERT row before taking the ON CONFLICT path, so a delta row like (0, +5)
    /// would fail although the updated row is valid. Not an `INSERT … ON CONFLICT DO NOTHING` first either: on
    /// PostgreSQL that waits for the level's lock as well, so each step would queue for the hot row twice.
    static func applyToLevel(_ db: any SQLDatabase, warehouseId: String, sku: String, onHandDelta: Int, reservedDelta: Int) async throws {
        let update = SQLQueryString("""
            UPDATE stock_levels SET on_hand = on_hand + \(bind: onHandDelta), reserved = reserved + \(bind: reservedDelta)
            WHERE warehouse_id = \(bind: warehouseId) AND sku = \(bind: sku) RETURNING on_hand
            """)
        if try await db.raw(update).first() != nil { return }
        try await db.raw("""
            INSERT INTO stock_levels (warehouse_id, sku, on_hand, reserved) VALUES (\(bind: warehouseId), \(bind: sku), 0, 0) ON CONFLICT DO NOTHING
            """).run()
        try await db.raw(update).run()
    }
}
