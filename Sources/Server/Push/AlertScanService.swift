import Foundation
import Logging
import Logistics
import ServiceLifecycle

/// Runs the alert scan on a beat. Each instance tries; the job row (locked with SKIP LOCKED on
/// PostgreSQL, its next run moved forward in the same transaction) lets exactly one of them run it.
struct AlertScanService: Service {
    let alerts: AlertService
    let store: any AlertStore
    let interval: Double
    let owner: String
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                try await runOnce()
            } catch {
                logger.error("alert scan failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(Int(min(interval, 60) * 1000))) }
        }
    }

    /// Runs the scan if this instance wins the claim; returns the alerts raised (nil when not claimed).
    @discardableResult
    func runOnce(now: Date = Date()) async throws -> [Alert]? {
        guard try await store.claimJob("alert_scan", now: now, next: now.addingTimeInterval(interval), owner: owner) else { return nil }
        let resolved = try await store.resolveAlertsOfFinishedOrders(at: now)
        let raised = try await alerts.scan(now: now)
        if !raised.isEmpty || resolved > 0 {
            logger.info("alert scan", metadata: ["raised": "\(raised.count)", "resolved": "\(resolved)"])
        }
        return raised
    }
}
