/// Flags demand far above what its recent pattern predicts (a flash sale taking off, a viral post), fast
/// enough to move stock before it runs out.
///
/// The expectation is a seasonal exponentially weighted level (weekday factors for daily data); the
/// spread is a negative binomial's, μ + κμ², with κ learnt from the series (and kept up to date). An alarm is raised when a
/// one-sided CUSUM of the standardised excess crosses `threshold` (a sustained rise), or when a single
/// period is `spikeZ` standard deviations up (a jump). After an alarm the CUSUM restarts.
public struct SurgeDetector: Sendable {
    public var period: Int
    /// Smoothing of the level; small so that a surge is not absorbed before it is seen.
    public var alpha: Double
    public var allowance: Double
    public var threshold: Double
    public var spikeZ: Double
    /// Periods used to learn the level, weekday factors and dispersion before alarms are allowed.
    public var warmUp: Int

    public init(period: Int = 7, alpha: Double = 0.03, allowance: Double = 1.0, threshold: Double = 8,
                spikeZ: Double = 8, warmUp: Int = 56) {
        self.period = max(period, 1)
        self.alpha = alpha
        self.allowance = allowance
        self.threshold = threshold
        self.spikeZ = spikeZ
        self.warmUp = warmUp
    }

    public struct Alarm: Sendable, Equatable {
        public var index: Int
        public var expected: Double
        public var observed: Double
        /// The CUSUM statistic (or the spike's z-score) when the alarm was raised.
        public var score: Double
    }

    /// Alarms over a whole series, each at the period where it was raised.
    public func alarms(_ y: [Double]) -> [Alarm] {
        guard y.count > warmUp, warmUp >= 2 * period else { return [] }
        let head = Array(y.prefix(warmUp))
        var level = max(Statistics.mean(head), 1e-6)
        var factors = [Double](repeating: 1, count: period)
        if period > 1 {
            var sums = [Double](repeating: 0, count: period), counts = [Double](repeating: 0, count: period)
            for (t, v) in head.enumerated() { sums[t % period] += v; counts[t % period] += 1 }
            factors = (0..<period).map { counts[$0] > 0 ? max(sums[$0] / counts[$0] / level, 0.05) : 1 }
        }
        // Over-dispersion κ of a negative binomial, by moments over the warm-up: E[(y − μ)² − μ] / μ².
        var excess = 0.0
        for (t, v) in head.enumerated() {
            let mu = max(level * factors[t % period], 1e-6)
            excess += ((v - mu) * (v - mu) - mu) / (mu * mu)
        }
        var kappa = max(0.01, excess / Double(head.count - period))

        var alarms: [Alarm] = []
        var cusum = 0.0
        for t in warmUp..<y.count {
            let mu = max(level * factors[t % period], 1e-6)
            let sd = (mu + kappa * mu * mu).squareRoot()
            let z = (y[t] - mu) / sd
            cusum = max(0, cusum + z - allowance)
            if z >= spikeZ || cusum >= threshold {
                alarms.append(Alarm(index: t, expected: mu, observed: y[t], score: max(z, cusum)))
                cusum = 0
            }
            // Learn from the period, but cap its pull so that a surge does not become the new normal at once.
            let capped = min(y[t], mu + 3 * sd)
            kappa = max(0.01, kappa + 0.01 * (((capped - mu) * (capped - mu) - mu) / (mu * mu) - kappa))
            level += alpha * (capped / factors[t % period] - level)
            level = max(level, 1e-6)
            if period > 1 {
                let f = factors[t % period]
                factors[t % period] = max(0.05, f + 0.05 * (capped / max(level, 1e-6) - f))
            }
        }
        return alarms
    }
}

/// Items whose stock will last far longer than their demand justifies, with what to do about it.
public struct SlowMoverRule: Sendable, Equatable {
    /// Stock covering more than this many days of forecast demand is slow.
    public var slowCoverDays: Double
    /// No sale for this many days: dead stock.
    public var deadAfterDays: Int

    public init(slowCoverDays: Double = 120, deadAfterDays: Int = 180) {
        self.slowCoverDays = slowCoverDays
        self.deadAfterDays = deadAfterDays
    }

    public enum Verdict: String, Sendable, Codable {
        case healthy
        /// Too much cover: stop reordering until it is back under the limit.
        case pauseReorders
        /// Far too much cover: discount or bundle it.
        case promote
        /// No sale for a long time: clear it out, move it to the warehouse that still sells it, or write off.
        case clearOut
    }

    public struct Assessment: Sendable, Equatable {
        public var daysOfCover: Double
        public var daysSinceLastSale: Int?
        public var verdict: Verdict
    }

    /// `dailyRate` is the forecast mean demand per day; `dailySales` the recent history, newest last.
    public func assess(onHand: Double, dailyRate: Double, dailySales: [Double]) -> Assessment {
        let lastSale = dailySales.lastIndex { $0 > 0 }
        let sinceLast = lastSale.map { dailySales.count - 1 - $0 }
        let cover = onHand <= 0 ? 0 : (dailyRate > 0 ? onHand / dailyRate : .infinity)
        let verdict: Verdict
        if onHand > 0 && (sinceLast ?? dailySales.count) >= deadAfterDays && dailySales.count >= deadAfterDays {
            verdict = .clearOut
        } else if cover > 3 * slowCoverDays {
            verdict = .promote
        } else if cover > slowCoverDays {
            verdict = .pauseReorders
        } else {
            verdict = .healthy
        }
        return Assessment(daysOfCover: cover, daysSinceLastSale: sinceLast, verdict: verdict)
    }
}
