import SolverSupport
import Testing
@testable import Forecasting

@Suite("surge and slow-mover signals")
struct SignalTests {
    func poissonDays(_ count: Int, mean: Double, seed: UInt64, surge: Range<Int>? = nil) -> [Double] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { day in
            let m = surge?.contains(day) == true ? 4 * mean : mean
            return Double(generator.nextPoisson(mean: m))
        }
    }

    @Test("a fourfold surge is flagged within three days; the same series without it raises nothing")
    func surge() throws {
        let detector = SurgeDetector()
        let quiet = poissonDays(300, mean: 20, seed: 11)
        #expect(detector.alarms(quiet).isEmpty)
        let surging = poissonDays(300, mean: 20, seed: 11, surge: 200..<207)
        let first = try #require(detector.alarms(surging).first)
        #expect((200...202).contains(first.index))
    }

    @Test("slow movers: cover beyond the limit pauses reorders; no sale for half a year clears out")
    func slowMovers() {
        let rule = SlowMoverRule(slowCoverDays: 120, deadAfterDays: 180)
        let selling = [Double](repeating: 1, count: 200)
        #expect(rule.assess(onHand: 30, dailyRate: 1, dailySales: selling).verdict == .healthy)
        #expect(rule.assess(onHand: 200, dailyRate: 1, dailySales: selling).verdict == .pauseReorders)
        #expect(rule.assess(onHand: 500, dailyRate: 1, dailySales: selling).verdict == .promote)
        let stopped = [1.0] + [Double](repeating: 0, count: 199)
        let dead = rule.assess(onHand: 5, dailyRate: 0.01, dailySales: stopped)
        #expect(dead.verdict == .clearOut)
        #expect(dead.daysSinceLastSale == 199)
    }
}
