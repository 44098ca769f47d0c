import Logging
import Logistics
import ServiceLifecycle

/// Releases the stock of orders that were not paid in time, on a fixed beat, until shutdown.
struct ReservationExpiryService: Service {
    let orders: OrderService
    let intervalSeconds: Double
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let expired = try await orders.expireReservations()
                if expired > 0 { logger.info("released expired reservations", metadata: ["orders": "\(expired)"]) }
            } catch {
                logger.error("reservation expiry failed", metadata: ["error": "\(error)"])
            }
            // Wakes early on graceful shutdown, so stopping the server never waits a whole interval.
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(Int(intervalSeconds * 1000))) }
        }
    }
}
