import Logging
import Logistics
import ServiceLifecycle

/// Releases the stock of orders that were not paid in time, on a fixed beat, until shutdown; again after a
/// second when a sweep stopped with more due (lapses faster than a sweep a beat releases: a flash sale's
/// unpaid orders, or a soak at full speed), so none holds its stock much past its time.
struct ReservationExpiryService: Service {
    let orders: OrderService
    let intervalSeconds: Double
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            var pause = intervalSeconds
            do {
                let sweep = try await orders.sweepReservations()
                if sweep.expired > 0 { logger.info("released expired reservations", metadata: ["orders": "\(sweep.expired)"]) }
                if sweep.moreDue { pause = min(pause, 1) }
            } catch {
                logger.error("reservation expiry failed", metadata: ["error": "\(error)"])
            }
            // Wakes early on graceful shutdown, so stopping the server never waits a whole interval.
            let wait = pause
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(Int(wait * 1000))) }
        }
    }
}
