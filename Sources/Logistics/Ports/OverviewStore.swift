import Foundation

/// Counts for the staff dashboard, made by the database rather than by reading every order.
public protocol OverviewStore: Sendable {
    func overviewCounts(todayStart: Date, weekStart: Date) async throws -> OverviewCounts
}

public struct OverviewCounts: Codable, Equatable, Sendable {
    /// Orders placed since the start of today (China time).
    public var ordersToday: Int
    /// Orders not yet finished (delivered, cancelled, returned), by status.
    public var openByStatus: [String: Int]
    /// Order alerts that are open (nobody on them yet), by kind.
    public var openAlerts: [String: Int]
    /// Stock alerts that are open, by kind.
    public var openStockAlerts: [String: Int]
    /// Orders delivered in the last 7 days, and how many of them by their promised time.
    public var deliveredLast7Days: Int
    public var deliveredOnTimeLast7Days: Int

    public init(ordersToday: Int, openByStatus: [String: Int], openAlerts: [String: Int], openStockAlerts: [String: Int], deliveredLast7Days: Int,
                deliveredOnTimeLast7Days: Int) {
        self.ordersToday = ordersToday
        self.openByStatus = openByStatus
        self.openAlerts = openAlerts
        self.openStockAlerts = openStockAlerts
        self.deliveredLast7Days = deliveredLast7Days
        self.deliveredOnTimeLast7Days = deliveredOnTimeLast7Days
    }
}
