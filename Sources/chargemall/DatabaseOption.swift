import ArgumentParser
import Foundation
import Server
import Storage

/// `--database URL`, defaulting to `DATABASE_URL`, else the SQLite file under ./data.
struct DatabaseOption: ParsableArguments {
    @Option(name: .long, help: "sqlite:///abs/path.sqlite, sqlite://./rel.sqlite or postgres://user:pass@host:5432/db (default: $DATABASE_URL, else \(DatabaseURL.defaultSQLite))")
    var database: String?

    func url() throws -> DatabaseURL {
        let text = database ?? ProcessInfo.processInfo.environment["DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? DatabaseURL.defaultSQLite
        do {
            return try DatabaseURL(parsing: text)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    /// Where demo-mode secrets live: beside the SQLite file, else ./data.
    func secretsFolder(_ url: DatabaseURL) -> String {
        if case .sqlite(let path) = url, let slash = path.lastIndex(of: "/") { return String(path[..<slash]) }
        return "./data"
    }

    func configuration() throws -> AppConfiguration {
        let url = try url()
        let folder = secretsFolder(url)
        var configuration = AppConfiguration(
            database: url, jwtSecret: try Secrets.value("JWT_SECRET", folder: folder),
            paymentWebhookSecret: try Secrets.value("PAYMENT_WEBHOOK_SECRET", folder: folder),
            carrierWebhookSecret: try Secrets.value("CARRIER_WEBHOOK_SECRET", folder: folder))
        configuration.jwtPreviousSecrets = (ProcessInfo.processInfo.environment["JWT_PREVIOUS_SECRETS"] ?? "")
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return configuration
    }
}
