/// Every port of the order core, for what needs them all: the SQL implementation, the demo seeder, test
/// fixtures. Each operation is atomic (it commits whole or changes nothing), and the store enforces the
/// invariants that must survive concurrency (conditional updates, constraints), so two racing requests can
/// never both win; business rules live in the services, each of which takes only the ports it calls.
public typealias LogisticsStore = CatalogStore & UserStore & AddressStore & StockStore & OrderStore & TrackingStore & BacklogStore & DemandStore

/// Every port of inventory operations: planning, purchasing and transfers, stock alerts, jobs.
public typealias InventoryStore = PlanningStore & DemandStore & PurchasingStore & StockAlertStore & JobStore
