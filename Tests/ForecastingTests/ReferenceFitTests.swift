import Foundation
import Testing
@testable import Forecasting

/// Fits compared with statsforecast 2.1.1 on the same series (values printed by its `AutoETS(model=...)` and
/// `Theta(season_length=12)`; see BENCHMARKS.md for the script). Our ETS keeps the decomposition's initial
/// seasonal indices unless asked to estimate them, so seasonal forms get a wider tolerance.
@Suite("fits match statsforecast")
struct ReferenceFitTests {
    /// Trend, a yearly cycle and deterministic noise: y_t = 100 + 1.5t + 12 sin(2πt/12) + 6 sin(1.7t²).
    static let series: [Double] = (0..<72).map { i in
        let t = Double(i)
        return 100 + 1.5 * t + 12 * sin(2 * Double.pi * t / 12) + 6 * sin(1.7 * t * t)
    }

    static func relativeGap(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).map { abs($0 - $1) / abs($1) }.max() ?? .infinity
    }

    @Test("ETS(A,N,N) forecasts within 0.5 % and α within 0.05 of statsforecast's")
    func simple() throws {
        let model = try #require(ETSFitter().fit(Self.series, period: 12, spec: ETSSpec(.additive, .none, .none)))
        let reference = Array(repeating: 196.7092, count: 6)
        #expect(Self.relativeGap(model.pointForecast(horizon: 6), reference) < 0.005)
        #expect(abs(model.parameters.alpha - 0.9286) < 0.05)
    }

    @Test("ETS(A,A,N) forecasts within 1 % of statsforecast's")
    func holt() throws {
        let model = try #require(ETSFitter().fit(Self.series, period: 12, spec: ETSSpec(.additive, .additive, .none)))
        let reference = [198.0125, 199.3529, 200.6932, 202.0336, 203.374, 204.7143]
        #expect(Self.relativeGap(model.pointForecast(horizon: 6), reference) < 0.01)
    }

    @Test("ETS(A,A,A) with estimated seasonal states forecasts within 3 % of statsforecast's")
    func holtWinters() throws {
        let fitter = ETSFitter(optimiseSeasonalStates: true)
        let model = try #require(fitter.fit(Self.series, period: 12, spec: ETSSpec(.additive, .additive, .additive)))
        let reference = [206.1445, 214.2276, 220.591, 222.6227, 225.9813, 220.6028]
        #expect(Self.relativeGap(model.pointForecast(horizon: 6), reference) < 0.03)
    }

    @Test("Theta (θ = 2) forecasts within 1 % of statsforecast's Theta")
    func theta() {
        let reference = [197.3237, 198.0375, 198.7513, 199.4651, 200.1789, 200.8928]
        let forecast = Theta.standard.pointForecast(Self.series, period: 12, horizon: 6)
        #expect(Self.relativeGap(forecast, reference) < 0.01)
    }

    @Test("AutoETS finds the season of a strongly seasonal series and forecasts it within 5 %")
    func autoSeasonal() throws {
        let y: [Double] = (0..<96).map { 200 + 50 * sin(2 * Double.pi * Double($0) / 12) + 3 * sin(1.3 * Double($0 * $0)) }
        let model = try #require(AutoETS().select(Array(y.prefix(84)), period: 12))
        #expect(model.spec.season != .none)
        let forecast = model.pointForecast(horizon: 12)
        #expect(Self.relativeGap(forecast, Array(y.suffix(12))) < 0.05)
    }

    @Test("ETS(A,N,N) analytic 95 % intervals agree with simulated sample paths")
    func intervals() throws {
        let model = try #require(ETSFitter().fit(Self.series, period: 12, spec: ETSSpec(.additive, .none, .none)))
        let analytic = try #require(model.forecast(horizon: 6, levels: [0.95]).interval(0.95))
        let samples = model.simulate(horizon: 6, paths: 20_000, seed: 7)
        for h in [0, 5] {
            let sorted = samples[h].sorted()
            let width = Statistics.quantile(sorted, 0.975) - Statistics.quantile(sorted, 0.025)
            let expected = analytic.upper[h] - analytic.lower[h]
            #expect(abs(width - expected) / expected < 0.05)
        }
    }
}
