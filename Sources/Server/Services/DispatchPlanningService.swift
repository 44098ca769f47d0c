import Foundation
import Logging
import Logistics
import ServiceLifecycle

/// Queues the plans of warehouses' cut-offs and makes the plans staff or cut-offs asked for, one at a time
/// per instance; the claims in the store let every instance run this without two making the same plan.
struct DispatchPlanningService: Service {
    let dispatch: DispatchService
    let owner: String
    let pollSeconds: Double
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                for request in try await dispatch.runDueCutoffs() {
                    logger.info("cut-off: plan queued", metadata: ["plan": "\(request.id)", "warehouse": "\(request.warehouseId)"])
                }
                // Drain the queue before resting.
                while try await dispatch.runNextPlan(owner: owner), !Task.isShuttingDownGracefully {}
            } catch {
                logger.error("dispatch planning failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(Int(pollSeconds * 1000))) }
        }
    }
}
