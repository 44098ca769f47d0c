import AsyncHTTPClient
import Foundation
import Logging
import Storage

/// PostgreSQL stopped abruptly (`pg_ctl stop -m immediate`, a crash for the database) while customers place
/// orders, and started again: while it is down every request is answered quickly with 503 and
/// `Retry-After` (never a 500, never a hang), the server recovers by itself, and nothing acknowledged is lost.
enum PostgresRestartFault {
    static func run(_ url: DatabaseURL, stop: String, start: String, http: HTTPClient, work: String, logger: Logger,
                    progress: @escaping @Sendable (String) -> Void) async throws -> FaultResult {
        let began = ContinuousClock.now
        let world = try await FaultWorld.prepare(url, customers: 40, logger: logger)
        let server = try await ServerProcess.start(database: url, logPath: "\(work)/postgres-restart.log", http: http)
        defer { server.stop() }
        let load = OrderLoad()
        let base = server.base
        let loadTask = Task { await load.run(http: http, world: world, workers: 8, base: { base }, pause: .milliseconds(50)) }
        try await Task.sleep(for: .seconds(3))

        progress("stopping PostgreSQL (immediate) for 8 s under load")
        let stopAt = (ContinuousClock.now - load.started).seconds
        try shell(stop)
        try await Task.sleep(for: .seconds(8))
        progress("starting PostgreSQL again")
        try shell(start)
        let upAt = (ContinuousClock.now - load.started).seconds
        // Recovered: orders acknowledged again for three seconds running (at most 60 s).
        var recoveredAt: Double?
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(250))
            let samples = await load.samples
            let lastFailure = samples.last { $0.status != 201 }?.at ?? 0
            recoveredAt = samples.first { $0.at > max(upAt, lastFailure) && $0.status == 201 }?.at
            if let recoveredAt, let last = samples.last?.at, last - recoveredAt > 3 { break }
        }
        progress(recoveredAt == nil ? "not recovered after 60 s" : "recovered; stopping the load")
        await load.stop()
        await loadTask.value
        let samples = await load.samples
        let outage = samples.filter { $0.at >= stopAt && $0.at <= (recoveredAt ?? .infinity) }
        let unavailable = outage.filter { $0.status == 503 }
        let withoutRetryAfter = unavailable.filter { !$0.retryAfter }.count
        let errors500 = samples.filter { $0.status >= 500 && $0.status != 503 }.count
        let transport = samples.filter { $0.status == 0 }.count
        let slowest = samples.map(\.milliseconds).max() ?? 0
        let outageSlowest = unavailable.map(\.milliseconds).max() ?? 0
        let medianUnavailable = Percentiles(unavailable.map(\.milliseconds)).value(0.5)

        progress("sending the \(await load.unknown.count) unanswered keys again")
        let replays = try await load.settle(http: http, world: world, base: server.base)
        progress("checking the database")
        let placedDespite503 = await load.placedDespite503.count
        let outcomeUnknown = await load.outcomeUnknown.count, committedDespiteUnknown = await load.committedDespiteUnknown.count
        let state = try await OrderStateCheck.run(world: world, acknowledged: await load.acknowledged, server: server, http: http, logger: logger)
        let recovery = recoveredAt.map { $0 - upAt }
        let held = errors500 == 0 && transport == 0 && withoutRetryAfter == 0 && !unavailable.isEmpty && slowest < 31_000
            && recovery.map { $0 < 30 } == true && placedDespite503 == 0 && state.held
        return FaultResult(
            fault: "PostgreSQL stopped (immediate) for 8 s under an order load, then started", database: "PostgreSQL",
            promise: "503 with Retry-After while it is down, within the 30 s lease timeout at worst (never a 500, never a hang); recovers by itself; a 503 database_unavailable changed nothing, and a commit cut off by the crash is answered 503 outcome_unknown, which the same key sent again settles (placed once at most); nothing acknowledged lost",
            observed: [
                "\(samples.count) requests: \(unavailable.count) answered 503 during the outage (median \(Int(medianUnavailable)) ms, slowest \(Int(outageSlowest)) ms), \(withoutRetryAfter) of them without Retry-After; \(errors500) other 5xx; \(transport) without an answer; slowest request overall \(Int(slowest)) ms",
                recovery.map { "orders acknowledged again \(String(format: "%.1f", $0)) s after PostgreSQL was back, without a restart of the server" } ?? "NOT recovered within 60 s",
                "keys answered 503 sent again: \(replays) replays, \(placedDespite503) of them placed although answered 503 database_unavailable; \(outcomeUnknown) answered outcome_unknown (COMMIT on the wire as PostgreSQL died), \(committedDespiteUnknown) of them found committed by the retry",
            ] + state.observations,
            held: held, seconds: (ContinuousClock.now - began).seconds)
    }
}
