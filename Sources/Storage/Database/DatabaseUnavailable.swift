import PostgresNIO
import SQLiteNIO

/// The database could not do the work for a reason outside the request: PostgreSQL unreachable or
/// restarting, or the disk under SQLite full. Nothing was changed (except `outcomeUnknown`, which says it may
/// have been); the same request may succeed later, so the HTTP layer answers 503 with `Retry-After`, not a 500.
public struct DatabaseUnavailable: Error, CustomStringConvertible, Sendable {
    public enum Reason: String, Sendable {
        /// No connection could be had in time, or the server went away.
        case unreachable
        /// The disk is full (SQLite's `SQLITE_FULL`).
        case storageFull
        /// The disk refused a write, a sync or a resize for another reason (SQLite's `SQLITE_IOERR_*`): a
        /// failing or read-only disk, which an operator must look at, unlike a full one that only needs space.
        case storageFailed
        /// The server went away after COMMIT was sent and before it answered: the transaction may have been
        /// made durable or not, and nobody can tell until the server is back. Only the same request sent
        /// again (with its idempotency key) finds out; saying "nothing changed" here would be a lie.
        case outcomeUnknown
    }
    public let reason: Reason
    /// What the driver said, for the log (never for the client).
    public let underlying: String

    public init(_ reason: Reason, underlying: String) {
        self.reason = reason
        self.underlying = underlying
    }

    /// Seconds a client should wait before trying again.
    public var retryAfterSeconds: Int { reason == .unreachable || reason == .outcomeUnknown ? 5 : 30 }

    public var description: String { "database unavailable (\(reason.rawValue)): \(underlying)" }

    /// `error` as a `DatabaseUnavailable` when it is one of the driver's ways of saying so, else nil.
    public static func classify(_ error: any Error) -> DatabaseUnavailable? {
        if let error = error as? DatabaseUnavailable { return error }
        if let error = error as? LeaseTimeout { return .init(.unreachable, underlying: "\(error)") }
        if let error = error as? StatementNotSent { return .init(.unreachable, underlying: "\(error)") }
        // The pool's own errors (circuit breaker tripped, request cancelled, pool shut down) come from a module
        // PostgresKit does not re-export; all of them mean no connection was had.
        if String(reflecting: type(of: error)).hasSuffix("ConnectionPoolError") { return .init(.unreachable, underlying: "\(error)") }
        if let error = error as? PSQLError {
            switch error.code {
            case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed:
                return .init(.unreachable, underlying: "\(error)")
            case .server:
                // Class 08 (connection exception), 57P01-57P03 (shutting down, crashed, starting up).
                let state = error.serverInfo?[.sqlState] ?? ""
                if state.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(state) { return .init(.unreachable, underlying: "\(error)") }
                return nil
            default:
                return nil
            }
        }
        if let error = error as? SQLiteError {
            switch error.reason {
            case .full: return .init(.storageFull, underlying: error.message)
            case .ioError, .ioErrorFailedWrite, .ioErrorFailedSync, .ioErrorFailedTruncate, .ioErrorFailedSharedMemSize:
                return .init(.storageFailed, underlying: error.message)
            default: return nil
            }
        }
        return nil
    }
}
