import Foundation

/// Inventory planning in the product: the calendar, suppliers and settings the merchant keeps, planning
/// runs (on request and nightly) that forecast every stocked SKU × warehouse with the forecasting engine and
/// turn the forecasts into suggestions and stock alerts.
public struct ReplenishmentService: Sendable {
    public typealias Store = PlanningStore & DemandStore & PurchasingStore & StockStore & CatalogStore & StockAlertStore & JobStore
    let store: any Store
    let clock: @Sendable () -> Date

    /// Who plans stock.
    public static let planners: Set<Role> = [.admin, .warehouse]
    /// SKUs planned together: every warehouse of a SKU is in the same batch (transfers need them all).
    public static let batchSKUs = 400
    /// A run whose worker has said nothing for this long is taken over.
    public static let staleSeconds = 1800.0

    public init(store: any Store, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.clock = clock
    }

    func requirePlanner(_ user: User) throws {
        guard Self.planners.contains(user.role) else { throw LogisticsError.forbidden("only admin or warehouse staff plan stock") }
    }

    // MARK: Runs

    /// Queues a run (or returns the one already queued or running).
    public func requestRun(by user: User) async throws -> PlanningRun {
        try requirePlanner(user)
        let now = clock()
        return try await store.enqueueRun(PlanningRun(id: Identifier.make("run", at: now), status: .queued, trigger: .request, requestedBy: user.id, createdAt: now))
    }

    public func run(id: String, by user: User) async throws -> PlanningRun {
        try requirePlanner(user)
        guard let run = try await store.run(id: id) else { throw LogisticsError.notFound("planning run \(id)") }
        return run
    }

    /// At the merchant's nightly time, one instance queues the night's run; returns it when this one did.
    public func queueNightlyRun(owner: String) async throws -> PlanningRun? {
        let now = clock()
        let settings = try await store.inventorySettings()
        let minute = settings.nightlyMinute ?? 120
        let today = PlanningDay(containing: now)
        var next = today.at(minute: minute)
        if next <= now { next = today.next.at(minute: minute) }
        guard try await store.claimJob("inventory-nightly", now: now, next: next, owner: owner) else { return nil }
        return try await store.enqueueRun(PlanningRun(id: Identifier.make("run", at: now), status: .queued, trigger: .nightly, requestedBy: nil, createdAt: now))
    }

    /// Claims the oldest queued run and makes it; returns it finished (done or failed), nil when the queue is empty.
    public func runNext(owner: String) async throws -> PlanningRun? {
        let now = clock()
        guard let run = try await store.claimRun(owner: owner, at: now, staleBefore: now.addingTimeInterval(-Self.staleSeconds)) else { return nil }
        do {
            return try await execute(run)
        } catch {
            let message = String(describing: error).prefix(500).description
            try await store.failRun(id: run.id, error: message, at: clock())
            var failed = run
            failed.status = .failed
            failed.error = message
            return failed
        }
    }

    func execute(_ run: PlanningRun) async throws -> PlanningRun {
        let started = clock()
        let today = PlanningDay(containing: started)
        let settings = try await store.inventorySettings()
        let products = try await store.products(skus: nil)
        let prices = Dictionary(products.map { ($0.sku, $0.priceCents) }, uniquingKeysWith: { a, _ in a })
        let suppliers = try await store.suppliers()
        let promotions = try await store.promotions()
        let inbound = try await store.inboundStock()
        let levels = try await store.stockLevels(skus: nil, warehouseId: nil)
        let from = PlanningDay(days: today.days - 7 * ReplenishmentPlanning.historyWeeks)
        let yesterday = PlanningDay(days: today.days - 1)
        let yearAgo = PlanningDay(days: today.days - 364)
        let totals = try await store.demandTotals(from: yearAgo, to: yesterday)
        var values: [StockKey: Double] = [:]
        for level in levels { values[StockKey(warehouseId: level.warehouseId, sku: level.sku)] = 0 }
        for (key, units) in totals { values[key] = Double(units) * Double(prices[key.sku] ?? 0) }
        let abc = ReplenishmentPlanning.abcClasses(values: values)

        let skus = Array(Set(levels.map(\.sku)).union(totals.keys.map(\.sku))).sorted()
        var forecasts: [SKUForecast] = [], suggestions: [ReplenishmentSuggestion] = [], alerts: [StockAlert] = []
        var models: [String: Int] = [:]
        for start in stride(from: 0, to: skus.count, by: Self.batchSKUs) {
            let batch = Array(skus[start..<min(start + Self.batchSKUs, skus.count)])
            let batchSet = Set(batch)
            let input = ReplenishmentPlanning.Input(
                today: today, products: products.filter { batchSet.contains($0.sku) }, suppliers: suppliers,
                levels: levels.filter { batchSet.contains($0.sku) },
                demand: try await store.demand(from: from, to: yesterday, warehouseId: nil, skus: batch),
                promotions: promotions, inbound: inbound.filter { batchSet.contains($0.key.sku) }, settings: settings, abc: abc)
            let output = await Computation.run { [runId = run.id] in ReplenishmentPlanning().plan(input, runId: runId, at: started) }
            forecasts += output.forecasts
            suggestions += output.suggestions
            alerts += output.alerts
            for (model, count) in output.models { models[model, default: 0] += count }
        }
        var raised: [String: Int] = [:]
        for alert in alerts where try await store.raiseStockAlert(alert) { raised[alert.kind.rawValue, default: 0] += 1 }
        _ = try await store.resolveStockAlerts(kinds: [.lowStock, .slowMover, .overstock],
                                               except: Set(alerts.map { StockAlertKey(key: StockKey(warehouseId: $0.warehouseId, sku: $0.sku), kind: $0.kind) }),
                                               at: clock())
        var done = run
        done.status = .done
        done.startedAt = started
        done.finishedAt = clock()
        done.figures = PlanningFigures(
            series: forecasts.count, purchaseSuggestions: suggestions.count { $0.kind == .purchase },
            transferSuggestions: suggestions.count { $0.kind == .transfer }, alertsRaised: raised.values.reduce(0, +), alertsByKind: raised,
            models: models, seconds: (done.finishedAt ?? started).timeIntervalSince(started))
        try await store.completeRun(done, forecasts: forecasts, suggestions: suggestions)
        return done
    }

