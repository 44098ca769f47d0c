import Foundation
import Logging
import PostgresKit

/// Where the data lives, parsed from `--database` / `DATABASE_URL`.
///
/// `sqlite:///abs/path.sqlite`, `sqlite://./relative.sqlite`,
/// `postgres://user:pass@host:5432/db[?sslmode=disable|prefer|require]`.
public enum DatabaseURL: Equatable, Sendable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(host: String, port: Int, username: String, password: String?, database: String, tls: TLSMode)

    public enum TLSMode: String, Sendable { case disable, prefer, require }

    public static let defaultSQLite = "sqlite://./data/chargemall.sqlite"

    public struct ParseError: Error, CustomStringConvertible {
        public let description: String
    }

    public init(parsing text: String) throws {
        if text.hasPrefix("sqlite://") {
            let path = String(text.dropFirst("sqlite://".count))
            guard !path.isEmpty else { throw ParseError(description: "sqlite URL has no path: \(text)") }
            self = .sqlite(path: path)
            return
        }
        guard let components = URLComponents(string: text), ["postgres", "postgresql"].contains(components.scheme ?? ""),
            let host = components.host, !host.isEmpty
        else {
            throw ParseError(description: "expected sqlite://PATH or postgres://user:pass@host:port/db, got \(text)")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        let mode = components.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? "prefer"
        self = .postgres(
            host: host, port: components.port ?? 5432, username: components.user ?? "postgres",
            password: components.password?.removingPercentEncoding, database: database.isEmpty ? (components.user ?? "postgres") : database,
            tls: TLSMode(rawValue: mode) ?? (mode == "verify-full" || mode == "verify-ca" ? .require : .prefer))
    }

    /// The URL with the password hidden, for logs.
    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite://\(path)"
        case .postgres(let host, let port, let username, _, let database, _): "postgres://\(username):***@\(host):\(port)/\(database)"
        }
    }

    /// The URL itself, password included: what `--database` / `DATABASE_URL` take.
    public var connectionString: String {
        switch self {
        case .sqlite(let path): return "sqlite://\(path)"
        case .postgres(let host, let port, let username, let password, let database, let tls):
            let secret = password.flatMap { $0.addingPercentEncoding(withAllowedCharacters: .urlPasswordAllowed) }.map { ":" + $0 } ?? ""
            return "postgres://\(username)\(secret)@\(host):\(port)/\(database)?sslmode=\(tls.rawValue)"
        }
    }

    /// Opens a pool (of at most `connections` to PostgreSQL) and, unless told not to, brings the schema up to date.
    public func connect(logger: Logger, migrate: Bool = true, connections: Int = 20) async throws -> any DatabaseClient {
        let client: any DatabaseClient
        switch self {
        case .sqlite(let path):
            client = try await SQLiteDatabaseClient.open(path: path, logger: logger)
        case .postgres(let host, let port, let username, let password, let database, let tls):
            let tlsSetting: PostgresClient.Configuration.TLS =
                switch tls {
                case .disable: .disable
                case .prefer: .prefer(.makeClientConfiguration())
                case .require: .require(.makeClientConfiguration())
                }
            var configuration = PostgresClient.Configuration(host: host, port: port, username: username, password: password, database: database, tls: tlsSetting)
            configuration.options.maximumConnections = connections
            client = PostgresDatabaseClient(configuration: configuration, logger: logger)
        }
        guard migrate else { return client }
        do {
            try await Migrator(client: client, logger: logger).migrate()
        } catch {
            await client.shutdown()
            throw error
        }
        return client
    }
}
