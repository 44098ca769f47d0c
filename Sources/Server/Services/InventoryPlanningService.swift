import Foundation
import Logging
import Logistics
import ServiceLifecycle

/// Queues the nightly inventory planning run at the merchant's time, makes queued runs (one instance per
/// run: the store's claim decides) and runs the stock-signal scan on its beat.
struct InventoryPlanningService: Service {
    let replenishment: ReplenishmentService
    let signals: StockSignalService
    let owner: String
    let pollSeconds: Double
    let signalSeconds: Double
    let nightly: Bool
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                if nightly, let run = try await replenishment.queueNightlyRun(owner: owner) {
                    logger.info("nightly inventory run queued", metadata: ["run": "\(run.id)"])
                }
                while let run = try await replenishment.runNext(owner: owner) {
                    AppMetrics.planningRun(run)
                    logger.info("inventory planning run", metadata: ["run": "\(run.id)", "status": "\(run.status.rawValue)",
                                                                     "series": "\(run.figures?.series ?? 0)", "seconds": "\(run.figures?.seconds ?? 0)"])
                    if Task.isShuttingDownGracefully { break }
                }
                if let raised = try await signals.scanIfDue(owner: owner, everySeconds: signalSeconds), !raised.isEmpty {
                    for alert in raised { AppMetrics.stockAlert(kind: alert.kind.rawValue) }
                    logger.info("sales surges", metadata: ["alerts": "\(raised.count)"])
                }
            } catch {
                logger.error("inventory planning failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(Int(pollSeconds * 1000))) }
        }
    }
}
