import ArgumentParser
import Foundation
import Logging
import Storage

/// `chargemall backup`: one file holding the whole database, taken while the server runs.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Back up the database to one file, online (SQLite: VACUUM INTO; PostgreSQL: pg_dump --format=custom).",
        discussion: """
            Examples:
              chargemall backup --out backups/chargemall-2026-12-03.sqlite
              chargemall backup --database postgres://chargemall:secret@127.0.0.1:5432/chargemall --out backups/chargemall.dump
            """)

    @OptionGroup var database: DatabaseOption
    @Option(help: "The backup file to write (never overwritten).") var out: String

    func run() async throws {
        let url = try database.url()
        let started = Date()
        do {
            let summary = try await DatabaseBackup.backup(url, to: out, logger: Logger(label: "chargemall.backup"))
            print("backed up \(url) to \(out): \(summary.bytes) bytes, schema \(summary.schemaVersion), \(summary.orders) orders, "
                  + "\(summary.users) users, in " + String(format: "%.1f s", Date().timeIntervalSince(started)))
        } catch let failure as DatabaseBackup.Failure {
            throw ValidationError(failure.description)
        }
    }
}

/// `chargemall restore`: a backup file back into a database (stop the server first).
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a backup file into the database (SQLite: a new file, or --replace; PostgreSQL: an existing database, replaced).",
        discussion: """
            Stop the server first. The schema is brought up to this release's afterwards.
            Examples:
              chargemall restore --from backups/chargemall-2026-12-03.sqlite --database sqlite://./data/restored.sqlite
              chargemall restore --from backups/chargemall.dump --database postgres://chargemall:secret@127.0.0.1:5432/chargemall_restored
            """)

    @OptionGroup var database: DatabaseOption
    @Option(help: "The backup file.") var from: String
    @Flag(help: "Restore over an existing SQLite file.") var replace = false

    func run() async throws {
        let url = try database.url()
        let started = Date()
        do {
            let summary = try await DatabaseBackup.restore(from, into: url, replace: replace, logger: Logger(label: "chargemall.restore"))
            print("restored \(from) into \(url): schema \(summary.schemaVersion), \(summary.orders) orders, \(summary.users) users, in "
                  + String(format: "%.1f s", Date().timeIntervalSince(started)))
        } catch let failure as DatabaseBackup.Failure {
            throw ValidationError(failure.description)
        }
    }
}
