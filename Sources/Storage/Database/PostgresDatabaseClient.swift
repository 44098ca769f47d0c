import Logging
import PostgresKit
import SQLKit

/// PostgreSQL through PostgresNIO's `PostgresClient` pool.
public final class PostgresDatabaseClient: DatabaseClient {
    public let kind = DatabaseKind.postgres
    private let client: PostgresClient
    private let runner: Task<Void, Never>
    private let logger: Logger

    public init(configuration: PostgresClient.Configuration, logger: Logger) {
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        self.logger = logger
        // The pool only serves while `run()` is running; it stops when the task is cancelled.
        self.runner = Task { await client.run() }
    }

    public func read<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await client.withConnection { connection in try await body(connection.sql()) }
    }

    public func transaction<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        do {
            return try await client.withTransaction(logger: logger) { connection in try await body(connection.sql()) }
        } catch let error as PostgresTransactionError {
            // Callers branch on the domain or driver error, not on the wrapper.
            throw error.closureError ?? error.beginError ?? error.commitError ?? error
        }
    }

    /// Calls `onNotify` with each payload sent on `channel` until the task is cancelled. Holds one pooled
    /// connection for as long as it listens; throws when that connection is lost (the caller reconnects).
    public func listen(channel: String, onNotify: @Sendable (String) async -> Void) async throws {
        try await client.withConnection { connection in
            try await connection.listen(on: channel) { notifications in
                for try await notification in notifications { await onNotify(notification.payload) }
            }
        }
    }

    public func shutdown() async {
        runner.cancel()
        await runner.value
    }
}
