import AsyncHTTPClient
import Foundation
import Logging
import Storage
#if canImport(Glibc)
import Glibc
#endif

/// Slowloris (request heads that never finish, on a new connection or after a first request on a keep-alive
/// one), bodies trickled in, idle sockets and more connections than the server takes: the server closes what
/// stalls, holds no more than its cap, and keeps answering everyone else.
enum SlowClientsFault {
    static let headerTimeout = 3.0
    static let idleTimeout = 4.0
    static let bodyTimeout = 3.0
    static let cap = 150

    static func run(http: HTTPClient, work: String, logger: Logger, progress: @escaping @Sendable (String) -> Void) async throws -> FaultResult {
        let began = ContinuousClock.now
        let url = DatabaseURL.sqlite(path: "\(work)/slow-\(UUID().uuidString.prefix(8)).sqlite")
        _ = try await FaultWorld.prepare(url, customers: 1, logger: logger)
        let server = try await ServerProcess.start(
            database: url,
            extra: ["--header-timeout", String(headerTimeout), "--idle-timeout", String(idleTimeout), "--body-timeout", String(bodyTimeout), "--max-connections", String(cap)],
            logPath: "\(work)/slow-clients.log", http: http)
        defer { server.stop() }
        let baselineFiles = server.openFiles ?? 0

        progress("slowloris: 100 connections sending a header byte a second for \(Int(headerTimeout * 2)) s")
        let slow = try (0..<100).map { _ in try RawSocket(port: server.port) }
        for socket in slow { socket.send("GET /health HTTP/1.1\r\nHost: x\r\n") }
        let drip = Task {
            while !Task.isCancelled {
                try await Task.sleep(for: .seconds(1))
                for socket in slow { socket.send("X") }
            }
        }
        let during = await probe(server, http: http, seconds: headerTimeout * 2)
        drip.cancel()
        let slowClosed = slow.filter { $0.drainAndCheckClosed() }.count
        for socket in slow { socket.close() }

        progress("later heads and bodies: 50 keep-alive connections trickling their second request's head, 50 trickling a body")
        let keptAlive = try (0..<50).map { _ in try RawSocket(port: server.port) }
        for socket in keptAlive { socket.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n") }
        try await Task.sleep(for: .milliseconds(500))
        let firstAnswered = keptAlive.filter { socket in
            let (text, closed) = socket.drain()
            return !closed && text.hasPrefix("HTTP/1.1 200")
        }.count
        for socket in keptAlive { socket.send("GET /health HTTP/1.1\r\nHost: x\r\n") }
        let bodies = try (0..<50).map { _ in try RawSocket(port: server.port) }
        for socket in bodies {
            socket.send("POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")
        }
        let trickle = Task {
            while !Task.isCancelled {
                try await Task.sleep(for: .seconds(1))
                for socket in keptAlive { socket.send("X") }
                for socket in bodies { socket.send(" ") }
            }
        }
        let trickling = await probe(server, http: http, seconds: max(idleTimeout, bodyTimeout) + 2)
        trickle.cancel()
        let keptAliveClosed = keptAlive.filter { $0.drainAndCheckClosed() }.count
        let bodiesClosed = bodies.filter { $0.drainAndCheckClosed() }.count
        for socket in keptAlive + bodies { socket.close() }

        progress("too many: 250 idle connections against a cap of \(cap)")
        let idle = (0..<250).compactMap { _ in try? RawSocket(port: server.port) }
        let watch = Task {
            var peak = 0
            while !Task.isCancelled {
                peak = max(peak, server.openFiles ?? 0)
                try? await Task.sleep(for: .milliseconds(100))
            }
            return peak
        }
        let crowded = await probe(server, http: http, seconds: headerTimeout * 3)
        watch.cancel()
        let peakFiles = await watch.value
        try await Task.sleep(for: .seconds(headerTimeout + 1))
        let idleClosed = idle.filter { $0.drainAndCheckClosed() }.count
        for socket in idle { socket.close() }
        try await Task.sleep(for: .milliseconds(500))
        let afterFiles = server.openFiles ?? 0

        let held = slowClosed == slow.count && during.failed == 0 && during.slowestMs < 1_000
            && firstAnswered == keptAlive.count && keptAliveClosed == keptAlive.count && bodiesClosed == bodies.count
            && trickling.failed == 0 && trickling.slowestMs < 1_000
            && crowded.failed == 0 && crowded.slowestMs < (headerTimeout * 2 + 1) * 1000 && peakFiles <= baselineFiles + cap + 10
            && idleClosed == idle.count && afterFiles <= baselineFiles + 5
        return FaultResult(
            fault: "slow and idle clients: 100 slowloris connections, 50 slow second heads, 50 slow bodies, then 250 idle connections (server: --header-timeout \(Int(headerTimeout)) --idle-timeout \(Int(idleTimeout)) --body-timeout \(Int(bodyTimeout)) --max-connections \(cap))",
            database: "SQLite",
            promise: "a first request head not finished in the header timeout is closed, a later one in the idle timeout, a body in the body timeout; at most --max-connections are held (the rest wait in the kernel's queue); everyone else keeps being answered",
            observed: [
                "slowloris: \(slowClosed) of \(slow.count) closed by the server; meanwhile \(during.answered) requests on fresh connections answered, \(during.failed) failed, slowest \(Int(during.slowestMs)) ms",
                "keep-alive: \(firstAnswered) of \(keptAlive.count) first requests answered, then \(keptAliveClosed) trickled second heads closed by the server; \(bodiesClosed) of \(bodies.count) trickled bodies closed; meanwhile \(trickling.answered) requests answered, \(trickling.failed) failed, slowest \(Int(trickling.slowestMs)) ms",
                "250 idle: open files peaked at \(peakFiles) (\(baselineFiles) before, cap \(cap)); meanwhile \(crowded.answered) requests answered, \(crowded.failed) failed, slowest \(Int(crowded.slowestMs)) ms (a new connection waits for a slot while the cap is reached)",
                "\(idleClosed) of \(idle.count) idle connections closed by the server; open files afterwards \(afterFiles)",
            ],
            held: held, seconds: (ContinuousClock.now - began).seconds)
    }

    struct ProbeResult {
        var answered = 0
        var failed = 0
        var slowestMs = 0.0
    }

    /// A well-behaved client: `GET /health` on a fresh connection every 200 ms for `seconds`.
    static func probe(_ server: ServerProcess, http: HTTPClient, seconds: Double) async -> ProbeResult {
        var result = ProbeResult()
        let end = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < end {
            let start = ContinuousClock.now
            if let answer = try? await HTTPProbe.send(http, "GET", server.base + "/health", headers: [("Connection", "close")], timeout: .seconds(15)),
               answer.status == 200 {
                result.answered += 1
            } else {
                result.failed += 1
            }
            result.slowestMs = max(result.slowestMs, (ContinuousClock.now - start).milliseconds)
            try? await Task.sleep(for: .milliseconds(200))
        }
        return result
    }
}

/// A plain TCP client socket to 127.0.0.1, for clients that misbehave on purpose.
final class RawSocket: @unchecked Sendable {
    let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HarnessError("socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        guard connected else {
            Glibc.close(fd)
            throw HarnessError("connect() failed: \(errno)")
        }
    }

    func send(_ text: String) {
        _ = text.withCString { Glibc.send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT)) }
    }

    /// Reads whatever the server has sent so far (a response, say), and whether it has closed its end.
    func drain() -> (text: String, closed: Bool) {
        var buffer = [UInt8](repeating: 0, count: 4_096), received: [UInt8] = []
        while true {
            let count = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            if count > 0 {
                received += buffer[0..<count]
                continue
            }
            let closed = count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)
            return (String(decoding: received, as: UTF8.self), closed)
        }
    }

    func drainAndCheckClosed() -> Bool { drain().closed }

    func close() { Glibc.close(fd) }
}
