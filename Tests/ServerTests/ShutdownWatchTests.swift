import Logging
@testable import Server
import ServiceLifecycle
import Synchronization
import Testing

@Suite("Shutdown watch")
struct ShutdownWatchTests {
    /// Keeps the warnings it is given.
    final class Captured: Sendable {
        let lines = Mutex<[String]>([])
        var logger: Logger {
            Logger(label: "test") { _ in Handler(captured: self) }
        }
        struct Handler: LogHandler {
            let captured: Captured
            var logLevel: Logger.Level = .trace
            var metadata: Logger.Metadata = [:]
            subscript(metadataKey key: String) -> Logger.Metadata.Value? {
                get { metadata[key] }
                set { metadata[key] = newValue }
            }
            func log(event: LogEvent) {
                let service = event.metadata?["service"].map { "\($0)" } ?? "-"
                captured.lines.withLock { $0.append("\(event.level) \(event.message) \(service)") }
            }
        }
    }

    /// Ignores a graceful shutdown for `lag`, then ends.
    struct Slow: Service {
        let lag: Duration
        func run() async throws {
            try? await gracefulShutdown()
            try? await Task.sleep(for: lag)
        }
    }

    @Test("a service slow to stop is named while it holds the shutdown; a quick one is not; the watch ends with the service")
    func namesTheSlowService() async throws {
        let captured = Captured()
        let slow = Slow(lag: .milliseconds(700)).watched("slow one", logger: captured.logger, patience: .milliseconds(200))
        let quick = Slow(lag: .zero).watched("quick one", logger: captured.logger, patience: .milliseconds(200))
        let group = ServiceGroup(configuration: .init(services: [slow, quick], logger: Logger(label: "group") { _ in SwiftLogNoOpLogHandler() }))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await Task.sleep(for: .milliseconds(100))
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()  // returns only if both services, and so both watches, ended
        }
        let lines = captured.lines.withLock { $0 }
        let slowWarnings = lines.filter { $0.hasPrefix("warning service still stopping") && $0.hasSuffix("slow one") }
        #expect(!slowWarnings.isEmpty, "\(lines)")
        #expect(!lines.contains { $0.hasSuffix("quick one") }, "\(lines)")
        // Nothing after the service ended: the watch was cancelled with it.
        let count = lines.count
        try await Task.sleep(for: .milliseconds(450))
        #expect(captured.lines.withLock { $0.count } == count)
    }
}
