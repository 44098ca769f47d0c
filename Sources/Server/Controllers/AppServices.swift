import Logistics
import Storage

/// The composition root: every service of one application over one database, built once by
/// `makeServices`. Controllers are given the few services they use, never this whole set or the store.
public struct AppServices: Sendable {
    /// All ports in one: for the demo seeder and the background services, not for controllers.
    public let store: any LogisticsStore & DispatchStore & InventoryStore & ServiceDeskStore
    public let database: any DatabaseClient
    public let orders: OrderService
    public let catalog: CatalogService
    public let stock: StockService
    public let addresses: AddressBook
    public let tracking: TrackingService
    public let eta: any ETAEstimator
    /// Wakes live streams when an order changes.
    public let changes: OrderChanges
    /// The feed of positioned events and the live fan-out of this instance.
    public let feed: any FeedStore
    let hub: FeedHub
    public let deliveries: any DeliveryStore
    /// Signalled when deliveries were queued or put back.
    let deliveriesQueued: ChangeSignal
    public let alerts: AlertService
    public let alertStore: any AlertStore
    public let dispatch: DispatchService
    public let drivers: DriverService
    public let proofs: ProofService
    public let traffic: TrafficService
    public let replenishment: ReplenishmentService
    public let purchasing: PurchasingService
    public let stockSignals: StockSignalService
    public let inventoryKPIs: InventoryKPIService
    public let overview: OverviewService
    public let explanations: OrderExplanationService
    public let support: SupportService
    public let desk: ServiceDeskService
    public let refunds: RefundService
    public let addressChanges: AddressChangeService
    public let returns: ReturnService
    public let appointments: AppointmentService
    public let tokens: TokenService
    /// Who changed what (written by the contract middleware, read by admins).
    public let audit: any AuditStore
    public let passwords: PasswordHasher
    let accounts: AccountService
    let webhooks: WebhookService
    let presenter: OrderPresenter
    /// The WebSocket stream: one instance serves the route and decides upgrades.
    let stream: StreamController
    public let configuration: AppConfiguration
}
