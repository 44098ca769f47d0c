import Foundation
import SolverSupport
import Testing
@testable import Forecasting

/// `chosen(for:)`: what a selecting method picked for a history, which refits on other histories (the
/// rolling origins of the nightly run) without choosing again.
@Suite("the chosen method")
struct ChosenMethodTests {
    /// A positive series with a trend and noise: AutoETS has six forms to choose from.
    let trending: [Double] = {
        var rng = SeededGenerator(seed: 3)
        return (0..<60).map { (t: Int) -> Double in
            let noise = Double(Int(rng.next() % 7)) - 3
            return 20 + 0.4 * Double(t) + noise
        }
    }()

    @Test("AutoETS's choice forecasts the history as AutoETS does, and fits only that form on a shorter one")
    func etsForm() throws {
        let auto = AutoETS()
        let picked = try #require(auto.select(trending, period: 1))
        let chosen = try #require(auto.chosen(for: trending, period: 1, horizon: 8) as? AutoETS)
        #expect(chosen.form == picked.spec)
        #expect(chosen.pointForecast(trending, period: 1, horizon: 8) == auto.pointForecast(trending, period: 1, horizon: 8))
        let past = Array(trending.prefix(40))
        let refit = try #require(auto.select(past, period: 1, among: [picked.spec]))
        #expect(chosen.pointForecast(past, period: 1, horizon: 8) == refit.pointForecast(horizon: 8))
    }

    @Test("Auto answers with the class's method as chosen: ETS+Theta with ETS's form, or the backtest's winner")
    func auto() throws {
        let auto = AutoForecaster()
        let regular = try #require(auto.chosen(for: trending, period: 1, horizon: 8) as? Combination)
        #expect(regular.name == "ETS+Theta")
        #expect((regular.methods.first as? AutoETS)?.form != nil)
        #expect(regular.pointForecast(trending, period: 1, horizon: 8) == auto.pointForecast(trending, period: 1, horizon: 8))

        // A part that sells now and then.
        var rng = SeededGenerator(seed: 5)
        let sparse = (0..<60).map { (_: Int) -> Double in rng.next() % 4 == 0 ? Double(1 + rng.next() % 3) : 0 }
        #expect([DemandClass.intermittent, .lumpy].contains(DemandClass.classify(sparse)))
        let backtest = try #require(AutoForecaster.defaultIrregular as? BacktestSelection)
        let winner = backtest.candidates[backtest.choose(sparse, period: 1, horizon: 8)]
        let chosen = auto.chosen(for: sparse, period: 1, horizon: 8)
        #expect(chosen.name == winner.name)
        #expect(chosen.pointForecast(sparse, period: 1, horizon: 8) == auto.pointForecast(sparse, period: 1, horizon: 8))
    }
}
