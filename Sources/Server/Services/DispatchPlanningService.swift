import Foundation
import Logging
import Logistics
import ServiceLifecycle

/// Makes the plans staff asked for, one at a time per instance; the claim in the store lets every instance
/// run this without two making the same plan.
struct DispatchPlanningService: Service {
    let dispatch: DispatchService
    let owner: String
    let pollSeconds: Double
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                // Drain the queue before resting.
                while try await dispatch.runNextPlan(owner: owner), !Task.isShuttingDownGracefully {}
            } catch {
                logger.error("dispatch planning failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(Int(pollSeconds * 1000))) }
        }
    }
}
