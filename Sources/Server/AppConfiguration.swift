import Foundation
import Logging
import Logistics
import Storage

/// Everything `buildApplication` needs; the CLI fills it from flags and the environment.
public struct AppConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    public var database: DatabaseURL
    /// Signs access tokens. Required outside demo mode.
    public var jwtSecret: String
    /// Secrets that signed tokens before the current one (`JWT_PREVIOUS_SECRETS`, comma-separated): their
    /// tokens stay valid until they expire, so a key rotates without signing anyone out.
    public var jwtPreviousSecrets: [String] = []
    /// Verifies the payment provider's callback signatures.
    public var paymentWebhookSecret: String
    /// Verifies carriers' tracking callbacks.
    public var carrierWebhookSecret: String
    public var accessTokenSeconds: Double = 15 * 60
    public var refreshTokenSeconds: Double = 30 * 86_400
    /// bcrypt work factor; 12 in production, lower only in tests.
    public var bcryptCost: UInt8 = 12
    public var reservationSeconds: Double = 15 * 60
    /// How often the expiry service looks for lapsed reservations.
    public var expirySweepSeconds: Double = 30
    /// How often freed heap pages go back to the kernel (0: never); see `HeapTrimService`.
    public var heapTrimSeconds: Double = 60
    /// Seed demo data into an empty database on start.
    public var seedDemoData = true
    public var logLevel: Logger.Level = .info
    /// Log every request (method, path, status); off for benchmarks.
    public var logRequests = true
    /// Open connections at most; more wait in the kernel's accept queue until one closes (WebSocket
    /// clients count: size it for the pushes you serve).
    public var maxConnections = 4_096
    /// A new connection must deliver its first request head within this time, or it is closed (slowloris).
    public var headerTimeoutSeconds: Double = 10
    /// A keep-alive connection idle this long between requests is closed.
    public var idleTimeoutSeconds: Double = 75
    /// Seconds from a request's head to the end of its body (a photo over a slow mobile link fits easily).
    public var bodyTimeoutSeconds: Double = 60
    /// Check every response against the OpenAPI document and answer a breach with a 500 (tests turn it on).
    public var checkResponses = false
    /// Failed logins per e-mail allowed per window before 429.
    public var loginFailuresAllowed = 5
    public var loginWindowSeconds: Double = 15 * 60
    /// An idle event stream sends a comment this often (and notices a closed client no later).
    public var eventStreamKeepAliveSeconds: Double = 15
    /// Names this instance in job claims and logs.
    public var instanceName = "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)"
    /// Run the outbox drain, deliveries, the alert scan and the reservation sweep here (every instance may).
    public var runBackgroundJobs = true
    /// Back-off and dead-lettering for webhooks and customer messages.
    public var retryPolicy = RetryPolicy()
    public var webhookTimeoutSeconds = 10
    /// Pays refunds; nil: the built-in one that writes them to the log.
    public var paymentProvider: (any PaymentProvider)?
    /// How often the drain, the hub and the delivery worker look without being woken.
    public var pushPollSeconds: Double = 1
    /// How often the alert scan runs (one instance at a time).
    public var alertScanSeconds: Double = 300
    public var alertRules = AlertRules()
    /// The service desk's hours: service-level clocks run only then.
    public var serviceHours = BusinessHours.standard
    /// How often the service-level watch warns agents of clocks about to break (one instance at a time).
    public var serviceLevelWatchSeconds: Double = 60
    /// How often an idle instance looks for plans to make.
    public var planPollSeconds: Double = 1
    /// Search threads of one plan (the solver's time budget comes with each request).
    public var planningThreads = 2
    /// What a kWh costs the fleet by time of day: part of an electric van's cost in dispatch plans.
    public var electricityTariff = ElectricityTariff.shenzhenBusiness
    /// How often an idle instance looks for inventory planning runs to make (and whether the night's is due).
    public var inventoryPollSeconds: Double = 2
    /// How often the stock-signal scan (sales surges, today's stock snapshot) runs, one instance at a time.
    public var stockSignalSeconds: Double = 300
    /// Queue the nightly planning run at the merchant's time (the first start queues one at once).
    public var nightlyInventoryRuns = true
    /// The time every domain service and job reads (orders, stock, tracking, alerts, dispatch, drivers,
    /// traffic, ETAs), so a simulation or a test can run the product on its own clock. Security stays on
    /// the wall clock: token expiry, login throttling and callback signatures are about the real world.
    public var clock: @Sendable () -> Date = { Date() }

    public init(database: DatabaseURL, jwtSecret: String, paymentWebhookSecret: String, carrierWebhookSecret: String = "") {
        self.database = database
        self.jwtSecret = jwtSecret
        self.paymentWebhookSecret = paymentWebhookSecret
        self.carrierWebhookSecret = carrierWebhookSecret
    }
}
