import Foundation

/// What one policy did in one run of a world (see SIMULATION.md for how each is computed).
public struct RunFigures: Codable, Equatable, Sendable {
    /// Orders accepted (stock reserved), and what became of them by the end.
    public var ordersPlaced = 0
    public var ordersDelivered = 0
    /// Cancelled, or returned to the warehouse after failed attempts.
    public var ordersCancelled = 0
    public var ordersOpen = 0
    /// Paid → delivered, over delivered orders.
    public var deliveryHoursMean = 0.0
    public var deliveryHoursP90 = 0.0
    /// Delivered orders delivered by their promise (the window's end when one was chosen).
    public var onTimeShare = 0.0
    public var km = 0.0
    public var kwh = 0.0
    public var vehicleHours = 0.0
    /// Units accepted over units wanted (accepted + refused for lack of stock).
    public var fillRate = 0.0
    /// Warehouse × SKU days that closed with nothing available.
    public var stockoutDays = 0
    /// Units refused for lack of stock.
    public var lostSales = 0
    /// The cost of goods sold over the average stock at cost, a year's worth.
    public var turnover = 0.0
    /// Average stock at cost.
    public var inventoryValueCents = 0.0
    /// Stops the product refused to close (409): zero since a split order is delivered parcel by parcel;
    /// not part of the figures, reported so that a regression shows.
    public var refusedStops = 0
    /// Per day: mean paid → delivered hours of the orders delivered that day (nil: none), and stock at cost.
    public var dailyDeliveryHours: [Double?] = []
    public var dailyInventoryValueCents: [Double] = []
    /// The vans' paths (latitude, longitude) on the sample day (the day after a flash sale, else the second),
    /// for the routes map.
    public var sampleDayRoutes: [[[Double]]] = []

    public init() {}

    /// The figures the report compares, by name, in the report's order.
    public var headline: [(name: String, value: Double)] {
        [("ordersPlaced", Double(ordersPlaced)), ("ordersDelivered", Double(ordersDelivered)), ("ordersCancelled", Double(ordersCancelled)),
         ("ordersOpen", Double(ordersOpen)), ("deliveryHoursMean", deliveryHoursMean), ("deliveryHoursP90", deliveryHoursP90),
         ("onTimeShare", onTimeShare), ("km", km), ("kwh", kwh), ("vehicleHours", vehicleHours), ("fillRate", fillRate),
         ("stockoutDays", Double(stockoutDays)), ("lostSales", Double(lostSales)), ("turnover", turnover),
         ("inventoryValueCents", inventoryValueCents)]
    }
}
