import SolverSupport
import Testing
@testable import Forecasting

@Suite("inventory policies")
struct InventoryTests {
    let settings = PolicySettings(kind: .orderUpTo, target: .fillRate(0.95), leadTimePeriods: 1, reviewPeriods: 1)

    func fixed(_ level: Double) -> ([Double]) -> InventoryLevels {
        { _ in InventoryLevels(reorderPoint: level, orderUpTo: level, demandRate: 10, safetyStock: 0) }
    }

    @Test("steady demand of 10 with order-up-to 20 and a one-period lead time is always served")
    func enoughStock() {
        let series = [Double](repeating: 10, count: 30)
        let outcome = PolicySimulator().run(series: series, start: 10, settings: settings, plan: fixed(20))
        #expect(outcome.fillRate == 1)
        #expect(outcome.stockoutPeriods == 0)
        #expect(outcome.orders == 19)
        // Ends the first period with 10, every later one with 0.
        #expect(abs(outcome.averageOnHand - 10.0 / 20) < 1e-12)
    }

    @Test("order-up-to 10 covers only the first period: every later demand waits for stock")
    func tooLittleStock() {
        let series = [Double](repeating: 10, count: 30)
        let outcome = PolicySimulator().run(series: series, start: 10, settings: settings, plan: fixed(10))
        #expect(abs(outcome.fillRate - 1.0 / 20) < 1e-12)
        #expect(outcome.stockoutPeriods == 19)
    }

    @Test("orders are rounded up to whole packs and at least the minimum order")
    func packs() {
        var s = settings
        s.packSize = 12
        s.minimumOrderQuantity = 30
        let levels = InventoryLevels(reorderPoint: 50, orderUpTo: 100, demandRate: 10, safetyStock: 0)
        #expect(levels.orderQuantity(position: 60, settings: s) == 0) // above the reorder point
        #expect(levels.orderQuantity(position: 50, settings: s) == 60) // 50 → 5 packs
        #expect(levels.orderQuantity(position: 90, settings: s) == 0)
        var low = levels
        low.reorderPoint = 95
        #expect(levels.orderQuantity(position: -5, settings: s) == 108) // 105 → 9 packs
        #expect(low.orderQuantity(position: 95, settings: s) == 30) // 5 → one pack, raised to the minimum
    }

    @Test("a gamma with a large shape behaves like the normal: quantiles and expected shortage")
    func gamma() {
        let d = DemandDistribution(mean: 1_000, variance: 100)
        #expect(abs(d.quantile(0.975) - (1_000 + 1.959964 * 10)) < 0.5)
        #expect(abs(d.expectedShortage(1_000) - 10 * Normal.loss(0)) < 0.1)
        #expect(abs(d.cdf(1_000) - 0.5) < 0.01)
    }

    @Test("the fill-rate level is the least stock whose expected shortage is within the allowance")
    func fillRateLevel() {
        let protection = DemandDistribution(mean: 20, variance: 40)
        let leadTime = DemandDistribution(mean: 10, variance: 20)
        let levels = PolicyCalculator.levels(protection: protection, leadTime: leadTime, perPeriodMean: 10, settings: settings)
        let shortage = { (s: Double) in protection.expectedShortage(s) - leadTime.expectedShortage(s) }
        #expect(shortage(levels.orderUpTo) <= 0.05 * 10 + 1e-6)
        #expect(shortage(levels.orderUpTo - 0.01) > 0.05 * 10)
        // A cycle service level of 95 % is the 95 % quantile of protection-span demand.
        var csl = settings
        csl.target = .cycleServiceLevel(0.95)
        let q = PolicyCalculator.levels(protection: protection, perPeriodMean: 10, settings: csl).orderUpTo
        #expect(abs(protection.cdf(q) - 0.95) < 1e-6)
    }

    @Test("the planner meets a 95 % fill rate on steady Poisson demand")
    func plannerOnPoisson() {
        var generator = SeededGenerator(seed: 3)
        let series = (0..<160).map { _ in Double(generator.nextPoisson(mean: 20)) }
        let planner = ReplenishmentPlanner(method: ExponentialSmoothing.simple, settings: settings)
        let outcome = PolicySimulator().run(series: series, start: 40, settings: settings) { planner.levels(history: $0, period: 1) }
        #expect(outcome.fillRate >= 0.93)
        #expect(outcome.fillRate < 0.999) // not by hoarding
    }
}
