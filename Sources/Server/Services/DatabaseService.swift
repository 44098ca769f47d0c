import ServiceLifecycle
import Storage

/// Keeps the database pool open while the application runs and closes it last on shutdown.
struct DatabaseService: Service {
    let database: any DatabaseClient

    func run() async throws {
        try? await gracefulShutdown()
        await database.shutdown()
    }
}
