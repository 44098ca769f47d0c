import Foundation
import Logging
import Logistics
import SQLKit
import Storage

/// A database engine a test runs against. PostgreSQL joins when `DATABASE_URL` names a server.
public enum TestDatabase: String, Sendable, CaseIterable, CustomStringConvertible {
    case sqlite, postgres

    /// A test's PostgreSQL pool: enough for a live server's background services and its requests.
    public static let poolSize = 8

    public var description: String { rawValue }

    /// The engines available here; CI sets `DATABASE_URL`, so there both run.
    public static var available: [TestDatabase] {
        postgresURL == nil ? [.sqlite] : [.sqlite, .postgres]
    }

    /// `DATABASE_URL` when it points at PostgreSQL.
    public static var postgresURL: String? {
        guard let url = ProcessInfo.processInfo.environment["DATABASE_URL"], url.hasPrefix("postgres") else { return nil }
        return url
    }

    public static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    static let logger: Logger = {
        var logger = Logger(label: "test.db")
        logger.logLevel = .warning
        return logger
    }()

    /// Runs `body` against a new, migrated, empty database that is removed afterwards.
    public func withFresh<T: Sendable>(_ body: (any DatabaseClient) async throws -> T) async throws -> T {
        try await withFresh { client, _ in try await body(client) }
    }

    /// The same, also telling where the database is (for a server process started by the test).
    public func withFresh<T: Sendable>(_ body: (any DatabaseClient, DatabaseURL) async throws -> T) async throws -> T {
        switch self {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chargemall-test-\(UUID().uuidString)").path
            let url = DatabaseURL.sqlite(path: folder + "/test.sqlite")
            let client = try await url.connect(logger: Self.logger)
            do {
                let result = try await body(client, url)
                await client.shutdown()
                try? FileManager.default.removeItem(atPath: folder)
                return result
            } catch {
                await client.shutdown()
                try? FileManager.default.removeItem(atPath: folder)
                throw error
            }
        case .postgres:
            guard let text = Self.postgresURL, case .postgres(let host, let port, let user, let password, _, let tls) = try DatabaseURL(parsing: text) else {
                throw TestDatabaseError.postgresUnavailable
            }
            let name = "chargemall_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            // Tests run side by side, each with its own database and pool: small pools keep them all within the
            // server's max_connections (a refused connection would stall a request until the client gives up).
            let admin = try await DatabaseURL(parsing: text).connect(logger: Self.logger, migrate: false, connections: 1)
            try await admin.read { db in try await db.raw("CREATE DATABASE \(unsafeRaw: name)").run() }
            let url = DatabaseURL.postgres(host: host, port: port, username: user, password: password, database: String(name), tls: tls)
            let client: any DatabaseClient
            do {
                client = try await url.connect(logger: Self.logger, connections: Self.poolSize)
            } catch {
                await admin.shutdown()
                throw error
            }
            func cleanUp() async {
                await client.shutdown()
                _ = try? await admin.read { db in try await db.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name) WITH (FORCE)").run() }
                await admin.shutdown()
            }
            do {
                let result = try await body(client, url)
                await cleanUp()
                return result
            } catch {
                await cleanUp()
                throw error
            }
        }
    }
}

public enum TestDatabaseError: Error {
    case postgresUnavailable
}
