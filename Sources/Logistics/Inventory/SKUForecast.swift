import Foundation

/// The latest forecast of one SKU at one warehouse, with the history it was fitted on and the policy that
/// came out of it; what the forecast chart and the suggestion's "why" are drawn from.
public struct SKUForecast: Codable, Equatable, Sendable {
    public struct HistoryPoint: Codable, Equatable, Sendable {
        /// First day of the week.
        public var date: PlanningDay
        /// Demand: served plus lost.
        public var value: Double
        public var lost: Double
        public var event: String?
        public init(date: PlanningDay, value: Double, lost: Double, event: String?) {
            self.date = date
            self.value = value
            self.lost = lost
            self.event = event
        }
    }

    public struct Point: Codable, Equatable, Sendable {
        public var date: PlanningDay
        public var mean: Double
        public var lo80: Double
        public var hi80: Double
        public var lo95: Double
        public var hi95: Double
        public var event: String?
        public init(date: PlanningDay, mean: Double, lo80: Double, hi80: Double, lo95: Double, hi95: Double, event: String?) {
            self.date = date
            self.mean = mean
            self.lo80 = lo80
            self.hi80 = hi80
            self.lo95 = lo95
            self.hi95 = hi95
            self.event = event
        }
    }

    /// The stock policy the forecast gave.
    public struct Policy: Codable, Equatable, Sendable {
        public var abcClass: ABCClass
        public var serviceTarget: Double
        public var leadTimeDays: Double
        public var leadTimeSpreadDays: Double
        public var reviewDays: Int
        public var reorderPoint: Double
        public var orderUpTo: Double
        public var safetyStock: Double
        /// Expected demand per day over the next weeks.
        public var dailyRate: Double
        public init(abcClass: ABCClass, serviceTarget: Double, leadTimeDays: Double, leadTimeSpreadDays: Double, reviewDays: Int,
                    reorderPoint: Double, orderUpTo: Double, safetyStock: Double, dailyRate: Double) {
            self.abcClass = abcClass
            self.serviceTarget = serviceTarget
            self.leadTimeDays = leadTimeDays
            self.leadTimeSpreadDays = leadTimeSpreadDays
            self.reviewDays = reviewDays
            self.reorderPoint = reorderPoint
            self.orderUpTo = orderUpTo
            self.safetyStock = safetyStock
            self.dailyRate = dailyRate
        }
    }

    public var sku: String
    public var warehouseId: String
    public var runId: String
    public var model: String
    /// Buckets are weeks (the policy reviews weekly); each point's date is the week's first day.
    public var granularity: String
    public var yearlySeasonality: Bool
    public var uplifts: [String: Double]
    public var createdAt: Date
    public var history: [HistoryPoint]
    public var forecast: [Point]
    public var policy: Policy

    public init(sku: String, warehouseId: String, runId: String, model: String, granularity: String = "week", yearlySeasonality: Bool,
                uplifts: [String: Double], createdAt: Date, history: [HistoryPoint], forecast: [Point], policy: Policy) {
        self.sku = sku
        self.warehouseId = warehouseId
        self.runId = runId
        self.model = model
        self.granularity = granularity
        self.yearlySeasonality = yearlySeasonality
        self.uplifts = uplifts
        self.createdAt = createdAt
        self.history = history
        self.forecast = forecast
        self.policy = policy
    }
}

/// A SKU's share of a warehouse's sales value: A is the top 80 %, B the next 15 %, C the rest. The merchant
/// sets a service target per class (high for what sells most, lower for the long tail).
public enum ABCClass: String, Codable, CaseIterable, Sendable {
    case a = "A", b = "B", c = "C"
}
