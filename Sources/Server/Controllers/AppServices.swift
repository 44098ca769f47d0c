import Logistics
import Storage

/// The domain services the controllers call, built once per application.
public struct AppServices: Sendable {
    public let store: any LogisticsStore
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
    let orderJSON = OrderJSONCache()
    public let tokens: TokenService
    public let passwords: PasswordHasher
    let throttle: LoginThrottle
    public let configuration: AppConfiguration
}
