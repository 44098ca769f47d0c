import Foundation
import Logging
import Logistics
import ServiceLifecycle

/// Runs a job on a beat on every instance; the job's row (locked with SKIP LOCKED on PostgreSQL, its next run
/// moved forward in the same transaction) lets exactly one of them run it each time.
struct ClaimedJobService: Service {
    let name: String
    let jobs: any JobStore
    let interval: Double
    let owner: String
    let logger: Logger
    let job: @Sendable (Date) async throws -> Void

    func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                let now = Date()
                if try await jobs.claimJob(name, now: now, next: now.addingTimeInterval(interval), owner: owner) { try await job(now) }
            } catch {
                logger.error("job failed", metadata: ["job": "\(name)", "error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(Int(min(interval, 60) * 1000))) }
        }
    }

    /// The alert scan: late and stuck orders raised, finished orders' alerts resolved.
    static func alertScan(_ alerts: AlertService, store: any AlertStore, interval: Double, owner: String, logger: Logger) -> ClaimedJobService {
        ClaimedJobService(name: "alert_scan", jobs: store, interval: interval, owner: owner, logger: logger) { now in
            let resolved = try await store.resolveAlertsOfFinishedOrders(at: now)
            let raised = try await alerts.scan(now: now)
            if !raised.isEmpty || resolved > 0 {
                logger.info("alert scan", metadata: ["raised": "\(raised.count)", "resolved": "\(resolved)"])
            }
        }
    }

    /// The service-level watch: agents warned of conversations whose clocks are about to break, or broke.
    static func serviceLevelWatch(_ desk: ServiceDeskService, jobs: any JobStore, interval: Double, owner: String, logger: Logger) -> ClaimedJobService {
        ClaimedJobService(name: "service_level_watch", jobs: jobs, interval: interval, owner: owner, logger: logger) { _ in
            let warnings = try await desk.watch()
            if !warnings.isEmpty {
                AppMetrics.serviceLevelWarnings(warnings.count)
                logger.info("service-level warnings", metadata: ["given": "\(warnings.count)"])
            }
        }
    }
}
