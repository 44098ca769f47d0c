/// The textbook safety-stock policy that the planner is compared with: a point forecast, normally
/// distributed errors with the one-step RMSE growing as √(periods), levels from the normal loss function.
public struct NormalSafetyStockPlanner: Sendable {
    public var method: any ForecastMethod
    public var settings: PolicySettings
    public var errorOrigins: Int

    public init(method: any ForecastMethod, settings: PolicySettings, errorOrigins: Int = 18) {
        self.method = method
        self.settings = settings
        self.errorOrigins = errorOrigins
    }

    public func levels(history: [Double], period: Int) -> InventoryLevels {
        let span = Double(settings.protectionPeriods)
        let perPeriod = max(0, Statistics.mean(method.pointForecast(history, period: period, horizon: settings.protectionPeriods)))
        let n = history.count
        let origins = min(errorOrigins, max(0, n - 4))
        var squares = 0.0
        for k in 1...max(origins, 1) where origins > 0 {
            let origin = n - k
            let e = history[origin] - method.pointForecast(Array(history.prefix(origin)), period: period, horizon: 1)[0]
            squares += e * e
        }
        let sigma = origins > 0 ? (squares / Double(origins) * span).squareRoot() : perPeriod * span.squareRoot()
        let mean = perPeriod * span
        let level: Double
        switch settings.target {
        case .cycleServiceLevel(let p):
            level = mean + Normal.quantile(p) * sigma
        case .fillRate(let beta):
            let allowed = (1 - beta) * perPeriod * Double(settings.reviewPeriods)
            if sigma <= 0 {
                level = mean
            } else {
                // Smallest z with σ·G(z) ≤ allowed.
                var lo = -5.0, hi = 8.0
                for _ in 0..<80 {
                    let mid = (lo + hi) / 2
                    if sigma * Normal.loss(mid) > allowed { lo = mid } else { hi = mid }
                }
                level = mean + hi * sigma
            }
        }
        let s = max(0, level)
        return InventoryLevels(reorderPoint: s, orderUpTo: s, demandRate: perPeriod, safetyStock: s - mean)
    }
}

/// The rule of thumb many shops use: reorder when stock falls to the most demand seen over a lead time
/// (plus review) in the last year, and fill up to that plus an average review period's demand.
public struct NaiveMinMaxPlanner: Sendable {
    public var settings: PolicySettings
    public var window: Int

    public init(settings: PolicySettings, window: Int = 12) {
        self.settings = settings
        self.window = window
    }

    public func levels(history: [Double], period: Int) -> InventoryLevels {
        let recent = Array(history.suffix(window))
        let span = min(settings.protectionPeriods, max(recent.count, 1))
        var highest = 0.0
        if recent.count >= span {
            for start in 0...(recent.count - span) { highest = max(highest, recent[start..<(start + span)].reduce(0, +)) }
        }
        let rate = recent.isEmpty ? 0 : Statistics.mean(recent)
        let maximum = highest + rate * Double(settings.reviewPeriods)
        return InventoryLevels(reorderPoint: highest, orderUpTo: maximum, demandRate: rate,
                               safetyStock: highest - rate * Double(settings.protectionPeriods))
    }
}
