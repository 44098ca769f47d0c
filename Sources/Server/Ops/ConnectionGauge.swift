import Metrics
import Synchronization

/// Open live connections, as a Prometheus gauge.
final class ConnectionGauge: Sendable {
    private let count = Mutex(0)
    private let gauge = Gauge(label: "chargemall_stream_connections")

    func increment() { gauge.record(count.withLock { $0 += 1; return $0 }) }
    func decrement() { gauge.record(count.withLock { $0 -= 1; return $0 }) }
}
