import Logging
import SQLKit

/// The two SQL dialects we speak; DDL and a few statements differ between them.
public enum DatabaseKind: String, Sendable {
    case sqlite, postgres
}

/// A pool of connections to one database, with the two ways the repositories use it.
///
/// All writes go through `transaction`, so every change commits whole or not at all.
public protocol DatabaseClient: Sendable {
    var kind: DatabaseKind { get }
    /// Runs `body` on a connection for reading; no transaction.
    func read<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T
    /// Runs `body` in one transaction; an error rolls everything back.
    func transaction<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T
    /// Closes every connection; call once, at shutdown.
    func shutdown() async
}
