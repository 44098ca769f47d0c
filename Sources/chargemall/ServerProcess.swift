import AsyncHTTPClient
import Foundation
import Storage
#if canImport(Glibc)
import Glibc
#endif

/// A `chargemall serve` child process on its own port, with a log file of its own: what the benchmarks measure
/// alone (its memory, its CPU, while the load comes from this process or from wrk) and what the fault checks
/// kill, restart and starve.
final class ServerProcess: @unchecked Sendable {
    static let secrets = ["JWT_SECRET": "child-secret-child-secret-child-secret-0123", "PAYMENT_WEBHOOK_SECRET": "child-payments",
                          "CARRIER_WEBHOOK_SECRET": "child-carriers"]
    /// For benchmarks that open thousands of WebSocket connections: `serve` holds 4,096 by default.
    static let benchFlags = ["--max-connections", "20000"]
    let process: Process
    let port: Int
    let logPath: String
    var base: String { "http://127.0.0.1:\(port)" }
    var pid: Int32 { process.processIdentifier }

    private init(process: Process, port: Int, logPath: String) {
        self.process = process
        self.port = port
        self.logPath = logPath
    }

    /// Starts the server on `database` (no demo data, no access log unless FAULTS_ACCESS_LOG is set; `extra` flags
    /// appended) and waits until `/health` says ok.
    static func start(database: DatabaseURL, port: Int? = nil, extra: [String] = [], logPath: String = NSTemporaryDirectory() + "chargemall-child-server.log",
                      http: HTTPClient = .shared) async throws -> ServerProcess {
        let port = try port ?? freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        process.arguments = ["serve", "--port", String(port), "--database", database.connectionString, "--no-seed"] + (ProcessInfo.processInfo.environment["FAULTS_ACCESS_LOG"] == nil ? ["--no-access-log"] : []) + [
                             "--log-level", ProcessInfo.processInfo.environment["FAULTS_SERVER_LOG_LEVEL"] ?? "warning", "--push-poll-seconds", "0.5"] + extra
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "DATABASE_URL")
        for (key, value) in secrets { environment[key] = value }
        process.environment = environment
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        log.seekToEndOfFile()
        process.standardOutput = log
        process.standardError = log
        try process.run()
        let server = ServerProcess(process: process, port: port, logPath: logPath)
        let deadline = ContinuousClock.now + .seconds(90)
        while ContinuousClock.now < deadline {
            guard process.isRunning else { throw HarnessError("the server exited at start; its log: \(logPath)") }
            if let (status, _) = try? await HTTPProbe.get(http, server.base + "/health", timeout: .seconds(2)), status == 200 { return server }
            try await Task.sleep(for: .milliseconds(200))
        }
        server.kill9()
        throw HarnessError("the server did not become healthy in 90 s; its log: \(logPath)")
    }

    /// `kill -9`: no shutdown hook runs, nothing is flushed.
    func kill9() {
        guard process.isRunning else { return }
        kill(pid, SIGKILL)
        process.waitUntilExit()
    }

    /// A graceful stop (SIGTERM), as an operator's deploy would do. The server gives its services 30 s and
    /// aborts 10 s after that (`serve --shutdown-grace`); one still running after `patience` is killed, and
    /// the harness says so instead of waiting for ever (Foundation's `waitUntilExit` also spins a core).
    func stop(patience: Duration = .seconds(60)) {
        guard process.isRunning else { return }
        process.terminate()
        let started = ContinuousClock.now, deadline = started + patience
        while process.isRunning, ContinuousClock.now < deadline { usleep(50_000) }
        let took = ContinuousClock.now - started
        if took > .seconds(5) {
            // The server names the services it waited for; the harness's work folder goes when all is well.
            let stuck = ((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "").split(separator: "\n").filter { $0.contains("still stopping") }
            FileHandle.standardError.write(Data("server \(pid) took \(took) to stop\(stuck.isEmpty ? "" : ":\n" + stuck.suffix(5).joined(separator: "\n"))\n".utf8))
        }
        guard process.isRunning else { return }
        FileHandle.standardError.write(Data("server \(pid) did not stop within \(patience) of SIGTERM; killing it (its log: \(logPath))\n".utf8))
        kill9()
    }

    /// Resident memory in MiB, from /proc.
    var residentMiB: Double? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kib = Double(line.split(separator: " ").dropFirst().first ?? "") else { return nil }
        return kib / 1024
    }

    /// Resident memory in bytes, from /proc.
    var residentBytes: Int { Int((residentMiB ?? 0) * 1024 * 1024) }

    /// CPU seconds the server process has used (user + system), from /proc.
    var cpuSeconds: Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        let ticks = (Double(fields[11]) ?? 0) + (Double(fields[12]) ?? 0)
        return ticks / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// The end of what the server has written to its log.
    func logTail(_ characters: Int = 4_000) -> String {
        String(((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "").suffix(characters))
    }

    /// The server's own gauge (`chargemall_<name>` in /metrics), or nil if it does not answer.
    func gauge(_ name: String, http: HTTPClient) async -> Double? {
        guard let (status, body) = try? await HTTPProbe.get(http, base + "/metrics", timeout: .seconds(10)), status == 200 else { return nil }
        let prefix = "chargemall_\(name) "
        return String(decoding: body, as: UTF8.self).split(separator: "\n")
            .first { $0.hasPrefix(prefix) }
            .flatMap { Double($0.dropFirst(prefix.count)) }
    }

    /// Open file descriptors (sockets included), from /proc.
    var openFiles: Int? { (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd"))?.count }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HarnessError("socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw HarnessError("bind() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
