import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import Logistics
import ServiceLifecycle
import Storage

/// Builds the whole application: the same function serves `chargemall serve`, the benchmark and the tests.
///
/// - Parameters:
///   - configuration: where to listen, which database, secrets and tunables.
///   - database: an open database to use instead of `configuration.database` (tests pass their own);
///     the application then leaves closing it to the caller.
///   - onServerRunning: called with the bound port once the server listens (port 0 picks a free one).
public func buildApplication(
    _ configuration: AppConfiguration, database: (any DatabaseClient)? = nil,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    var logger = Logger(label: "chargemall")
    logger.logLevel = configuration.logLevel
    _ = AppMetrics.registry

    let ownsDatabase = database == nil
    let client: any DatabaseClient
    if let database { client = database } else { client = try await configuration.database.connect(logger: logger) }
    let services = try await makeServices(configuration, database: client)

    let log = logger
    if configuration.seedDemoData {
        let seeded = try await DemoSeeder(store: services.store, passwords: services.passwords)
            .seedIfEmpty { log.info("seeding demo data", metadata: ["step": "\($0)"]) }
        if seeded { logger.info("demo data written") }
    }
    if try await services.store.countUsers(emailSuffix: DemoSeeder.emailDomain) > 0 {
        logger.warning("demo accounts exist (\(DemoSeeder.emailDomain)); remove them before going live")
    }

    let router = buildRouter(services)
    let poll = Duration.milliseconds(Int(configuration.pushPollSeconds * 1000))
    // A service group stops its services in reverse order: the database pool, first in the list, closes
    // after everything that uses it has finished.
    var lifecycleServices: [any Service] = []
    if ownsDatabase { lifecycleServices.append(DatabaseService(database: client)) }
    lifecycleServices.append(services.hub)
    lifecycleServices.append(HeapTrimService(intervalSeconds: configuration.heapTrimSeconds))
    if configuration.runBackgroundJobs {
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
        lifecycleServices += [
            // Listed before its users: services stop in reverse order, so the client outlives the worker.
            HTTPClientService(client: httpClient),
            ReservationExpiryService(orders: services.orders, intervalSeconds: configuration.expirySweepSeconds, logger: logger),
            OutboxDrainService(store: services.feed, changes: services.changes, hub: services.hub, deliveriesQueued: services.deliveriesQueued,
                               pollInterval: poll, logger: logger),
            DeliveryService(store: services.deliveries, notifier: LoggingCustomerNotifier(logger: logger), httpClient: httpClient,
                            policy: configuration.retryPolicy, timeout: .seconds(configuration.webhookTimeoutSeconds),
                            queued: services.deliveriesQueued, pollInterval: poll, logger: logger),
            ClaimedJobService.alertScan(services.alerts, store: services.alertStore, interval: configuration.alertScanSeconds,
                                        owner: configuration.instanceName, logger: logger),
            RefundWorkerService(refunds: services.refunds, changes: services.changes, pollInterval: poll, logger: logger),
            ClaimedJobService.serviceLevelWatch(services.desk, jobs: services.alertStore, interval: configuration.serviceLevelWatchSeconds,
                                                owner: configuration.instanceName, logger: logger),
            DispatchPlanningService(dispatch: services.dispatch, owner: configuration.instanceName, pollSeconds: configuration.planPollSeconds,
                                    logger: logger),
            InventoryPlanningService(replenishment: services.replenishment, signals: services.stockSignals, owner: configuration.instanceName,
                                     pollSeconds: configuration.inventoryPollSeconds, signalSeconds: configuration.stockSignalSeconds,
                                     nightly: configuration.nightlyInventoryRuns, logger: logger),
        ]
    }
    if let postgres = client as? PostgresDatabaseClient {
        lifecycleServices.append(FeedListenerService(database: postgres, hub: services.hub, deliveriesQueued: services.deliveriesQueued, logger: logger))
    }
    let watchedServices = lifecycleServices.map { service in
        let name = (service as? ClaimedJobService).map { "ClaimedJobService(\($0.name))" } ?? String(describing: type(of: service))
        return service.watched(name, logger: logger)
    }
    let stream = services.stream
    return Application(
        router: router,
        server: HTTPServerBuilder { responder in
            HeaderDeadlineChannel(
                base: HTTP1WebSocketUpgradeChannel(
                    responder: responder,
                    configuration: .init(http1: .init(
                        additionalChannelHandlers: [RequestBodyDeadlineHandler(timeout: .milliseconds(Int64(configuration.bodyTimeoutSeconds * 1000)))],
                        idleTimeout: .milliseconds(Int64(configuration.idleTimeoutSeconds * 1000)))),
                    shouldUpgrade: { head, _, _ in await stream.shouldUpgrade(head) }),
                headerTimeout: .milliseconds(Int64(configuration.headerTimeoutSeconds * 1000)))
        },
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "chargemall",
                             availableConnectionsDelegate: MaximumAvailableConnections(configuration.maxConnections, logger: logger)),
        services: watchedServices,
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger)
}

