import Foundation
import Logging
import SQLKit

/// Online backups and restores of the product's database, one file each.
///
/// - SQLite: `VACUUM INTO` writes a consistent, compacted copy while the server keeps serving (readers and
///   the writer carry on; the copy is one read transaction's snapshot). A restore puts the file in place of
///   a database that is not in use, after an integrity check.
/// - PostgreSQL: `pg_dump --format=custom` (a consistent snapshot, online), restored with `pg_restore` into
///   an empty database (`--clean` replaces what is there).
///
/// Either way the restored database is opened and its schema brought up to date, so a backup from an older
/// release restores into this one.
public enum DatabaseBackup {
    public struct Summary: Sendable, Equatable {
        public var bytes: Int
        public var schemaVersion: Int
        public var orders: Int
        public var users: Int
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(_ description: String) { self.description = description }
    }

    /// Writes a backup of `url` to `file` (which must not exist).
    public static func backup(_ url: DatabaseURL, to file: String, logger: Logger) async throws -> Summary {
        guard !FileManager.default.fileExists(atPath: file) else { throw Failure("\(file) exists: a backup never overwrites a file") }
        if let slash = file.lastIndex(of: "/"), case let folder = String(file[..<slash]), !folder.isEmpty {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        switch url {
        case .sqlite:
            let client = try await url.connect(logger: logger, migrate: false)
            do {
                try await client.read { db in try await db.raw("VACUUM INTO \(bind: file)").run() }
            } catch {
                await client.shutdown()
                throw Failure("SQLite backup failed: \(error)")
            }
            await client.shutdown()
        case .postgres:
            try run("pg_dump", ["--format=custom", "--no-owner", "--file=\(file)", "--dbname=\(libpqURL(url))"], password: url)
        }
        return try await summary(of: url, file: file, logger: logger)
    }

    /// Restores `file` into `url`: a SQLite file that must not exist unless `replace`; a PostgreSQL database
    /// that must exist (its contents are replaced).
    public static func restore(_ file: String, into url: DatabaseURL, replace: Bool, logger: Logger) async throws -> Summary {
        guard let handle = FileHandle(forReadingAtPath: file) else { throw Failure("cannot read \(file)") }
        let magic = (try? handle.read(upToCount: 16)) ?? Data()
        try? handle.close()
        switch url {
        case .sqlite(let path):
            guard magic.starts(with: Data("SQLite format 3".utf8)) else { throw Failure("\(file) is not a SQLite backup") }
            if FileManager.default.fileExists(atPath: path) {
                guard replace else { throw Failure("\(path) exists: pass --replace to restore over it (stop the server first)") }
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            }
            if let slash = path.lastIndex(of: "/"), case let folder = String(path[..<slash]), !folder.isEmpty {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
            try FileManager.default.copyItem(atPath: file, toPath: path)
            let client = try await url.connect(logger: logger, migrate: false)
            let check = try await client.read { db in try await db.raw("PRAGMA integrity_check").first()?.decode(column: "integrity_check", as: String.self) }
            await client.shutdown()
            guard check == "ok" else {
                try? FileManager.default.removeItem(atPath: path)
                throw Failure("the restored file fails SQLite's integrity check: \(check ?? "no answer")")
            }
        case .postgres:
            guard magic.starts(with: Data("PGDMP".utf8)) else { throw Failure("\(file) is not a PostgreSQL backup (pg_dump --format=custom)") }
            try run("pg_restore", ["--clean", "--if-exists", "--no-owner", "--exit-on-error", "--dbname=\(libpqURL(url))", file], password: url)
        }
        // Brings a backup from an older release up to this one's schema.
        let client = try await url.connect(logger: logger, migrate: true)
        await client.shutdown()
        return try await summary(of: url, file: file, logger: logger)
    }

    static func summary(of url: DatabaseURL, file: String, logger: Logger) async throws -> Summary {
        let bytes = (try FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.intValue ?? 0
        let client = try await url.connect(logger: logger, migrate: false, connections: 1)
        do {
            let summary = try await client.read { db in
                func count(_ sql: String) async throws -> Int {
                    try await db.raw("\(unsafeRaw: sql)").first()?.decode(column: "n", as: Int.self) ?? 0
                }
                return Summary(bytes: bytes, schemaVersion: try await count("SELECT MAX(version) AS n FROM schema_migrations"),
                               orders: try await count("SELECT COUNT(*) AS n FROM orders"), users: try await count("SELECT COUNT(*) AS n FROM users"))
            }
            await client.shutdown()
            return summary
        } catch {
            await client.shutdown()
            throw error
        }
    }

    /// The URL libpq's tools take (the password travels in the environment, not on the command line).
    static func libpqURL(_ url: DatabaseURL) -> String {
        guard case .postgres(let host, let port, let username, _, let database, let tls) = url else { return "" }
        let mode = tls == .require ? "require" : tls == .disable ? "disable" : "prefer"
        return "postgresql://\(username)@\(host):\(port)/\(database)?sslmode=\(mode)"
    }

    static func run(_ tool: String, _ arguments: [String], password url: DatabaseURL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        var environment = ProcessInfo.processInfo.environment
        if case .postgres(_, _, _, let password?, _, _) = url { environment["PGPASSWORD"] = password }
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw Failure("\(tool) could not be started (is the PostgreSQL client installed?): \(error)")
        }
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure("\(tool) failed (exit \(process.terminationStatus)): \(String(decoding: message, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))")
        }
    }
}
