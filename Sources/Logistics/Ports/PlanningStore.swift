import Foundation

/// Inventory planning: the merchant's suppliers, event calendar and settings; planning runs (a queue
/// every instance may work, each run made once) and what they produce.
public protocol PlanningStore: Sendable {
    func suppliers() async throws -> [Supplier]
    func supplier(id: String) async throws -> Supplier?
    /// Creates or replaces a supplier and its items (a SKU listed here leaves any other supplier).
    func saveSupplier(_ supplier: Supplier) async throws
    func promotions() async throws -> [PromotionEvent]
    func insertPromotion(_ event: PromotionEvent) async throws
    func deletePromotion(id: String) async throws -> Bool
    func inventorySettings() async throws -> InventorySettings
    func saveInventorySettings(_ settings: InventorySettings) async throws

    /// Queues a run unless one is already queued or running, which is returned instead.
    func enqueueRun(_ run: PlanningRun) async throws -> PlanningRun
    /// Takes the oldest queued run (or one whose worker went quiet before `staleBefore`); nil when none.
    func claimRun(owner: String, at time: Date, staleBefore: Date) async throws -> PlanningRun?
    func run(id: String) async throws -> PlanningRun?
    /// Stores a finished run's forecasts (replacing each pair's previous one) and suggestions (superseding
    /// the open ones of earlier runs), and marks it done, in one transaction.
    func completeRun(_ run: PlanningRun, forecasts: [SKUForecast], suggestions: [ReplenishmentSuggestion]) async throws
    func failRun(id: String, error: String, at time: Date) async throws

    func forecast(sku: String, warehouseId: String) async throws -> SKUForecast?
    func suggestions(warehouseId: String?, kind: SuggestionKind?, state: SuggestionState?, beforeId: String?, limit: Int) async throws -> [ReplenishmentSuggestion]
    func suggestions(ids: [String]) async throws -> [ReplenishmentSuggestion]
    /// Open → dismissed; nil when the suggestion is not open.
    func dismissSuggestion(id: String) async throws -> ReplenishmentSuggestion?
}

/// Stock problems on the board.
public protocol StockAlertStore: Sendable {
    /// Inserts unless the same SKU, warehouse and kind already has a live alert; true when inserted.
    func raiseStockAlert(_ alert: StockAlert) async throws -> Bool
    /// Resolves live alerts of `kinds` whose key is not in `live` (their condition has gone); returns how many.
    func resolveStockAlerts(kinds: Set<StockAlertKind>, except live: Set<StockAlertKey>, at time: Date) async throws -> Int
    func stockAlerts(state: AlertState?, kind: StockAlertKind?, warehouseId: String?, sku: String?, beforeId: String?, limit: Int) async throws -> [StockAlert]
    func stockAlert(id: String) async throws -> StockAlert?
    func updateStockAlert(id: String, from: Set<AlertState>, to: AlertState, by userId: String, at time: Date, note: String?) async throws -> StockAlert?
}

public struct StockAlertKey: Hashable, Sendable {
    public var key: StockKey
    public var kind: StockAlertKind
    public init(key: StockKey, kind: StockAlertKind) {
        self.key = key
        self.kind = kind
    }
}
