import Forecasting
import Testing

@Suite("accuracy measures")
struct MetricsTests {
    @Test("sMAPE is the M3 competition's: mean of 200·|y − f| / (|y| + |f|)")
    func smape() {
        // 200·10/210 and 200·0/40: (9.5238 + 0) / 2.
        #expect(abs(Metrics.sMAPE(actual: [100, 20], forecast: [110, 20]) - 4.761904761904762) < 1e-12)
        #expect(Metrics.sMAPE(actual: [0], forecast: [0]) == 0)
    }

    @Test("MASE scales the MAE by the in-sample seasonal naive MAE")
    func mase() throws {
        // Training 1, 2, 4, 7: naive differences 1, 2, 3 → scale 2. Errors 1 and 3 → MAE 2 → MASE 1.
        let value = try #require(Metrics.mase(actual: [8, 10], forecast: [9, 7], training: [1, 2, 4, 7]))
        #expect(abs(value - 1) < 1e-12)
        // Lag 2: differences 3, 5 → scale 4 → MASE 0.5.
        let seasonal = try #require(Metrics.mase(actual: [8, 10], forecast: [9, 7], training: [1, 2, 4, 7], period: 2))
        #expect(abs(seasonal - 0.5) < 1e-12)
        #expect(Metrics.mase(actual: [1], forecast: [1], training: [3, 3, 3]) == nil)
    }

    @Test("RMSSE, bias and pinball loss on a hand-computed case")
    func others() throws {
        // Squared naive differences 1, 4, 9 → scale 14/3; squared errors 1, 9 → mean 5; sqrt(5 / (14/3)).
        let r = try #require(Metrics.rmsse(actual: [8, 10], forecast: [9, 7], training: [1, 2, 4, 7]))
        #expect(abs(r - (5.0 / (14.0 / 3)).squareRoot()) < 1e-12)
        #expect(Metrics.bias(actual: [8, 10], forecast: [9, 7]) == -1)
        // q = 0.9: under-forecast by 2 costs 1.8, over-forecast by 1 costs 0.1 → mean 0.95.
        #expect(abs(Metrics.pinball(actual: [10, 5], quantile: [8, 6], q: 0.9) - 0.95) < 1e-12)
    }
}

@Suite("rolling-origin evaluation")
struct RollingOriginTests {
    @Test("each origin sees only the data before it; a linear series is scored exactly")
    func linear() throws {
        // y = 1, 2, ..., 20. Naive from origin o forecasts y[o-1] = o for every step: errors 1, 2, 3.
        let y = (1...20).map(Double.init)
        let evaluation = RollingOrigin(origins: 4, horizon: 3, step: 2)
        #expect(evaluation.originIndices(count: 20, minimumTraining: 4) == [11, 13, 15, 17])
        let scores = try #require(evaluation.evaluate(Naive(), on: y, period: 1))
        #expect(scores.origins == 4)
        #expect(abs(scores.meanAbsoluteError - 2) < 1e-12)
        #expect(abs(scores.bias + 2) < 1e-12)
        // The naive scale of a unit-step series is 1, so MASE = MAE.
        #expect(abs(try #require(scores.mase) - 2) < 1e-12)
    }

    @Test("too short a series has no origin")
    func short() {
        #expect(RollingOrigin(origins: 3, horizon: 6).evaluate(Naive(), on: [1, 2, 3, 4, 5], period: 1) == nil)
    }
}
