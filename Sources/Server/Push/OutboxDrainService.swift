import Foundation
import Logging
import Logistics
import ServiceLifecycle
import Storage

/// Gives committed outbox rows their feed positions as soon as they commit (woken by every local
/// commit; a poll catches the rest), then wakes this instance's hub and delivery worker.
struct OutboxDrainService: Service {
    let store: any FeedStore
    let changes: OrderChanges
    let hub: FeedHub
    let deliveriesQueued: ChangeSignal
    let pollInterval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let seen = changes.outboxWritten.generation
            do {
                try await drainAll()
            } catch {
                logger.error("outbox drain failed", metadata: ["error": "\(error)"])
            }
            await cancelWhenGracefulShutdown { await changes.outboxWritten.wait(after: seen, timeout: pollInterval) }
        }
        // Positions for what committed during shutdown: the next instance to start would give them anyway.
        try? await drainAll()
    }

    func drainAll() async throws {
        var busyRounds = 0
        while true {
            guard let result = try await store.drainOutbox(limit: 1000, now: Date()) else {
                // Another instance is draining; it may not see rows that committed after its read, so look again.
                busyRounds += 1
                if busyRounds > 200 { return }
                try await Task.sleep(for: .milliseconds(5))
                continue
            }
            if result.positioned > 0 { deliveriesQueued.signal() }
            if result.positioned > 0 || result.chatPositioned > 0 { hub.newPositions.signal() }
            if result.positioned < 1000, result.chatPositioned < 1000 { return }
        }
    }
}

/// Turns PostgreSQL notifications from other instances' drains into wake-ups of this instance's hub.
struct FeedListenerService: Service {
    let database: PostgresDatabaseClient
    let hub: FeedHub
    let deliveriesQueued: ChangeSignal
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                try await cancelWhenGracefulShutdown {
                    try await database.listen(channel: SQLLogisticsStore.feedChannel) { _ in
                        hub.newPositions.signal()
                        deliveriesQueued.signal()
                    }
                }
            } catch {
                if Task.isShuttingDownGracefully || Task.isCancelled { break }
                logger.warning("feed listener lost its connection; reconnecting", metadata: ["error": "\(String(reflecting: error))"])
                // The hub polls meanwhile, so a gap costs latency, not events.
                hub.newPositions.signal()
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(1)) }
            }
        }
    }
}
