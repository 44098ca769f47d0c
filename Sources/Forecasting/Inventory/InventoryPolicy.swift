/// How a SKU in a warehouse is replenished, and the targets its levels are computed for.
public struct PolicySettings: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable {
        /// (R, S): every review, order up to S.
        case orderUpTo
        /// (s, S): at a review, if the inventory position is at or below s, order up to S.
        case minMax
    }

    public enum Target: Sendable, Equatable {
        /// Probability of no stock-out in a replenishment cycle.
        case cycleServiceLevel(Double)
        /// Share of demand served from stock.
        case fillRate(Double)
    }

    public var kind: Kind
    public var target: Target
    /// Periods from ordering to receiving.
    public var leadTimePeriods: Int
    /// Periods between reviews.
    public var reviewPeriods: Int
    public var minimumOrderQuantity: Double
    /// Orders are whole packs of this many units (1 = any quantity).
    public var packSize: Double
    /// Standard deviation of the lead time, in periods: a supplier that is sometimes late needs more stock.
    public var leadTimeSpreadPeriods: Double

    public init(kind: Kind = .orderUpTo, target: Target = .fillRate(0.95), leadTimePeriods: Int = 1,
                reviewPeriods: Int = 1, minimumOrderQuantity: Double = 0, packSize: Double = 1, leadTimeSpreadPeriods: Double = 0) {
        self.kind = kind
        self.target = target
        self.leadTimePeriods = leadTimePeriods
        self.reviewPeriods = reviewPeriods
        self.minimumOrderQuantity = minimumOrderQuantity
        self.packSize = packSize
        self.leadTimeSpreadPeriods = leadTimeSpreadPeriods
    }

    /// Lead time plus review period: the span an order has to cover.
    public var protectionPeriods: Int { leadTimePeriods + reviewPeriods }
}

/// The levels a policy acts on: order when the inventory position is at or below `reorderPoint`, up to
/// `orderUpTo`.
public struct InventoryLevels: Sendable, Equatable {
    public var reorderPoint: Double
    public var orderUpTo: Double
    /// Expected demand per period behind these levels.
    public var demandRate: Double
    /// Stock held beyond the expected demand over the protection span.
    public var safetyStock: Double

    /// The quantity to order at a review with inventory position `position` (on hand + on order −
    /// backorders): up to `orderUpTo`, rounded up to whole packs and at least the minimum order.
    public func orderQuantity(position: Double, settings: PolicySettings) -> Double {
        guard position <= reorderPoint else { return 0 }
        let needed = orderUpTo - position
        guard needed > 0 else { return 0 }
        let pack = max(settings.packSize, 1e-9)
        let packs = (needed / pack - 1e-9).rounded(.up)
        return max(packs * pack, settings.minimumOrderQuantity)
    }
}

/// Turns a forecast distribution into reorder point and order-up-to level (Silver, Pyke & Thomas 2017).
public enum PolicyCalculator {
    /// `protection` is demand over lead time + review period; `perPeriodMean` the expected demand per period;
    /// `leadTime`, demand over the lead time alone, makes the fill-rate level exact: the shortage of a cycle
    /// is E[(D_{L+R} − S)⁺] − E[(D_L − S)⁺] (what was already short before the cycle is not counted twice).
    public static func levels(protection: DemandDistribution, leadTime: DemandDistribution? = nil, perPeriodMean: Double,
                              settings: PolicySettings) -> InventoryLevels {
        let cycleDemand = perPeriodMean * Double(settings.reviewPeriods)
        let level: Double
        switch settings.target {
        case .cycleServiceLevel(let p):
            level = protection.quantile(p)
        case .fillRate(let beta):
            // Smallest S whose expected shortage per cycle is at most (1 − β) of the cycle's demand.
            let allowed = (1 - beta) * max(cycleDemand, 1e-12)
            let shortage: (Double) -> Double = { s in
                protection.expectedShortage(s) - (leadTime?.expectedShortage(s) ?? 0)
            }
            if shortage(0) <= allowed {
                level = 0
            } else {
                var lo = 0.0, hi = max(protection.quantile(0.999), 1)
                while shortage(hi) > allowed { hi *= 2 }
                for _ in 0..<80 {
                    let mid = (lo + hi) / 2
                    if shortage(mid) > allowed { lo = mid } else { hi = mid }
                }
                level = hi
            }
        }
        let safety = level - protection.mean
        switch settings.kind {
        case .orderUpTo:
            return InventoryLevels(reorderPoint: level, orderUpTo: level, demandRate: perPeriodMean, safetyStock: safety)
        case .minMax:
            // Reorder at the protection level; order at least a review period's demand, the minimum order
            // or one pack, so that orders are not placed every period for a unit or two.
            let batch = max(cycleDemand, settings.minimumOrderQuantity, settings.packSize)
            return InventoryLevels(reorderPoint: level, orderUpTo: level + batch, demandRate: perPeriodMean, safetyStock: safety)
        }
    }
}

extension PolicySettings {
    /// The same settings with another fill-rate target.
    public func with(fillRate: Double) -> PolicySettings {
        var copy = self
        copy.target = .fillRate(fillRate)
        return copy
    }
}

extension InventoryLevels {
    /// Both levels multiplied by `factor` (for calibrating rule-of-thumb policies).
    public func scaled(by factor: Double) -> InventoryLevels {
        InventoryLevels(reorderPoint: reorderPoint * factor, orderUpTo: orderUpTo * factor, demandRate: demandRate,
                        safetyStock: safetyStock)
    }
}
