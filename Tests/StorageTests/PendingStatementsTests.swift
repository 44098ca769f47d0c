import Logging
import NIOCore
import NIOPosix
import PostgresKit
@testable import Storage
import TestSupport
import Testing

/// A statement written as its connection closes can miss the channel, and PostgresNIO 1.33 then never answers
/// it (a CI run of the restart fault left an order request hanging for 30 s). The sweep fails such statements;
/// these tests stage the orphan on a real connection closed under it.
@Suite("Statements on a closed connection")
struct PendingStatementsTests {
    @Test("the sweep fails a statement whose connection closed, and leaves the others waiting", .timeLimit(.minutes(1)))
    func orphans() async throws {
        guard let (configuration, label) = try Self.configuration() else {
            print("skipped: statements on a closed connection need PostgreSQL (DATABASE_URL) that takes plain TCP, not sslmode=require")
            return
        }
        let logger = Logger(label: label)
        let loop = MultiThreadedEventLoopGroup.singleton.any()
        let closing = try await PostgresConnection.connect(on: loop, configuration: configuration, id: 1, logger: logger).get()
        let staying = try await PostgresConnection.connect(on: loop, configuration: configuration, id: 2, logger: logger).get()
        let statements = Tickets<PendingStatement>()
        let orphan = loop.makePromise(of: Void.self), waiting = loop.makePromise(of: Void.self)
        _ = statements.add(PendingStatement(connection: closing, answer: orphan))
        let kept = statements.add(PendingStatement(connection: staying, answer: waiting))

        try await closing.close()
        statements.failOrphans()

        let failure = await #expect(throws: DatabaseUnavailable.self) { try await orphan.futureResult.get() }
        #expect(failure?.reason == .unreachable)
        #expect(statements.count == 1, "the open connection's statement is still waiting for its answer")
        statements.remove(kept)
        waiting.succeed(())

        // On a connection known closed a statement is refused before it is written, as unreachable.
        let refused = await #expect(throws: StatementNotSent.self) {
            try await OpenConnectionDatabase(connection: closing, statements: statements).raw("SELECT 1").run()
        }
        #expect(refused.flatMap { DatabaseUnavailable.classify($0)?.reason } == .unreachable)

        // The open connection answers as before, and leaves nothing pending.
        let rows = try await OpenConnectionDatabase(connection: staying, statements: statements).raw("SELECT 1 AS one").all()
        #expect(rows.count == 1)
        #expect(statements.count == 0)
        try await staying.close()
    }

    static func configuration() throws -> (PostgresConnection.Configuration, String)? {
        guard let text = TestDatabase.postgresURL,
              case .postgres(let host, let port, let user, let password, let database, let tls) = try DatabaseURL(parsing: text),
              tls != .require else { return nil }
        return (PostgresConnection.Configuration(host: host, port: port, username: user, password: password, database: database, tls: .disable), "pending-statements")
    }
}
