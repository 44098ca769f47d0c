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

    /// Conversations opened, by queue.
    static func conversationOpened(category: ConversationCategory, messages: [ChatMessage]) {
        Counter(label: "chargemall_conversations_opened_total", dimensions: [("category", category.rawValue)]).increment()
        chatMessages(messages)
    }

    /// By author: the bot's share of the replies is the self-service rate at a glance.
    static func chatMessages(_ messages: [ChatMessage]) {
        for message in messages {
            Counter(label: "chargemall_chat_messages_total", dimensions: [("author", message.author.rawValue), ("internal", String(message.internal))]).increment()
        }
    }

    /// Service-level warnings given to agents (a clock at risk or late).
    static func serviceLevelWarnings(_ count: Int) {
        Counter(label: "chargemall_service_level_warnings_total").increment(by: count)
    }

    /// Stock alerts raised, by kind: a dashboard sees a run of low-stock or surge alerts as it happens.
    static func stockAlert(kind: String, count: Int = 1) {
        Counter(label: "chargemall_stock_alerts_raised_total", dimensions: [("kind", kind)]).increment(by: count)
    }

    /// A finished planning run: its outcome, its time and the alerts it raised.
    static func planningRun(_ run: PlanningRun) {
        Counter(label: "chargemall_planning_runs_total", dimensions: [("status", run.status.rawValue)]).increment()
        if let figures = run.figures {
            Timer(label: "chargemall_planning_run_seconds").recordSeconds(figures.seconds)
            Gauge(label: "chargemall_planning_run_series").record(figures.series)
            for (kind, count) in figures.alertsByKind { stockAlert(kind: kind, count: count) }
        }
    }

    static func deliveries(channel: DeliveryChannel, outcome: String) {
        Counter(label: "chargemall_deliveries_total", dimensions: [("channel", channel.rawValue), ("outcome", outcome)]).increment()
    }
}
