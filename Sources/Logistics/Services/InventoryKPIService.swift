import Foundation

/// Stock KPIs over a period, per SKU, warehouse, category or time bucket.
public struct InventoryKPIService: Sendable {
    public typealias Store = DemandStore & PlanningStore & StockStore & CatalogStore
    let store: any Store
    let clock: @Sendable () -> Date

    /// The longest period one report covers.
    public static let maximumDays = 731

    public init(store: any Store, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.clock = clock
    }

    public func report(from: PlanningDay?, to: PlanningDay?, groupBy: KPIGrouping, by user: User) async throws -> InventoryKPIReport {
        guard ReplenishmentService.planners.contains(user.role) else { throw LogisticsError.forbidden("only admin or warehouse staff read stock KPIs") }
        let today = PlanningDay(containing: clock())
        // A report reads; it does not refuse: the period is cut to what can be known and to its longest.
        let to = PlanningDay(days: min(to?.days ?? today.days - 1, today.days))
        let from = PlanningDay(days: max(from?.days ?? to.days - 29, to.days - Self.maximumDays + 1))
        guard from.days <= to.days else {
            return InventoryKPIs.report(InventoryKPIs.Input(from: from, to: to, groupBy: groupBy, demand: [], snapshots: [], levels: [], today: today, products: [], unitCosts: [:]))
        }
        let costs = try await store.suppliers().flatMap(\.items).reduce(into: [String: Int]()) { $0[$1.sku] = $1.unitCostCents }
        return InventoryKPIs.report(InventoryKPIs.Input(
            from: from, to: to, groupBy: groupBy,
            demand: try await store.demand(from: from, to: to, warehouseId: nil, skus: nil),
            // A month before the period, so the first days' stock is carried in from a snapshot.
            snapshots: try await store.stockSnapshots(from: PlanningDay(days: from.days - 31), to: to, warehouseId: nil, sku: nil),
            levels: to.days >= today.days - 1 ? try await store.stockLevels(skus: nil, warehouseId: nil) : [],
            today: today, products: try await store.products(skus: nil), unitCosts: costs))
    }
}
