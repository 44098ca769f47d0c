import Logging
import PostgresKit
import SQLKit
import Synchronization
import NIOCore

/// PostgreSQL through PostgresNIO's `PostgresClient` pool, with two guards the pool lacks: a request waits
/// at most `leaseTimeout` for a connection (the pool itself would wait a minute for a server that is down,
/// until its circuit breaker trips), and once the server is known to be down (a connection error, or a
/// lease timeout with nothing succeeding meanwhile), requests fail at once with `DatabaseUnavailable` while
/// one request a second probes it. Both turn an outage into 503s. The timeout is generous (30 s) because an
/// overloaded but healthy database also makes requests wait; a server that goes away shows as connection
/// errors long before it.
public final class PostgresDatabaseClient: DatabaseClient {
    public let kind = DatabaseKind.postgres
    private let client: PostgresClient
    private let runner: Task<Void, Never>
    private let logger: Logger
    private let leaseTimeout: Duration
    private let reachability: Reachability
    private let deadlines: Tickets<WaitingLease>
    private let statements = Tickets<PendingStatement>()
    private let sweeper: Task<Void, Never>

    public init(configuration: PostgresClient.Configuration, leaseTimeout: Duration = .seconds(30), logger: Logger) {
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        self.logger = logger
        self.leaseTimeout = leaseTimeout
        self.reachability = Reachability(probeInterval: .seconds(1), busyAllowance: leaseTimeout)
        // The pool only serves while `run()` is running; it stops when the task is cancelled.
        self.runner = Task { await client.run() }
        // One timer for every lease waiting for a connection, not one per lease: a cancelled sleep of the
        // whole timeout per query stays queued until it is due, so half a minute of queries' tasks lived on.
        let deadlines = Tickets<WaitingLease>()
        self.deadlines = deadlines
        self.sweeper = Task { [deadlines, leaseTimeout, statements] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(250))
                deadlines.expire(now: .now, timeout: leaseTimeout)
                statements.failOrphans()
            }
        }
    }

    public func read<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await guarded { connection in try await body(OpenConnectionDatabase(connection: connection, statements: statements)) }
    }

    /// BEGIN, the body, COMMIT; ROLLBACK on error unless the connection is gone (the server rolled back
    /// already). Not PostgresNIO's `withTransaction`: it sends ROLLBACK to a closed connection, and a
    /// statement written to a closed channel is never answered (PostgresNIO 1.33 drops the write's
    /// failure), which hung requests in flight when PostgreSQL went down.
    ///
    /// A connection lost while COMMIT is on the wire throws `outcomeUnknown`, not `unreachable`: PostgreSQL
    /// may have made the commit durable before it died (a CI run of the restart fault saw an order answered
    /// 503 "nothing changed" and found placed on the retry).
    public func transaction<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await guarded { connection in
            let database = OpenConnectionDatabase(connection: connection, statements: statements)
            try await database.raw("BEGIN").run()
            do {
                let result = try await body(database)
                try await Self.commit(database)
                return result
            } catch {
                if !connection.isClosed { try? await database.raw("ROLLBACK").run() }
                throw error
            }
        }
    }

    private static func commit(_ database: OpenConnectionDatabase) async throws {
        do {
            try await database.raw("COMMIT").run()
        } catch let error as StatementNotSent {
            throw error  // refused before it was sent: the server rolls the transaction back
        } catch {
            guard let unavailable = DatabaseUnavailable.classify(error), unavailable.reason == .unreachable else { throw error }
            throw DatabaseUnavailable(.outcomeUnknown, underlying: "COMMIT sent, no answer: \(unavailable.underlying)")
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

    /// Stops the pool, waiting at most `closeWait` for it: a stuck close must not hold a server's exit or a
    /// harness's check. (Suspected when a CI run of the restart fault hung; a later hang's stack showed a
    /// server whose background service never finished stopping, which `ShutdownWatch` now names.)
    public func shutdown() async {
        sweeper.cancel()
        runner.cancel()
        let runner = self.runner, closeWait = Duration.seconds(10), first = FirstOfTwo()
        let timer = Task { try? await Task.sleep(for: closeWait); first.finish() }
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            first.set(done)
            Task { await runner.value; first.finish() }
        }
        timer.cancel()  // the pool finished first: no sleeping task outlives the client
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
    /// task of its own (the pool's API is scoped), which hands the connection over and waits for it back.
    /// Not a child task: a request to a pool whose server vanished may ignore cancellation for a long time,
    /// and a task group would make the caller wait for it (a test saw handlers, and so the server's
    /// graceful shutdown, hang). Left alone, the holder releases whatever it gets at once.
    private func withLease<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let handoff = LeaseHandoff()
        let holder = Task { [client] in
            do {
                try await client.withConnection { connection in
                    guard handoff.deliver(.success(connection)) else { return }
                    await handoff.waitForRelease()
                }
            } catch {
                _ = handoff.deliver(.failure(error))
            }
        }
        let ticket = deadlines.add(WaitingLease(deadline: .now + leaseTimeout, handoff: handoff))
        defer {
            deadlines.remove(ticket)
            handoff.release()
        }
        let connection: PostgresConnection
        do {
            connection = try await withTaskCancellationHandler {
                try await handoff.connection()
            } onCancel: {
                _ = handoff.deliver(.failure(CancellationError()))
            }
        } catch {
            holder.cancel()
            throw error
        }
        return try await body(connection)
    }
}

