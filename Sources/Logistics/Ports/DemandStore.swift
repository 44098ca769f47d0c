import Foundation

/// Daily demand per SKU × warehouse (served and lost) and end-of-day stock: the history forecasts and KPIs
/// are computed from.
public protocol DemandStore: Sendable {
    /// Adds each record's figures to its day (a day's demand grows as orders come in).
    func recordDemand(_ records: [DemandRecord]) async throws
    /// Records of days `from...to`, of one warehouse and of some SKUs when given.
    func demand(from: PlanningDay, to: PlanningDay, warehouseId: String?, skus: [String]?) async throws -> [DemandRecord]
    /// Units demanded (served + lost) per pair over `from...to`: what ABC classes rank.
    func demandTotals(from: PlanningDay, to: PlanningDay) async throws -> [StockKey: Int]
    /// Pairs with any demand on `day` (the surge scan looks only at these).
    func demandPairs(on day: PlanningDay) async throws -> [StockKey]
    /// Writes every level's on-hand as the snapshot of `day` (again: replaces it).
    func snapshotStock(day: PlanningDay) async throws
    func saveStockSnapshots(_ snapshots: [StockSnapshot]) async throws
    /// Writes history in bulk (an import, the demo seeder), replacing the days it names.
    func importDemand(_ records: [DemandRecord]) async throws
    func stockSnapshots(from: PlanningDay, to: PlanningDay, warehouseId: String?, sku: String?) async throws -> [StockSnapshot]
}

/// A SKU at a warehouse.
public struct StockKey: Hashable, Sendable, Codable, Comparable {
    public var warehouseId: String
    public var sku: String
    public init(warehouseId: String, sku: String) {
        self.warehouseId = warehouseId
        self.sku = sku
    }
    public static func < (a: StockKey, b: StockKey) -> Bool { (a.warehouseId, a.sku) < (b.warehouseId, b.sku) }
}
