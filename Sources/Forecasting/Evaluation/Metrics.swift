import Foundation

/// Forecast accuracy measures, each comparing a forecast with the actual values of the test periods.
public enum Metrics {
    /// Symmetric MAPE in percent, as in the M3 competition: mean of 200·|y − f| / (|y| + |f|).
    public static func sMAPE(actual: [Double], forecast: [Double]) -> Double {
        precondition(actual.count == forecast.count)
        var sum = 0.0
        for (y, f) in zip(actual, forecast) {
            let denominator = abs(y) + abs(f)
            sum += denominator == 0 ? 0 : 200 * abs(y - f) / denominator
        }
        return sum / Double(actual.count)
    }

    /// Mean absolute scaled error (Hyndman & Koehler 2006): MAE over the in-sample MAE of the seasonal
    /// naive method with lag `period` (1 = naive). Nil when the training series is constant.
    public static func mase(actual: [Double], forecast: [Double], training: [Double], period: Int = 1) -> Double? {
        guard let scale = naiveScale(training, period: period, power: 1) else { return nil }
        return meanAbsoluteError(actual: actual, forecast: forecast) / scale
    }

    /// Root mean squared scaled error (the M5 competition's measure). Nil when the training series is constant.
    public static func rmsse(actual: [Double], forecast: [Double], training: [Double], period: Int = 1) -> Double? {
        guard let scale = naiveScale(training, period: period, power: 2) else { return nil }
        var sum = 0.0
        for (y, f) in zip(actual, forecast) { sum += (y - f) * (y - f) }
        return (sum / Double(actual.count) / scale).squareRoot()
    }

    public static func meanAbsoluteError(actual: [Double], forecast: [Double]) -> Double {
        var sum = 0.0
        for (y, f) in zip(actual, forecast) { sum += abs(y - f) }
        return sum / Double(actual.count)
    }

    /// Mean of forecast − actual: positive when the forecast runs high.
    public static func bias(actual: [Double], forecast: [Double]) -> Double {
        var sum = 0.0
        for (y, f) in zip(actual, forecast) { sum += f - y }
        return sum / Double(actual.count)
    }

    /// Pinball (quantile) loss of a q-quantile forecast, averaged over periods.
    public static func pinball(actual: [Double], quantile: [Double], q: Double) -> Double {
        var sum = 0.0
        for (y, f) in zip(actual, quantile) { sum += y >= f ? q * (y - f) : (1 - q) * (f - y) }
        return sum / Double(actual.count)
    }

    /// Mean |y_t − y_{t−m}|^power over the training data.
    static func naiveScale(_ training: [Double], period: Int, power: Int) -> Double? {
        let lag = training.count > period ? max(period, 1) : 1
        guard training.count > lag else { return nil }
        var sum = 0.0
        for t in lag..<training.count {
            let d = abs(training[t] - training[t - lag])
            sum += power == 1 ? d : d * d
        }
        let scale = sum / Double(training.count - lag)
        return scale > 0 ? scale : nil
    }
}
