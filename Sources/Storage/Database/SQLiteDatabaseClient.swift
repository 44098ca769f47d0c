import Foundation
import Logging
import NIOPosix
import SQLKit
import SQLiteKit
import Synchronization

/// SQLite in WAL mode: one writer connection (SQLite allows one writer at a time anyway) and a few
/// reader connections that read concurrently with it.
public final class SQLiteDatabaseClient: DatabaseClient {
    public let kind = DatabaseKind.sqlite
    private let writer: SQLiteConnection
    private let writerGate = AsyncGate()
    private let readers: [(connection: SQLiteConnection, gate: AsyncGate)]
    private let nextReader = Mutex(0)
    private let checkpoints = Mutex(Checkpoints())
    private let logger: Logger

    /// Opens (creating if needed) the database file and its folder.
    public static func open(path: String, readers: Int = 2, logger: Logger) async throws -> SQLiteDatabaseClient {
        if let slash = path.lastIndex(of: "/"), case let folder = String(path[..<slash]), !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let writer = try await openConnection(path: path, logger: logger)
        // WAL lets readers proceed while the writer commits; NORMAL sync is durable across app crashes
        // and loses at most the last transactions on power loss, the usual trade-off for WAL.
        _ = try await writer.query("PRAGMA journal_mode=WAL")
        _ = try await writer.query("PRAGMA synchronous=NORMAL")
        // SQLite checkpoints after a COMMIT and reports the checkpoint's failure (a full disk) as the
        // COMMIT's, although the transaction is durable in the WAL: a client told "nothing changed" would
        // find its order placed. So the writer checkpoints itself, after the commit, apart from it.
        _ = try await writer.query("PRAGMA wal_autocheckpoint=0")
        var readerConnections: [(SQLiteConnection, AsyncGate)] = []
        for _ in 0..<max(1, readers) {
            readerConnections.append((try await openConnection(path: path, logger: logger), AsyncGate()))
        }
        return SQLiteDatabaseClient(writer: writer, readers: readerConnections, logger: logger)
    }

    private static func openConnection(path: String, logger: Logger) async throws -> SQLiteConnection {
        let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        _ = try await connection.query("PRAGMA foreign_keys=ON")
        _ = try await connection.query("PRAGMA busy_timeout=10000")
        return connection
    }

    private init(writer: SQLiteConnection, readers: [(SQLiteConnection, AsyncGate)], logger: Logger) {
        self.logger = logger
        self.writer = writer
        self.readers = readers.map { (connection: $0.0, gate: $0.1) }
    }

    public func read<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        let index = nextReader.withLock { value in
            value = (value + 1) % readers.count
            return value
        }
        let reader = readers[index]
        do {
            return try await reader.gate.withGate { try await body(reader.connection.sql()) }
        } catch {
            throw DatabaseUnavailable.classify(error) ?? error
        }
    }

    public func transaction<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await writerGate.withGate {
            let database = writer.sql()
            try await database.raw("BEGIN IMMEDIATE").run()
            do {
                let result = try await body(database)
                try await database.raw("COMMIT").run()
                checkpointNowAndThen()
                return result
            } catch {
                try? await database.raw("ROLLBACK").run()
                // A full disk is the one failure here that the request did not cause.
                throw DatabaseUnavailable.classify(error) ?? error
            }
        }
    }

    private struct Checkpoints {
        var commits = 0
        var running: Task<Void, Never>?
    }

    /// A passive checkpoint every 100 commits (SQLite's own default is about every 1,000 pages), on a reader
    /// connection in a task of its own: neither the commit that made it due nor the writer waits for it (a
    /// passive checkpoint copies what no reader still needs and never blocks a writer). A failure is logged,
    /// never the commit's: the data is safe in the WAL and the next checkpoint catches up.
    private func checkpointNowAndThen() {
        checkpoints.withLock { state in
            state.commits += 1
            guard state.commits >= 100, state.running == nil else { return }
            state.commits = 0
            state.running = Task {
                do {
                    try await read { try await $0.raw("PRAGMA wal_checkpoint(PASSIVE)").run() }
                } catch {
                    logger.warning("WAL checkpoint failed; retried after the next 100 commits", metadata: ["error": "\(error)"])
                }
                checkpoints.withLock { $0.running = nil }
            }
        }
    }

    public func shutdown() async {
        // A checkpoint under way finishes before its connection closes.
        await checkpoints.withLock { $0.running }?.value
        try? await writer.close()
        for reader in readers { try? await reader.connection.close() }
    }
}
