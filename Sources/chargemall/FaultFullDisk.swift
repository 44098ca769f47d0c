import AsyncHTTPClient
import Foundation
import Logging
import SQLKit
import Storage
#if canImport(Glibc)
import Glibc
#endif

/// SQLite on a small tmpfs that fills up under an order load: orders are refused with a clear 503
/// (`storage_full`, Retry-After), reads go on, nothing is corrupted, and once space is back orders are
/// taken again without a restart.
enum FullDiskFault {
    static func run(http: HTTPClient, work: String, logger: Logger, progress: @escaping @Sendable (String) -> Void) async throws -> FaultResult {
        let began = ContinuousClock.now
        let mountPoint = "\(work)/small-disk"
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        try shell("mount -t tmpfs -o size=48m tmpfs '\(mountPoint)'")
        defer { try? shell("umount -l '\(mountPoint)'") }
        let url = DatabaseURL.sqlite(path: "\(mountPoint)/full.sqlite")
        let world = try await FaultWorld.prepare(url, customers: 20, logger: logger)
        let server = try await ServerProcess.start(database: url, logPath: "\(work)/full-disk.log", http: http)
        defer { server.stop() }

        let before = OrderLoad(prefix: "before")
        let base = server.base
        try await runLoad(before, http: http, world: world, base: base, seconds: 2)
        let acknowledgedBefore = await before.acknowledged.count

        progress("filling the disk")
        let filler = "\(mountPoint)/filler"
        let filled = try fill(filler)
        progress("disk full (\(filled / 1_048_576) MiB of filler); orders and reads for 5 s")
        let during = OrderLoad(prefix: "full")
        let reads = ReadLoad()
        let readTask = Task { await reads.run(http: http, world: world, base: base) }
        try await runLoad(during, http: http, world: world, base: base, seconds: 5)
        await reads.stop()
        await readTask.value
        let samples = await during.samples
        let refused = samples.filter { $0.status == 503 }
        let withoutRetryAfter = refused.filter { !$0.retryAfter }.count
        let otherErrors = samples.filter { $0.status >= 500 && $0.status != 503 }.count
        let unanswered = samples.filter { $0.status == 0 }.count
        let placedWhileFull = samples.filter { $0.status == 201 }.count
        let readStatuses = await reads.statuses
        let readsOK = readStatuses[200, default: 0]
        let readsFailed = readStatuses.filter { $0.key != 200 }.values.reduce(0, +)

        progress("space back; orders again")
        try FileManager.default.removeItem(atPath: filler)
        let after = OrderLoad(prefix: "after")
        try await runLoad(after, http: http, world: world, base: base, seconds: 3)
        let afterSamples = await after.samples
        let firstAccepted = afterSamples.first { $0.status == 201 }?.at
        let acceptedAfter = afterSamples.filter { $0.status == 201 }.count

        // Settle the refused keys (each must turn out new, never a replay), then check the database.
        let replays = try await during.settle(http: http, world: world, base: base)
        let placedDespite503 = await during.placedDespite503.count
        var acknowledged = await before.acknowledged
        for (key, id) in await during.acknowledged { acknowledged[key] = id }
        for (key, id) in await after.acknowledged { acknowledged[key] = id }
        let state = try await OrderStateCheck.run(world: world, acknowledged: acknowledged, server: server, http: http, logger: logger)
        server.stop()
        let integrity = try await world.inspect(logger: logger) { db in
            try await db.raw("PRAGMA integrity_check").first()?.decode(column: "integrity_check", as: String.self) ?? "?"
        }
        let held = !refused.isEmpty && withoutRetryAfter == 0 && otherErrors == 0 && unanswered == 0 && readsOK > 0 && readsFailed == 0
            && acceptedAfter > 0 && placedDespite503 == 0 && integrity == "ok" && state.held
        return FaultResult(
            fault: "SQLite's disk full under an order load (a 48 MiB tmpfs filled up), then space freed", database: "SQLite",
            promise: "orders refused with 503 storage_full and Retry-After (never a 500), reads answered, no corruption; orders taken again once space is back, without a restart",
            observed: [
                "\(acknowledgedBefore) orders before; disk full: \(samples.count) order attempts, \(refused.count) refused 503 (\(withoutRetryAfter) without Retry-After), \(placedWhileFull) still placed (pages free inside the file), \(otherErrors) other 5xx, \(unanswered) unanswered; reads \(readsOK) ok, \(readsFailed) failed",
                "space back: first order acknowledged \(firstAccepted.map { String(format: "%.1f", $0) } ?? "never") s later, \(acceptedAfter) in 3 s; refused keys sent again: \(replays) replays (\(placedDespite503) placed although refused)",
                "PRAGMA integrity_check: \(integrity)",
            ] + state.observations,
            held: held, seconds: (ContinuousClock.now - began).seconds)
    }

    static func runLoad(_ load: OrderLoad, http: HTTPClient, world: FaultWorld, base: String, seconds: Double) async throws {
        let task = Task { await load.run(http: http, world: world, workers: 4, base: { base }, pause: .milliseconds(20)) }
        try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
        await load.stop()
        await task.value
    }

    /// Writes `path` until the file system refuses; returns the bytes written.
    static func fill(_ path: String) throws -> Int {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw HarnessError("cannot create \(path)") }
        defer { close(fd) }
        var total = 0
        for size in [1 << 20, 4096, 512] {
            let chunk = [UInt8](repeating: 0x5A, count: size)
            while true {
                let written = chunk.withUnsafeBytes { write(fd, $0.baseAddress, size) }
                if written <= 0 { break }
                total += written
                if written < size { break }
            }
        }
        return total
    }
}

/// Customers reading their order lists while something else goes wrong.
actor ReadLoad {
    private(set) var statuses: [UInt: Int] = [:]
    private var stopped = false
    func stop() { stopped = true }
    func record(_ status: UInt) { statuses[status, default: 0] += 1 }

    func run(http: HTTPClient, world: FaultWorld, base: String) async {
        var n = 0
        while !stopped {
            let account = world.customers[n % world.customers.count]
            n += 1
            let answer = try? await HTTPProbe.send(http, "GET", base + "/api/v1/orders?limit=5", token: account.token, timeout: .seconds(10))
            record(answer?.status ?? 0)
            try? await Task.sleep(for: .milliseconds(50))
        }
    }
}
