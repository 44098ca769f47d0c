import Testing
@testable import Forecasting

@Suite("intermittent demand")
struct IntermittentTests {
    // Demands 3, 2, 1 after intervals 2, 3, 2.
    let y: [Double] = [0, 3, 0, 0, 2, 0, 1]

    @Test("Croston smooths sizes and intervals separately (hand-computed, α = 0.1)")
    func croston() {
        // Sizes 3 → 2.9 → 2.71; intervals 2 → 2.1 → 2.09.
        #expect(abs(Croston(.classic).rate(y) - 2.71 / 2.09) < 1e-12)
        #expect(abs(Croston(.sba).rate(y) - 2.71 / 2.09 * 0.95) < 1e-12)
    }

    @Test("TSB multiplies the smoothed probability of demand by the smoothed size")
    func tsb() {
        // Occurrence 0,1,0,0,1,0,1 from 0; sizes 3, 2, 1 from 3.
        var p = 0.0
        for o in [1.0, 0, 0, 1, 0, 1] { p += 0.1 * (o - p) }
        #expect(abs(TSB().rate(y) - p * 2.71) < 1e-12)
    }

    @Test("demand classes follow Syntetos–Boylan's cut-offs")
    func classes() {
        #expect(DemandClass.classify([5, 6, 5, 4, 5, 6, 5]) == .smooth)
        #expect(DemandClass.classify([1, 20, 2, 30, 1, 15, 3]) == .erratic)
        #expect(DemandClass.classify([0, 0, 5, 0, 0, 5, 0, 0, 6, 0]) == .intermittent)
        #expect(DemandClass.classify([0, 0, 1, 0, 0, 30, 0, 0, 2, 0]) == .lumpy)
    }

    @Test("a part that never sold is forecast at zero by every intermittent method")
    func neverSold() {
        let zeros = [Double](repeating: 0, count: 24)
        for method in [Croston(.classic), Croston(.sba), Croston(.optimised)] as [any ForecastMethod] + [TSB(), ADIDA(), IMAPA()] {
            #expect(method.pointForecast(zeros, period: 12, horizon: 3) == [0, 0, 0], "\(method.name)")
        }
    }

    @Test("forecasts depend on the history only: changing the test part changes nothing")
    func noLookAhead() {
        let values: [Double] = (0..<60).map { Double(($0 * 7) % 5) }
        var a = DemandSeries(id: "a", period: 12, values: values, testLength: 6)
        let before = AutoForecaster().pointForecast(a.history, period: 12, horizon: 6)
        for i in 54..<60 { a.values[i] = 1_000 }
        #expect(a.history == Array(values.prefix(54)))
        #expect(AutoForecaster().pointForecast(a.history, period: 12, horizon: 6) == before)
    }
}
