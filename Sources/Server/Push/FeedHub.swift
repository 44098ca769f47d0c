import Foundation
import Logging
import Logistics
import ServiceLifecycle
import Storage
import Synchronization

/// What a live connection receives from the hub: a tracking event or a chat message, each with its position
/// in its own feed.
enum LiveItem: Sendable {
    case tracking(FeedEntry)
    case chat(ChatFeedEntry)
}

/// Whom a live connection is for.
enum LiveAudience: Sendable, Equatable {
    /// Their own orders' events and their own conversations' public messages.
    case customer(String)
    /// Every order's events and every chat message, internal notes included.
    case agents
    /// Every order's events.
    case staff

    init(_ user: User) {
        if !user.role.isStaff { self = .customer(user.id) } else if SupportService.agents.contains(user.role) { self = .agents } else { self = .staff }
    }

    /// The customer whose rows of either feed this audience reads; nil for all of them.
    var customerId: String? {
        if case .customer(let id) = self { return id }
        return nil
    }

    var readsChat: Bool { self != .staff }
}

/// This instance's fan-out of the feeds (tracking and chat) to its live connections. It follows the feeds in
/// the database, so what commits on any instance reaches clients on every instance: a drain here, or a
/// PostgreSQL notification from elsewhere, says "look again"; a one-second poll covers a lost notification.
final class FeedHub: Service, Sendable {
    private struct State {
        var cursor: Int64 = 0
        var chatCursor: Int64 = 0
        var subscribers: [Int: Subscriber] = [:]
        var byCustomer: [String: Set<Int>] = [:]
        /// Staff and agents: every order's events.
        var staff: Set<Int> = []
        /// Every chat message.
        var agents: Set<Int> = []
        var nextToken = 0
    }

    struct Subscriber {
        let audience: LiveAudience
        let continuation: AsyncStream<LiveItem>.Continuation
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

    /// Registers a live connection; what arrives on the stream is after `cursor` and `chatCursor` at the
    /// time of the call.
    func subscribe(_ audience: LiveAudience) -> (token: Int, cursor: Int64, chatCursor: Int64, items: AsyncStream<LiveItem>) {
        let (stream, continuation) = AsyncStream.makeStream(of: LiveItem.self, bufferingPolicy: .bufferingOldest(Self.bufferLimit))
        let (token, cursor, chatCursor) = state.withLock { state -> (Int, Int64, Int64) in
            state.nextToken += 1
            let token = state.nextToken
            state.subscribers[token] = Subscriber(audience: audience, continuation: continuation)
            switch audience {
            case .customer(let id): state.byCustomer[id, default: []].insert(token)
            case .agents: state.staff.insert(token); state.agents.insert(token)
            case .staff: state.staff.insert(token)
            }
            return (token, state.cursor, state.chatCursor)
        }
        continuation.onTermination = { [weak self] _ in self?.unsubscribe(token) }
        return (token, cursor, chatCursor, stream)
    }

    func unsubscribe(_ token: Int) {
        let subscriber = state.withLock { state -> Subscriber? in
            guard let subscriber = state.subscribers.removeValue(forKey: token) else { return nil }
            if let customerId = subscriber.audience.customerId {
                state.byCustomer[customerId]?.remove(token)
                if state.byCustomer[customerId]?.isEmpty == true { state.byCustomer[customerId] = nil }
            }
            state.staff.remove(token)
            state.agents.remove(token)
            return subscriber
        }
        subscriber?.continuation.finish()
    }

    func run() async throws {
        var cursor: Int64 = -1, chatCursor: Int64 = -1
        while cursor < 0, !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                chatCursor = try await store.latestChatPosition()
                cursor = try await store.latestFeedPosition()
            } catch {
                logger.error("feed hub cannot read the feed positions", metadata: ["error": "\(error)"])
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(1)) }
            }
        }
        state.withLock { state in
            state.cursor = max(cursor, 0)
            state.chatCursor = max(chatCursor, 0)
        }
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
                while true {
                    let entries = try await store.chatFeed(after: chatCursor, customerId: nil, limit: 1000)
                    guard let last = entries.last else { break }
                    fanOut(entries, chatCursor: last.position)
                    chatCursor = last.position
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
        let overflowed = state.withLock { state in
            defer { state.cursor = cursor }
            return Self.yield(entries.map { ($0.customerId, LiveItem.tracking($0)) }, to: state.staff, in: state)
        }
        close(overflowed)
        // Server-sent event streams on this instance wait per order; events from another instance wake them here.
        for orderId in Set(entries.map(\.event.orderId)) { changes.publish(orderId: orderId, local: false) }
    }

    private func fanOut(_ entries: [ChatFeedEntry], chatCursor: Int64) {
        let overflowed = state.withLock { state in
            defer { state.chatCursor = chatCursor }
            // An internal note goes to agents only.
            let items = entries.map { ($0.message.internal ? "" : $0.customerId, LiveItem.chat($0)) }
            return Self.yield(items, to: state.agents, in: state)
        }
        close(overflowed)
    }

    /// Yields each item to `everyone` and to its customer's connections; returns the connections that overflowed.
    private static func yield(_ items: [(customerId: String, item: LiveItem)], to everyone: Set<Int>, in state: State) -> Set<Int> {
        var overflowed: Set<Int> = []
        for (customerId, item) in items {
            for token in everyone.union(state.byCustomer[customerId] ?? []) {
                guard let subscriber = state.subscribers[token] else { continue }
                if case .dropped = subscriber.continuation.yield(item) { overflowed.insert(token) }
            }
        }
        return overflowed
    }

    private func close(_ overflowed: Set<Int>) {
        for token in overflowed {
            logger.warning("closing a live connection that fell behind", metadata: ["token": "\(token)"])
            unsubscribe(token)
        }
    }
}
