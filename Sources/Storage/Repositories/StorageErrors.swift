import PostgresNIO
import SQLiteNIO

/// Recognises constraint failures of either driver, so callers can turn them into domain errors.
enum StorageErrors {
    static func isUniqueViolation(_ error: any Error) -> Bool {
        if let error = error as? PSQLError { return error.serverInfo?[.sqlState] == "23505" }
        if let error = error as? SQLiteError {
            return error.reason == .constraintUniqueFailed || error.reason == .constraintPrimaryKeyFailed
                || (error.reason == .constraint && error.message.contains("UNIQUE"))
        }
        return false
    }

    /// The constraint (PostgreSQL) or column list (SQLite) a unique violation names, if `error` is one.
    static func uniqueViolationTarget(_ error: any Error) -> String? {
        guard isUniqueViolation(error) else { return nil }
        if let error = error as? PSQLError { return error.serverInfo?[.constraintName] ?? "" }
        if let error = error as? SQLiteError { return error.message }
        return ""
    }

    static func isCheckViolation(_ error: any Error) -> Bool {
        if let error = error as? PSQLError { return error.serverInfo?[.sqlState] == "23514" }
        if let error = error as? SQLiteError {
            return error.reason == .constraintCheckFailed || (error.reason == .constraint && error.message.contains("CHECK"))
        }
        return false
    }
}
