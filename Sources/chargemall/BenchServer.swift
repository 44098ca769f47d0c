import Foundation
import Storage
import Synchronization

/// `chargemall serve` as a child process, so a benchmark measures the server alone (its memory, its CPU)
/// while the load comes from this process or from wrk.
final class BenchServer: Sendable {
    let process: Process
    let port: Int
    private let output: OutputBuffer

    static let environment = [
        "JWT_SECRET": "bench-secret-bench-secret-bench-secret-0123", "PAYMENT_WEBHOOK_SECRET": "bench", "CARRIER_WEBHOOK_SECRET": "bench",
    ]

    init(database: DatabaseURL, arguments: [String] = []) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = ["serve", "--port", "0", "--no-seed", "--no-access-log", "--log-level", "warning", "--database", database.connectionString] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(Self.environment) { _, new in new }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let output = OutputBuffer()
        // Also kept in a file, to read while a benchmark runs.
        let logPath = NSTemporaryDirectory() + "chargemall-bench-server.log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let logFile = FileHandle(forWritingAtPath: logPath)
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if !data.isEmpty {
                output.text.withLock { $0 += String(decoding: data, as: UTF8.self) }
                logFile?.write(data)
            }
        }
        try process.run()
        let deadline = ContinuousClock.now + .seconds(60)
        var port: Int?
        while port == nil {
            let text = output.text.withLock { $0 }
            if let range = text.range(of: #"running at http://127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
                port = Int(text[range].split(separator: ":").last ?? "")
            } else if !process.isRunning || ContinuousClock.now > deadline {
                process.terminate()
                throw BenchServerError(description: "the server did not start:\n\(text)")
            } else {
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        self.process = process
        self.port = port!
        self.output = output
    }

    /// Resident memory of the server process, in bytes.
    var residentBytes: Int {
        guard let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
        else { return 0 }
        return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
    }

    /// CPU seconds the server process has used (user + system).
    var cpuSeconds: Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        let ticks = (Double(fields[11]) ?? 0) + (Double(fields[12]) ?? 0)
        return ticks / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    var log: String { output.text.withLock { $0 } }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }
}

struct BenchServerError: Error, CustomStringConvertible {
    let description: String
}

/// What a child process wrote, collected as it comes.
final class OutputBuffer: Sendable {
    let text = Mutex("")
}
