import Foundation

/// The staff dashboard's figures: today's orders, what is open, what is late, alerts.
public struct OverviewService: Sendable {
    let store: any OverviewStore
    let clock: @Sendable () -> Date

    public init(store: any OverviewStore, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.clock = clock
    }

    public struct Overview: Codable, Equatable, Sendable {
        public var day: String
        public var counts: OverviewCounts
        /// Delivered by the promised time, of the orders delivered in the last 7 days; nil when none were.
        public var onTimeShareLast7Days: Double?
    }

    public func overview(by user: User) async throws -> Overview {
        guard user.role.isStaff else { throw LogisticsError.forbidden("the dashboard is for staff") }
        let today = PlanningDay(containing: clock())
        let counts = try await store.overviewCounts(todayStart: today.start, weekStart: PlanningDay(days: today.days - 6).start)
        let share = counts.deliveredLast7Days > 0 ? Double(counts.deliveredOnTimeLast7Days) / Double(counts.deliveredLast7Days) : nil
        return Overview(day: today.description, counts: counts, onTimeShareLast7Days: share)
    }
}