/// The domain services over one database.
public func makeServices(_ configuration: AppConfiguration, database: any DatabaseClient) async throws -> AppServices {
    // HS256 with a key shorter than its output is guessable; refuse to start rather than sign weakly.
    guard configuration.jwtSecret.utf8.count >= 32 else { throw ConfigurationError("JWT_SECRET must be at least 32 bytes") }
    let changes = OrderChanges()
    let store = SQLLogisticsStore(client: database, changes: changes)
    var logger = Logger(label: "chargemall")
    logger.logLevel = configuration.logLevel
    let eta = RouteETAEstimator(store: store, fallback: BacklogETAEstimator(store: store))
    var settings = OrderSettings()
    settings.reservationSeconds = configuration.reservationSeconds
    let tokens = await TokenService(secret: configuration.jwtSecret, previousSecrets: configuration.jwtPreviousSecrets, store: store, accessSeconds: configuration.accessTokenSeconds, refreshSeconds: configuration.refreshTokenSeconds)
    let passwords = PasswordHasher(cost: configuration.bcryptCost)
    let throttle = LoginThrottle(allowedFailures: configuration.loginFailuresAllowed, windowSeconds: configuration.loginWindowSeconds)
    let hub = FeedHub(store: store, changes: changes, pollInterval: .milliseconds(Int(configuration.pushPollSeconds * 1000)), logger: logger)
    let deliveriesQueued = ChangeSignal()
    let clock = configuration.clock
    let orders = OrderService(store: store, settings: settings, clock: clock)
    let explanations = OrderExplanationService(orders: orders, eta: eta, alerts: store, clock: clock)
    let desk = ServiceDeskService(store: store, orders: orders, explanations: explanations, hours: configuration.serviceHours, clock: clock)
    let support = SupportService(store: store, orders: orders, explanations: explanations, desk: desk, clock: clock)
    var planner = DispatchPlanner(travel: CityTravelTimes(), threads: configuration.planningThreads)
    planner.tariff = configuration.electricityTariff
    let dispatch = DispatchService(store: store, planner: planner, clock: clock)
    let traffic = TrafficService(store: store, clock: clock)
    return AppServices(
        store: store, database: database, orders: orders, catalog: CatalogService(store: store),
        stock: StockService(store: store, clock: clock), addresses: AddressBook(store: store), tracking: TrackingService(store: store, clock: clock),
        eta: eta, changes: changes, feed: store, hub: hub, deliveries: store, deliveriesQueued: deliveriesQueued,
        alerts: AlertService(store: store, eta: eta, rules: configuration.alertRules, clock: clock), alertStore: store,
        dispatch: dispatch, drivers: DriverService(store: store, clock: clock), proofs: ProofService(store: store), traffic: traffic,
        replenishment: ReplenishmentService(store: store, clock: clock), purchasing: PurchasingService(store: store, clock: clock),
        stockSignals: StockSignalService(store: store, clock: clock), inventoryKPIs: InventoryKPIService(store: store, clock: clock),
        overview: OverviewService(store: store, clock: clock),
        explanations: explanations,
        support: support, desk: desk,
        refunds: RefundService(store: store, orders: orders, provider: configuration.paymentProvider ?? LoggingPaymentProvider(logger: Logger(label: "chargemall.payments")),
                               policy: configuration.retryPolicy, clock: clock),
        addressChanges: AddressChangeService(store: store, orders: orders, dispatch: dispatch, traffic: traffic, support: support, clock: clock),
        returns: ReturnService(store: store, orders: orders, support: support, clock: clock),
        appointments: AppointmentService(store: store, orders: orders, dispatch: dispatch, clock: clock),
        tokens: tokens, audit: store, passwords: passwords,
        accounts: AccountService(users: store, passwords: passwords, tokens: tokens, throttle: throttle),
        webhooks: WebhookService(deliveries: store, queued: deliveriesQueued), presenter: OrderPresenter(eta: eta, clock: clock),
        stream: StreamController(feed: store, hub: hub, tokens: tokens),
        configuration: configuration)
}

