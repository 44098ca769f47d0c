import Foundation
import SolverSupport
import Testing
@testable import Forecasting

@Suite("weekly demand planner")
struct WeeklyDemandPlannerTests {
    func noisy(_ base: [Double], seed: UInt64) -> [Double] {
        var rng = SeededGenerator(seed: seed)
        return base.map { max(0, $0 + Double(Int(rng.next() % 5)) - 2) }
    }

    @Test("event weeks are left out of the baseline, and a past event's uplift is applied to its next occurrence")
    func learntUplift() {
        let values = noisy(Array(repeating: 20, count: 60), seed: 1)
        var history = values.enumerated().map { WeeklyDemandPlanner.Week(demand: $0.element, weekOfYear: $0.offset % 52 + 1) }
        for week in [10, 36] {
            history[week].demand = 60
            history[week].event = "double11"
        }
        let future = (0..<8).map { WeeklyDemandPlanner.FutureWeek(weekOfYear: ($0 + 60) % 52 + 1, event: $0 == 3 ? "double11" : nil, declaredUplift: 5) }
        let plan = WeeklyDemandPlanner().plan(history: history, future: future)
        // Twice three times the ordinary weeks around it: learnt, not the declared 5.
        let uplift = try! #require(plan.uplifts["double11"])
        #expect(uplift > 2.4 && uplift < 3.6)
        #expect(!plan.yearlySeasonality)
        let ordinary = plan.forecast.mean[2]
        #expect(ordinary > 17 && ordinary < 23, "the baseline ignores the two spikes")
        // The baseline moves a little from week to week (ETS+Theta may drift); the event week is its uplift times over.
        #expect(abs(plan.forecast.mean[3] - ordinary * uplift) < 0.02 * ordinary * uplift)
        #expect(plan.factors[3] == uplift && plan.factors[2] == 1)
        let i95 = try! #require(plan.forecast.interval(0.95)), i80 = try! #require(plan.forecast.interval(0.8))
        for h in 0..<8 {
            #expect(i95.lower[h] <= i80.lower[h] && i80.lower[h] <= plan.forecast.mean[h] && plan.forecast.mean[h] <= i80.upper[h] && i80.upper[h] <= i95.upper[h])
        }
    }

    @Test("without a past occurrence the declared uplift is used")
    func declaredUplift() {
        let history = noisy(Array(repeating: 10, count: 30), seed: 2).enumerated().map { WeeklyDemandPlanner.Week(demand: $0.element, weekOfYear: $0.offset + 1) }
        let future = [WeeklyDemandPlanner.FutureWeek(weekOfYear: 31, event: "flashSale", declaredUplift: 4), .init(weekOfYear: 32)]
        let plan = WeeklyDemandPlanner().plan(history: history, future: future)
        #expect(plan.uplifts["flashSale"] == 4)
        #expect(abs(plan.forecast.mean[0] - 4 * plan.forecast.mean[1]) < 0.02 * plan.forecast.mean[0])
    }

    @Test("two years of a yearly season give a yearly index: the peak season is forecast above the trough")
    func yearlySeason() {
        let weeks = 156
        let base: [Double] = (0..<weeks).map { week in
            let angle = 2 * Double.pi * Double(week % 52) / 52
            return 30 + 15 * cos(angle)
        }
        let history = noisy(base, seed: 3).enumerated().map { WeeklyDemandPlanner.Week(demand: $0.element, weekOfYear: $0.offset % 52 + 1) }
        // Forecast 26 weeks from week 1 of the year (the peak) to week 26 (the trough).
        let future = (0..<26).map { WeeklyDemandPlanner.FutureWeek(weekOfYear: $0 + 1) }
        let plan = WeeklyDemandPlanner().plan(history: history, future: future)
        #expect(plan.yearlySeasonality)
        #expect(plan.forecast.mean[0] > 1.5 * plan.forecast.mean[25], "peak \(plan.forecast.mean[0]) vs trough \(plan.forecast.mean[25])")
        // The same history a year short has no index.
        #expect(!WeeklyDemandPlanner().plan(history: Array(history.suffix(60)), future: future).yearlySeasonality)
    }

    @Test("the policy is the planner's own, for the protection demand scaled by the span's factors")
    func policyMatchesPlanner() {
        let history = noisy(Array(repeating: 12, count: 52), seed: 4).enumerated().map { WeeklyDemandPlanner.Week(demand: $0.element, weekOfYear: $0.offset + 1) }
        let settings = PolicySettings(kind: .orderUpTo, target: .fillRate(0.95), leadTimePeriods: 2, reviewPeriods: 1, leadTimeSpreadPeriods: 0.5)
        let planner = ReplenishmentPlanner(settings: settings)
        let plan = WeeklyDemandPlanner(planner: planner).plan(history: history, future: (0..<8).map { .init(weekOfYear: $0 + 1) })
        // The span's mean is the forecast's over lead time + review; its spread at least Poisson's.
        #expect(abs(plan.protection.mean - plan.forecast.mean.prefix(3).reduce(0, +)) < 1e-9)
        #expect(plan.protection.variance >= plan.protection.mean)
        #expect(plan.levels == planner.levels(protection: plan.protection))
        // A late supplier needs more stock than a punctual one.
        let punctual = ReplenishmentPlanner(settings: PolicySettings(kind: .orderUpTo, target: .fillRate(0.95), leadTimePeriods: 2, reviewPeriods: 1))
        #expect(plan.levels.orderUpTo > punctual.levels(history: history.map(\.demand), period: 1).orderUpTo)
    }
}

@Suite("count intervals")
struct DiscreteIntervalTests {
    @Test("a part that mostly sells nothing gets [0, b] with b the count whose share is nearest the level")
    func mostlyZero() {
        let counts = [Double](repeating: 0, count: 14) + [1, 1, 1, 2, 2, 3]
        #expect(DiscreteIntervals.central(counts, level: 0.8) == (0, 1) as (Double, Double))  // holds 85 %
        #expect(DiscreteIntervals.central(counts, level: 0.95) == (0, 2) as (Double, Double))  // holds 95 %
    }

    @Test("steady counts get a two-sided interval")
    func twoSided() {
        let counts: [Double] = [3, 4, 4, 5, 5, 5, 5, 6, 6, 7]
        let (lower, upper) = DiscreteIntervals.central(counts, level: 0.8)
        #expect(lower == 4 && upper == 6)  // 3 and 7 left out: holds 80 %
    }

    @Test("empirical intervals are wider than the normal's at 95 % and agree with it at 80 %")
    func tShape() {
        #expect(abs(EmpiricalIntervals.multiplier(level: 0.8) - 1.2816) < 1e-3)
        #expect(abs(EmpiricalIntervals.multiplier(level: 0.95) - 2.232) < 5e-3)
        #expect(abs(StudentT5.quantile(0.975) - 2.5706) < 1e-3)
    }
}
