/// Replays a demand series against a replenishment policy: each review re-plans from the history so far
/// (never the future), orders arrive after the lead time, unmet demand is back-ordered.
public struct PolicySimulator: Sendable {
    public init() {}

    public struct Outcome: Sendable, Equatable {
        public var demand: Double
        /// Demand served from stock on the day it arrived.
        public var servedFromStock: Double
        public var averageOnHand: Double
        public var stockoutPeriods: Int
        public var orders: Int
        public var orderedUnits: Double
        public var periods: Int

        /// Share of demand served from stock (1 when there was no demand).
        public var fillRate: Double { demand > 0 ? servedFromStock / demand : 1 }
        /// Demand served over average stock, per simulated span.
        public var turnover: Double { averageOnHand > 0 ? servedFromStock / averageOnHand : 0 }
    }

    /// Simulates periods `start..<series.count`; `plan` gets the history before each review and returns the
    /// levels. The run starts with stock at the first plan's order-up-to level and nothing on order.
    public func run(series: [Double], start: Int, settings: PolicySettings,
                    plan: ([Double]) -> InventoryLevels) -> Outcome {
        precondition(start > 0 && start <= series.count)
        var onHand = 0.0
        var backorders = 0.0
        var pipeline: [(arrival: Int, quantity: Double)] = []
        var outcome = Outcome(demand: 0, servedFromStock: 0, averageOnHand: 0, stockoutPeriods: 0, orders: 0,
                              orderedUnits: 0, periods: series.count - start)
        var stockSum = 0.0
        for t in start..<series.count {
            // Receive what arrives now.
            var received = 0.0
            pipeline.removeAll { order in
                if order.arrival <= t { received += order.quantity; return true }
                return false
            }
            onHand += received
            let cleared = min(onHand, backorders)
            onHand -= cleared
            backorders -= cleared

            if (t - start) % settings.reviewPeriods == 0 {
                let levels = plan(Array(series.prefix(t)))
                if t == start { onHand = levels.orderUpTo }
                let position = onHand + pipeline.reduce(0) { $0 + $1.quantity } - backorders
                let quantity = levels.orderQuantity(position: position, settings: settings)
                if quantity > 0 {
                    pipeline.append((t + settings.leadTimePeriods, quantity))
                    outcome.orders += 1
                    outcome.orderedUnits += quantity
                }
            }

            let demand = series[t]
            let served = min(onHand, demand)
            onHand -= served
            backorders += demand - served
            outcome.demand += demand
            outcome.servedFromStock += served
            if demand > served { outcome.stockoutPeriods += 1 }
            stockSum += onHand
        }
        outcome.averageOnHand = stockSum / Double(max(outcome.periods, 1))
        return outcome
    }
}
