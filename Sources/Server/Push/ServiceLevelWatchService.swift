import Foundation
import Logging
import Logistics
import ServiceLifecycle

/// Runs the service-level watch on a beat; the job row lets one instance run it each time.
struct ServiceLevelWatchService: Service {
    let desk: ServiceDeskService
    let jobs: any JobStore
    let interval: Double
    let owner: String
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                let now = Date()
                if try await jobs.claimJob("service_level_watch", now: now, next: now.addingTimeInterval(interval), owner: owner) {
                    let warnings = try await desk.watch()
                    if !warnings.isEmpty {
                        AppMetrics.serviceLevelWarnings(warnings.count)
                        logger.info("service-level warnings", metadata: ["given": "\(warnings.count)"])
                    }
                }
            } catch {
                logger.error("service-level watch failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(Int(min(interval, 60) * 1000))) }
        }
    }
}
