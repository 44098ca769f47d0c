import Logging
import ServiceLifecycle

/// Wraps a service so that a graceful shutdown it does not finish within `patience` is logged by name, and
/// again every `patience` after: a server that will not stop says which part holds it (a CI run of the
/// PostgreSQL restart fault once saw a server keep polling for minutes after SIGTERM, naming nothing).
struct ShutdownWatch: Service, CustomStringConvertible {
    let base: any Service
    let name: String
    let patience: Duration
    let logger: Logger

    var description: String { name }

    func run() async throws {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await base.run()
                return true
            }
            group.addTask {
                // Waits for shutdown to begin, then complains until cancelled (when the service has ended).
                do {
                    try await gracefulShutdown()
                    var waited = Duration.zero
                    while true {
                        try await Task.sleep(for: patience)
                        waited += patience
                        logger.warning("service still stopping after shutdown began", metadata: ["service": "\(name)", "waited": "\(waited)"])
                    }
                } catch {
                    return false
                }
            }
            // Only the service throws; the watcher ends without a word when cancelled.
            while let serviceEnded = try await group.next() {
                if serviceEnded { break }
            }
            group.cancelAll()
        }
    }
}

extension Service {
    /// This service, watched while it stops (see `ShutdownWatch`).
    func watched(_ name: String, logger: Logger, patience: Duration = .seconds(5)) -> any Service {
        ShutdownWatch(base: self, name: name, patience: patience, logger: logger)
    }
}
