import Foundation
import SQLKit
import Storage
import TestSupport
import Testing

/// PostgreSQL dying while a COMMIT is on the wire leaves the transaction's fate unknown to the client: it
/// may have been made durable before the server went. The client must say so (`outcomeUnknown`, answered
/// 503 `outcome_unknown`) rather than "nothing changed", which a CI run of the restart fault caught as false.
/// The cut-off is staged for real: a deferred trigger, run by COMMIT, terminates its own backend.
@Suite("A commit cut off")
struct CommitCutOffTests {
    @Test("the server dying during COMMIT is outcome unknown; an error COMMIT reports is not", .timeLimit(.minutes(1)))
    func cutOff() async throws {
        guard TestDatabase.postgresURL != nil else {
            print("skipped: a commit cut off needs PostgreSQL (DATABASE_URL); SQLite has no connection to lose")
            return
        }
        try await TestDatabase.postgres.withFresh { client in
            try await client.read { db in
                try await db.raw("CREATE TABLE cut_off (id int PRIMARY KEY, fate text NOT NULL)").run()
                try await db.raw("""
                    CREATE FUNCTION at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                      IF NEW.fate = 'die' THEN PERFORM pg_terminate_backend(pg_backend_pid()); PERFORM pg_sleep(5); END IF;
                      IF NEW.fate = 'refuse' THEN RAISE EXCEPTION 'refused at commit'; END IF;
                      RETURN NULL;
                    END $$
                    """).run()
                try await db.raw("""
                    CREATE CONSTRAINT TRIGGER at_commit AFTER INSERT ON cut_off DEFERRABLE INITIALLY DEFERRED
                    FOR EACH ROW EXECUTE FUNCTION at_commit()
                    """).run()
            }

            let cut = await #expect(throws: DatabaseUnavailable.self) {
                try await client.transaction { db in try await db.raw("INSERT INTO cut_off VALUES (1, 'die')").run() }
            }
            #expect(cut?.reason == .outcomeUnknown, "\(String(describing: cut))")

            // A refusal PostgreSQL answers is a definite rollback, not an unknown.
            let refused = await #expect(throws: (any Error).self) {
                try await Self.whenReachable {
                    try await client.transaction { db in try await db.raw("INSERT INTO cut_off VALUES (2, 'refuse')").run() }
                }
            }
            #expect(!(refused is DatabaseUnavailable), "\(String(describing: refused))")

            // Asked again, the database tells the truth: this cut-off happened before the commit was durable.
            let rows = try await Self.whenReachable {
                try await client.read { db in try await db.raw("SELECT count(*) AS n FROM cut_off").first(decoding: Count.self) }
            }
            #expect(rows?.n == 0)
            try await Self.whenReachable {
                try await client.transaction { db in try await db.raw("INSERT INTO cut_off VALUES (3, 'keep')").run() }
            }
        }
    }

    struct Count: Decodable { var n: Int }

    /// After a lost connection the client answers "unavailable" at once until a probe gets through (a
    /// second or so): try for a few seconds.
    static func whenReachable<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        for _ in 0..<40 {
            do { return try await body() } catch let error as DatabaseUnavailable where error.reason == .unreachable {
                try await Task.sleep(for: .milliseconds(250))
            }
        }
        return try await body()
    }
}
