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
        let to = to ?? PlanningDay(days: today.days - 1)
        let from = from ?? PlanningDay(days: to.days - 29)
        guard from.days <= to.days else { throw LogisticsError.validation(field: "from", message: "on or before to") }
        guard to.days - from.days < Self.maximumDays else { throw LogisticsError.validation(field: "to", message: "a report covers at most \(Self.maximumDays) days") }
        guard to.days <= today.days else { throw LogisticsError.validation(field: "to", message: "not after today (\(today))") }
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
