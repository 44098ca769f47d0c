import Foundation

/// A day's demand for one SKU at one warehouse: what orders took from stock and what they asked for but
/// could not get. Lost sales are demand too, so a stock-out does not teach the forecast that nobody wanted it.
public struct DemandRecord: Codable, Equatable, Sendable {
    public var warehouseId: String
    public var sku: String
    public var day: PlanningDay
    public var servedUnits: Int
    public var lostUnits: Int
    /// Order lines, for the fill rate: lines served from stock at placement over all lines asked for.
    public var servedLines: Int
    public var lostLines: Int

    public init(warehouseId: String, sku: String, day: PlanningDay, servedUnits: Int = 0, lostUnits: Int = 0, servedLines: Int = 0, lostLines: Int = 0) {
        self.warehouseId = warehouseId
        self.sku = sku
        self.day = day
        self.servedUnits = servedUnits
        self.lostUnits = lostUnits
        self.servedLines = servedLines
        self.lostLines = lostLines
    }

    public var demandUnits: Int { servedUnits + lostUnits }
}

/// A warehouse's stock of a SKU at the end of a day, kept so that KPIs can average stock over time.
public struct StockSnapshot: Codable, Equatable, Sendable {
    public var warehouseId: String
    public var sku: String
    public var day: PlanningDay
    public var onHand: Int

    public init(warehouseId: String, sku: String, day: PlanningDay, onHand: Int) {
        self.warehouseId = warehouseId
        self.sku = sku
        self.day = day
        self.onHand = onHand
    }
}
