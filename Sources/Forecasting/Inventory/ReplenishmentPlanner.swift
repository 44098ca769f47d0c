/// Computes a SKU's inventory levels from its demand history: a forecast of the mean demand over the
/// protection span, its uncertainty from the method's own past errors over that span, and the policy.
public struct ReplenishmentPlanner: Sendable {
    /// The method whose forecasts are the expected demand (a mean, not a median: stock covers the mean).
    public var method: any ForecastMethod
    public var settings: PolicySettings
    /// Rolling origins whose cumulative errors estimate the spread of demand over the protection span.
    public var errorOrigins: Int

    public init(method: any ForecastMethod = ReplenishmentPlanner.defaultMethod, settings: PolicySettings = PolicySettings(),
                errorOrigins: Int = 18) {
        self.method = method
        self.settings = settings
        self.errorOrigins = errorOrigins
    }

    /// Means for stock: the ETS/Theta combination for regular demand, SBA (Croston's rate, bias-corrected)
    /// for irregular demand. In the car-parts replay SBA needed less stock than TSB and IMAPA for the same
    /// fill rate (BENCHMARKS.md).
    public static let defaultMethod: any ForecastMethod =
        AutoForecaster(regular: AutoForecaster.defaultRegular, irregular: Croston(.sba))

    public func levels(history: [Double], period: Int) -> InventoryLevels {
        levels(protection: protectionDemand(history: history, period: period))
    }

    /// The policy's levels for a given distribution of demand over lead time + review period.
    public func levels(protection distribution: DemandDistribution) -> InventoryLevels {
        let share = Double(settings.leadTimePeriods) / Double(settings.protectionPeriods)
        let leadTime = DemandDistribution(mean: distribution.mean * share, variance: distribution.variance * share)
        let perPeriod = distribution.mean / Double(settings.protectionPeriods)
        return PolicyCalculator.levels(protection: distribution, leadTime: leadTime, perPeriodMean: perPeriod, settings: settings)
    }

    /// Demand over lead time + review period: mean from the forecast, variance from the mean squared error
    /// of the same forecast over the same span made at earlier origins (at least a Poisson variance), each
    /// a refit of the model chosen on the whole history (`chosen(for:)`).
    public func protectionDemand(history: [Double], period: Int) -> DemandDistribution {
        let span = settings.protectionPeriods
        let method = method.chosen(for: history, period: period, horizon: span)
        let mean = max(0, method.pointForecast(history, period: period, horizon: span).reduce(0, +))
        let n = history.count
        let origins = min(errorOrigins, max(0, n - span - 3))
        var squares = 0.0
        for k in 0..<origins {
            let origin = n - span - k
            let forecast = method.pointForecast(Array(history.prefix(origin)), period: period, horizon: span).reduce(0, +)
            let actual = history[origin..<(origin + span)].reduce(0, +)
            squares += (actual - max(0, forecast)) * (actual - max(0, forecast))
        }
        let forecastError = origins > 0 ? squares / Double(origins) : Double.infinity
        return distribution(mean: mean, forecastError: forecastError, history: history)
    }

    /// The span's demand distribution from its forecast mean and the mean squared error of the same forecast
    /// at earlier origins (infinite when there were none).
    public func distribution(mean: Double, forecastError: Double, history: [Double]) -> DemandDistribution {
        let span = settings.protectionPeriods
        // A single lump or a part going obsolete inflates the past forecast errors, a trend inflates the
        // spread of recent demand; each overstates the risk in its own way, so the smaller is used. The
        // Poisson variance (= mean) is the floor.
        let recent = Array(history.suffix(24))
        let recentSpread = recent.count > 1 ? Statistics.variance(recent) * Double(span) : Double.infinity
        let variance = min(forecastError, recentSpread)
        // A late supplier stretches the span: Var(D) grows by (rate × σ_L)² (Silver, Pyke & Thomas, 6.9).
        let rate = mean / Double(span)
        let leadTimeTerm = rate * rate * settings.leadTimeSpreadPeriods * settings.leadTimeSpreadPeriods
        return DemandDistribution(mean: mean, variance: max(variance.isFinite ? variance : mean * mean, mean) + leadTimeTerm)
    }
}
