import ServiceLifecycle
import Storage

/// Keeps the database pool open while the application runs and closes it last on shutdown.
struct DatabaseService: Service {
    let database: any DatabaseClient

    func run() async throws {
        // Closing the pool early would strand every other service, so only a real shutdown or
        // cancellation of the group does it.
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            try? await gracefulShutdown()
        }
        await database.shutdown()
    }
}
