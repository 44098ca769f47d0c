import Logging
import PostgresKit
import SQLKit
import Synchronization

/// PostgreSQL through PostgresNIO's `PostgresClient` pool, with two guards the pool lacks: a request waits
/// at most `leaseTimeout` for a connection (the pool itself would wait a minute for a server that is down,
/// until its circuit breaker trips), and once the server is known to be down, requests fail at once with
/// `DatabaseUnavailable` while one request a second probes it. Both turn an outage into quick 503s.
public final class PostgresDatabaseClient: DatabaseClient {
    public let kind = DatabaseKind.postgres
    private let client: PostgresClient
    private let runner: Task<Void, Never>
    private let logger: Logger
    private let leaseTimeout: Duration
    private let reachability: Reachability

    public init(configuration: PostgresClient.Configuration, leaseTimeout: Duration = .seconds(10), logger: Logger) {
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        self.logger = logger
        self.leaseTimeout = leaseTimeout
        self.reachability = Reachability(probeInterval: .seconds(1), busyAllowance: leaseTimeout)
        // The pool only serves while `run()` is running; it stops when the task is cancelled.
        self.runner = Task { await client.run() }
    }

    public func read<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await guarded { connection in try await body(connection.sql()) }
    }

    public func transaction<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await guarded { [logger] connection in
            do {
                return try await connection.withTransaction(logger: logger) { connection in try await body(connection.sql()) }
            } catch let error as PostgresTransactionError {
                // Callers branch on the domain or driver error, not on the wrapper.
                throw error.closureError ?? error.beginError ?? error.commitError ?? error
            }
        }
    }

    /// Calls `onNotify` with each payload sent on `channel` until the task is cancelled. Holds one pooled
    /// connection for as long as it listens; throws when that connection is lost (the caller reconnects).
    public func listen(channel: String, onNotify: @Sendable (String) async -> Void) async throws {
        try await guarded { connection in
            try await connection.listen(on: channel) { notifications in
                for try await notification in notifications { await onNotify(notification.payload) }
            }
        }
    }

    public func shutdown() async {
        runner.cancel()
        await runner.value
    }

    private func guarded<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try reachability.admit()
        do {
            let result = try await withLease(body)
            reachability.reached()
            return result
        } catch {
            // A caller that went away cancelled its own wait: that says nothing about the server.
            if Task.isCancelled { throw error }
            guard let unavailable = DatabaseUnavailable.classify(error) else {
                reachability.reached()
                throw error
            }
            if reachability.failed(leaseTimedOut: error is LeaseTimeout) {
                logger.warning("PostgreSQL unreachable; answering 503 until it is back", metadata: ["error": "\(unavailable.underlying)"])
            }
            throw unavailable
        }
    }

    /// Runs `body` with a pooled connection, waiting at most `leaseTimeout` for one. The lease is held by a
    /// child task (the pool's API is scoped), which hands the connection over and waits for it back.
    private func withLease<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let handoff = LeaseHandoff()
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { [client] in
                do {
                    try await client.withConnection { connection in
                        guard handoff.deliver(.success(connection)) else { return }
                        await handoff.waitForRelease()
                    }
                } catch {
                    _ = handoff.deliver(.failure(error))
                }
            }
            group.addTask { [leaseTimeout] in
                do { try await Task.sleep(for: leaseTimeout) } catch { return }
                _ = handoff.deliver(.failure(LeaseTimeout(waited: leaseTimeout)))
            }
            defer {
                handoff.release()
                group.cancelAll()
            }
            let connection = try await handoff.connection()
            return try await body(connection)
        }
    }
}

/// No pooled connection within the lease timeout.
struct LeaseTimeout: Error, CustomStringConvertible {
    let waited: Duration
    var description: String { "no database connection within \(waited)" }
}

/// Passes one leased connection from the task holding the lease to the task using it, and its release back.
private final class LeaseHandoff: Sendable {
    private enum Offer {
        case waiting(CheckedContinuation<PostgresConnection, any Error>?)
        case taken(Result<PostgresConnection, any Error>)
    }
    private let offer = Mutex<Offer>(.waiting(nil))
    private let released = Mutex<(done: Bool, waiter: CheckedContinuation<Void, Never>?)>((false, nil))

    /// Offers a connection (or the failure to get one); false when the user has already had its answer.
    func deliver(_ result: Result<PostgresConnection, any Error>) -> Bool {
        let waiter: CheckedContinuation<PostgresConnection, any Error>?? = offer.withLock { offer in
            guard case .waiting(let waiter) = offer else { return nil }
            offer = .taken(result)
            return .some(waiter)
        }
        guard let waiter else { return false }
        waiter?.resume(with: result)
        return true
    }

    func connection() async throws -> PostgresConnection {
        try await withCheckedThrowingContinuation { continuation in
            let ready: Result<PostgresConnection, any Error>? = offer.withLock { offer in
                if case .taken(let result) = offer { return result }
                offer = .waiting(continuation)
                return nil
            }
            if let ready { continuation.resume(with: ready) }
        }
    }

    func release() {
        let waiter = released.withLock { state in
            state.done = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    func waitForRelease() async {
        await withCheckedContinuation { continuation in
            let done = released.withLock { state in
                if !state.done { state.waiter = continuation }
                return state.done
            }
            if done { continuation.resume() }
        }
    }
}

/// Whether the server is known to be down. Down after a connection error, or after a lease timeout when
/// nothing has succeeded for as long (a busy pool times out too, while other requests go through). While
/// down, one request per `probeInterval` tries the server; the rest fail at once.
private final class Reachability: Sendable {
    private struct State {
        var down = false
        var lastProbe = ContinuousClock.now
        var lastSuccess = ContinuousClock.now
    }
    private let state = Mutex(State())
    private let probeInterval: Duration
    private let busyAllowance: Duration

    init(probeInterval: Duration, busyAllowance: Duration) {
        self.probeInterval = probeInterval
        self.busyAllowance = busyAllowance
    }

    func admit() throws {
        let now = ContinuousClock.now
        let refused = state.withLock { state in
            guard state.down else { return false }
            if now - state.lastProbe < probeInterval { return true }
            state.lastProbe = now
            return false
        }
        if refused { throw DatabaseUnavailable(.unreachable, underlying: "PostgreSQL is down; probing it once a second") }
    }

    func reached() {
        state.withLock { state in
            state.down = false
            state.lastSuccess = ContinuousClock.now
        }
    }

    /// Records a failure; true when it turned the state to down.
    func failed(leaseTimedOut: Bool) -> Bool {
        let now = ContinuousClock.now
        return state.withLock { state in
            if leaseTimedOut, now - state.lastSuccess < busyAllowance { return false }
            defer {
                state.down = true
                state.lastProbe = now
            }
            return !state.down
        }
    }
}