    // MARK: Results

    public func forecast(sku: String, warehouseId: String, by user: User) async throws -> SKUForecast {
        try requirePlanner(user)
        guard let forecast = try await store.forecast(sku: sku, warehouseId: warehouseId) else {
            throw LogisticsError.notFound("a forecast of \(sku) at \(warehouseId) (has a planning run been made?)")
        }
        return forecast
    }

    public func suggestions(warehouseId: String?, kind: SuggestionKind?, state: SuggestionState?, before: String?, limit: Int, by user: User) async throws -> [ReplenishmentSuggestion] {
        try requirePlanner(user)
        return try await store.suggestions(warehouseId: warehouseId, kind: kind, state: state, beforeId: before, limit: limit)
    }

    public func dismiss(suggestionId: String, by user: User) async throws -> ReplenishmentSuggestion {
        try requirePlanner(user)
        guard let current = try await store.suggestions(ids: [suggestionId]).first else { throw LogisticsError.notFound("suggestion \(suggestionId)") }
        guard let dismissed = try await store.dismissSuggestion(id: suggestionId) else {
            throw LogisticsError.conflict(.suggestionState, message: "the suggestion is \(current.state.rawValue); only an open one can be dismissed")
        }
        return dismissed
    }

    // MARK: What the merchant keeps

    public func settings(by user: User) async throws -> InventorySettings {
        try requirePlanner(user)
        return try await store.inventorySettings()
    }

    public func updateSettings(_ settings: InventorySettings, by user: User) async throws -> InventorySettings {
        guard user.role == .admin else { throw LogisticsError.forbidden("only an admin sets service targets") }
        try settings.validate()
        try await store.saveInventorySettings(settings)
        return settings
    }

    public func suppliers(by user: User) async throws -> [Supplier] {
        try requirePlanner(user)
        return try await store.suppliers()
    }

    public func saveSupplier(_ supplier: Supplier, by user: User) async throws -> Supplier {
        try requirePlanner(user)
        var supplier = supplier
        supplier.items = supplier.distinctItems
        try supplier.validate()
        try await store.requireProducts(supplier.items.map(\.sku))
        try await store.saveSupplier(supplier)
        return supplier
    }

    public func promotions(by user: User) async throws -> [PromotionEvent] {
        try requirePlanner(user)
        return try await store.promotions()
    }

    public func addPromotion(_ event: PromotionEvent, by user: User) async throws -> PromotionEvent {
        try requirePlanner(user)
        try event.validate()
        try await store.requireProducts(event.skus)
        if let warehouseId = event.warehouseId, try await !store.warehouses().contains(where: { $0.id == warehouseId }) {
            throw LogisticsError.notFound("warehouse \(warehouseId)")
        }
        try await store.insertPromotion(event)
        return event
    }

    public func deletePromotion(id: String, by user: User) async throws {
        try requirePlanner(user)
        guard try await store.deletePromotion(id: id) else { throw LogisticsError.notFound("promotion \(id)") }
    }
}
