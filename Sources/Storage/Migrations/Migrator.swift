import Foundation
import Logging
import SQLKit

/// Applies the numbered migrations that a database has not seen yet, each in its own transaction.
public struct Migrator: Sendable {
    let client: any DatabaseClient
    let logger: Logger

    public init(client: any DatabaseClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    static let all: [Migration] = [Schema.v1Core, Schema.v2CarrierTracking, Schema.v3Notifications, Schema.v4Dispatch, Schema.v5ProofAndPlanRules,
                                   Schema.v6InventoryOperations, Schema.v7WebhookTopics,
                                   Schema.v8Support, Schema.v9LiveChat, Schema.v10Refunds, Schema.v11ChatAttachments,
                                   Schema.v12ReturnPickups, Schema.v13RouteEnergy,
                                   Schema.v14ChargingStops, Schema.v15SessionFamilies,
                                   Schema.v16AuditLog, Schema.v17ReservationExpiryIndex,
                                   Schema.v18ParcelDeliveries]

    /// Versions applied, in order.
    @discardableResult
    public func migrate() async throws -> [Int] {
        try await client.transaction { db in
            // IF NOT EXISTS is not safe against a concurrent creator in PostgreSQL; the lock is.
            if client.kind == .postgres { try await db.raw("SELECT pg_advisory_xact_lock(72010)").run() }
            try await db.raw("CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)").run()
        }
        var applied: [Int] = []
        for migration in Self.all {
            let didApply = try await client.transaction { db -> Bool in
                if client.kind == .postgres {
                    // Two instances starting together must not both run a migration.
                    try await db.raw("SELECT pg_advisory_xact_lock(72010)").run()
                }
                let done = try await db.raw("SELECT version FROM schema_migrations WHERE version = \(bind: migration.version)").first()
                guard done == nil else { return false }
                for statement in migration.statements(client.kind) {
                    try await db.raw("\(unsafeRaw: statement)").run()
                }
                let now = Int(Date().timeIntervalSince1970 * 1000)
                try await db.raw("INSERT INTO schema_migrations (version, name, applied_at) VALUES (\(bind: migration.version), \(bind: migration.name), \(bind: now))").run()
                return true
            }
            if didApply {
                logger.info("applied migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
                applied.append(migration.version)
            }
        }
        return applied
    }

    /// The highest version in this build.
    public static var latestVersion: Int { all.map(\.version).max() ?? 0 }
}