/// Every route, behind the error, metrics, logging and auth middleware.
public func buildRouter(_ services: AppServices) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    let contract = ContractRoutes()
    // Outermost first: the access log sees the status the error middleware produced.
    if services.configuration.logRequests { router.add(middleware: AccessLogMiddleware()) }
    if services.configuration.checkResponses { router.add(middleware: ContractResponseCheck(routes: contract)) }
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: AuthMiddleware(tokens: services.tokens))
    router.add(middleware: ContractMiddleware(routes: contract, audit: services.audit))

    let api = router.group("/api/v1")
    let store = services.store
    OpsController(probe: { _ = try await store.warehouses() }, database: services.database.kind.rawValue).register(to: router, api: api)
    AuthController(accounts: services.accounts).register(to: api)
    UsersController(accounts: services.accounts).register(to: api)
    AuditController(audit: services.audit).register(to: api)
    CatalogController(catalog: services.catalog).register(to: api)
    AddressesController(addresses: services.addresses).register(to: api)
    let orders = OrdersController(orders: services.orders, presenter: services.presenter)
    orders.register(to: api)
    OrderEventsController(orders: services.orders, tracking: services.tracking, tokens: services.tokens, changes: services.changes,
                          keepAlive: .milliseconds(Int(services.configuration.eventStreamKeepAliveSeconds * 1000))).register(to: api)
    services.stream.register(to: api)
    WebhooksController(webhooks: services.webhooks).register(to: api)
    AlertsController(alerts: services.alerts).register(to: api)
    OverviewController(overview: services.overview).register(to: api)
    ExplanationController(explanations: services.explanations).register(to: api)
    ConversationsController(support: services.support).register(to: api)
    ServiceDeskController(desk: services.desk).register(to: api)
    RefundsController(refunds: services.refunds).register(to: api)
    AddressChangeController(changes: services.addressChanges, presenter: services.presenter).register(to: api)
    ReturnsController(returns: services.returns).register(to: api)
    AppointmentsController(appointments: services.appointments, presenter: services.presenter).register(to: api)
    DispatchController(dispatch: services.dispatch, catalog: services.catalog, traffic: services.traffic).register(to: api)
    DriverController(drivers: services.drivers, traffic: services.traffic).register(to: api)
    ProofController(proofs: services.proofs).register(to: api)
    PaymentsController(orders: services.orders, presenter: services.presenter, secret: services.configuration.paymentWebhookSecret).register(to: api)
    CarriersController(tracking: services.tracking, secret: services.configuration.carrierWebhookSecret).register(to: api)
    InventoryController(replenishment: services.replenishment, signals: services.stockSignals, kpis: services.inventoryKPIs).register(to: api)
    PurchasingController(purchasing: services.purchasing).register(to: api)
    WebController(assets: WebAssets()).register(to: router)
    AdminController(orders: orders, orderService: services.orders, tracking: services.tracking, catalog: services.catalog, stock: services.stock,
                    presenter: services.presenter).register(to: api)
    return router
}

/// A setting that makes the application unsafe or unable to start.
public struct ConfigurationError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
