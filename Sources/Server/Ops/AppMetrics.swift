import Logistics
import Metrics
import Prometheus

/// The process-wide Prometheus registry. swift-metrics can be bootstrapped once per process, so every
/// application built in this process (tests build many) shares it.
public enum AppMetrics {
    public static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    static func deliveries(channel: DeliveryChannel, outcome: String) {
        Counter(label: "chargemall_deliveries_total", dimensions: [("channel", channel.rawValue), ("outcome", outcome)]).increment()
    }
}