/// A connection's `SQLDatabase` that never leaves a statement waiting on a closed connection. PostgresNIO
/// 1.33 writes a statement to the channel without a promise, so on a closed channel the write's failure is
/// dropped and the statement waits forever. A statement is refused when the connection is closed already
/// (`StatementNotSent`); one that slips through as it closes (the check and the write are an event-loop hop
/// apart, and a CI run of the restart fault caught a request in that window, unanswered for 30 s) is failed
/// by the sweep (`failOrphans`) within a quarter of a second.
struct OpenConnectionDatabase: SQLDatabase {
    let connection: PostgresConnection
    let base: any SQLDatabase
    let statements: Tickets<PendingStatement>

    init(connection: PostgresConnection, statements: Tickets<PendingStatement>) {
        self.connection = connection
        self.base = connection.sql()
        self.statements = statements
    }

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        guard !connection.isClosed else { return eventLoop.makeFailedFuture(StatementNotSent()) }
        let answer = eventLoop.makePromise(of: Void.self)
        let ticket = statements.add(PendingStatement(connection: connection, answer: answer))
        // A promise completed twice keeps its first result, so whichever of the driver and the sweep is first wins.
        base.execute(sql: query, onRow).cascade(to: answer)
        let statements = self.statements
        answer.futureResult.whenComplete { _ in statements.remove(ticket) }
        return answer.futureResult
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        try await execute(sql: query, onRow).get()
    }
}

/// A statement refused because its connection had closed before it was written: PostgreSQL never saw it.
struct StatementNotSent: Error, CustomStringConvertible {
    var description: String { "the connection to PostgreSQL closed before the statement was sent" }
}

/// Values held under a ticket until their owner removes them or a sweep takes them: the statements waiting
/// for an answer, the leases waiting for a connection.
final class Tickets<Value: Sendable>: Sendable {
    private struct State {
        var next = 0
        var held: [Int: Value] = [:]
    }
    private let state = Mutex(State())

    func add(_ value: Value) -> Int {
        state.withLock { state in
            state.next &+= 1
            state.held[state.next] = value
            return state.next
        }
    }

    func remove(_ ticket: Int) {
        _ = state.withLock { $0.held.removeValue(forKey: ticket) }
    }

    var count: Int { state.withLock { $0.held.count } }

    /// Removes and returns the values that meet `condition`.
    func take(where condition: (Value) -> Bool) -> [Value] {
        state.withLock { state in
            let taken = state.held.filter { condition($0.value) }
            for ticket in taken.keys { state.held[ticket] = nil }
            return Array(taken.values)
        }
    }
}

/// A statement waiting for an answer, with its connection.
struct PendingStatement: Sendable {
    let connection: PostgresConnection
    let answer: EventLoopPromise<Void>
}

extension Tickets where Value == PendingStatement {
    /// A statement whose connection has closed will never be answered if its write missed the channel: fails
    /// it as unreachable (after COMMIT: outcome unknown).
    func failOrphans() {
        for orphan in take(where: { $0.connection.isClosed }) {
            orphan.answer.fail(DatabaseUnavailable(.unreachable, underlying: "the connection to PostgreSQL closed before the statement was answered"))
        }
    }
}

/// Resumes a waiter once, on whichever of two tasks finishes first.
private final class FirstOfTwo: Sendable {
    private let waiter = Mutex<CheckedContinuation<Void, Never>?>(nil)
    func set(_ continuation: CheckedContinuation<Void, Never>) { waiter.withLock { $0 = continuation } }
    func finish() { waiter.withLock { $0.take() }?.resume() }
}

/// A lease still waiting for a connection, and when it gives up.
private struct WaitingLease: Sendable {
    let deadline: ContinuousClock.Instant
    let handoff: LeaseHandoff
}

extension Tickets where Value == WaitingLease {
    /// Fails the leases past their deadline with `LeaseTimeout` (a lease that has its connection ignores it).
    fileprivate func expire(now: ContinuousClock.Instant, timeout: Duration) {
        for lease in take(where: { $0.deadline <= now }) { _ = lease.handoff.deliver(.failure(LeaseTimeout(waited: timeout))) }
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
