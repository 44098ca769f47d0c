import Foundation
import Logging
import Logistics
import ServiceLifecycle
import Storage
import Synchronization

/// This instance's fan-out of the feed to its live connections. It follows the feed in the database, so
/// events committed on any instance reach clients on every instance: a drain here, or a PostgreSQL
/// notification from elsewhere, says "look again"; a one-second poll covers a lost notification.
final class FeedHub: Service, Sendable {
    private struct State {
        var cursor: Int64 = 0
        var subscribers: [Int: Subscriber] = [:]
        var byCustomer: [String: Set<Int>] = [:]
        var staff: Set<Int> = []
        var nextToken = 0
    }

    struct Subscriber {
        /// Nil for staff, who see every order.
        let customerId: String?
        let continuation: AsyncStream<FeedEntry>.Continuation
    }

    /// A live connection may fall this far behind before it is closed (it reconnects with `since` and
    /// replays from the database, so nothing is lost and memory stays bounded).
    static let bufferLimit = 5_000

    private let state = Mutex(State())
    let store: any FeedStore
    let changes: OrderChanges
    let logger: Logger
    /// Signalled when new feed positions may exist.
    let newPositions = ChangeSignal()
    let pollInterval: Duration

    init(store: any FeedStore, changes: OrderChanges, pollInterval: Duration = .seconds(1), logger: Logger) {
        self.store = store
        self.changes = changes
        self.pollInterval = pollInterval
        self.logger = logger
    }

    var cursor: Int64 { state.withLock { $0.cursor } }
    var connectionCount: Int { state.withLock { $0.subscribers.count } }

    /// Registers a live connection; what arrives on the stream is after `cursor` at the time of the call.
    func subscribe(customerId: String?) -> (token: Int, cursor: Int64, entries: AsyncStream<FeedEntry>) {
        let (stream, continuation) = AsyncStream.makeStream(of: FeedEntry.self, bufferingPolicy: .bufferingOldest(Self.bufferLimit))
        let (token, cursor) = state.withLock { state -> (Int, Int64) in
            state.nextToken += 1
            let token = state.nextToken
            state.subscribers[token] = Subscriber(customerId: customerId, continuation: continuation)
            if let customerId { state.byCustomer[customerId, default: []].insert(token) } else { state.staff.insert(token) }
            return (token, state.cursor)
        }
        continuation.onTermination = { [weak self] _ in self?.unsubscribe(token) }
        return (token, cursor, stream)
    }

    func unsubscribe(_ token: Int) {
        let subscriber = state.withLock { state -> Subscriber? in
            guard let subscriber = state.subscribers.removeValue(forKey: token) else { return nil }
            if let customerId = subscriber.customerId {
                state.byCustomer[customerId]?.remove(token)
                if state.byCustomer[customerId]?.isEmpty == true { state.byCustomer[customerId] = nil }
            } else {
                state.staff.remove(token)
            }
            return subscriber
        }
        subscriber?.continuation.finish()
    }

    func run() async throws {
        var cursor: Int64 = -1
        while cursor < 0, !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                cursor = try await store.latestFeedPosition()
            } catch {
                logger.error("feed hub cannot read the feed position", metadata: ["error": "\(error)"])
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(1)) }
            }
        }
        state.withLock { $0.cursor = max(cursor, 0) }
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let seen = newPositions.generation
            do {
                while true {
                    let entries = try await store.feed(after: cursor, customerId: nil, limit: 1000)
                    guard let last = entries.last else { break }
                    fanOut(entries, cursor: last.position)
                    cursor = last.position
                    if entries.count < 1000 { break }
                }
            } catch {
                logger.error("feed hub read failed", metadata: ["error": "\(error)"])
            }
            await cancelWhenGracefulShutdown { await self.newPositions.wait(after: seen, timeout: self.pollInterval) }
        }
        // Closing the streams ends every connection's loop; clients reconnect elsewhere with `since`.
        let all = state.withLock { state in Array(state.subscribers.keys) }
        for token in all { unsubscribe(token) }
    }

    private func fanOut(_ entries: [FeedEntry], cursor: Int64) {
        var overflowed: [Int] = []
        state.withLock { state in
            for entry in entries {
                let targets = state.staff.union(state.byCustomer[entry.customerId] ?? [])
                for token in targets {
                    guard let subscriber = state.subscribers[token] else { continue }
                    if case .dropped = subscriber.continuation.yield(entry) { overflowed.append(token) }
                }
            }
            state.cursor = cursor
        }
        for token in Set(overflowed) {
            logger.warning("closing a live connection that fell behind", metadata: ["token": "\(token)"])
            unsubscribe(token)
        }
        // Server-sent event streams on this instance wait per order; events from another instance wake them here.
        for orderId in Set(entries.map(\.event.orderId)) { changes.publish(orderId: orderId, local: false) }
    }
}
