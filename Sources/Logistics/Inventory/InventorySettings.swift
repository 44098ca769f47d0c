import Foundation

/// The merchant's replenishment settings: service target per ABC class, the review period, the receipt
/// tolerance and the slow-mover limits.
public struct InventorySettings: Codable, Equatable, Sendable {
    /// Fill-rate targets by class.
    public var serviceTargets: [String: Double]
    public var reviewDays: Int
    /// How far a receipt may exceed the ordered quantity, as a share (0.05 = 5 %).
    public var receiptTolerance: Double
    /// Cover above which a SKU is slow; three times this, promote it.
    public var slowCoverDays: Double
    /// No sale for this long: dead stock.
    public var deadAfterDays: Int
    /// The nightly run's time, HH:MM China time.
    public var nightlyAt: String

    public init(serviceTargets: [String: Double] = ["A": 0.98, "B": 0.95, "C": 0.90], reviewDays: Int = 7, receiptTolerance: Double = 0.05,
                slowCoverDays: Double = 120, deadAfterDays: Int = 180, nightlyAt: String = "02:00") {
        self.serviceTargets = serviceTargets
        self.reviewDays = reviewDays
        self.receiptTolerance = receiptTolerance
        self.slowCoverDays = slowCoverDays
        self.deadAfterDays = deadAfterDays
        self.nightlyAt = nightlyAt
    }

    public func target(for abc: ABCClass) -> Double { serviceTargets[abc.rawValue] ?? 0.95 }

    /// Minutes after local midnight of the nightly run.
    public var nightlyMinute: Int? {
        let parts = nightlyAt.split(separator: ":")
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]),
              (0..<24).contains(h), (0..<60).contains(m) else { return nil }
        return h * 60 + m
    }

    public func validate() throws(LogisticsError) {
        for abc in ABCClass.allCases {
            guard let target = serviceTargets[abc.rawValue], target >= 0.5, target <= 0.999 else {
                throw .validation(field: "serviceTargets.\(abc.rawValue)", message: "between 0.5 and 0.999")
            }
        }
        guard serviceTargets.count == 3 else { throw .validation(field: "serviceTargets", message: "exactly A, B and C") }
        guard (1...56).contains(reviewDays) else { throw .validation(field: "reviewDays", message: "1 to 56") }
        guard receiptTolerance >= 0, receiptTolerance <= 0.5 else { throw .validation(field: "receiptTolerance", message: "between 0 and 0.5") }
        guard slowCoverDays >= 7, slowCoverDays <= 3650 else { throw .validation(field: "slowCoverDays", message: "between 7 and 3650") }
        guard (7...3650).contains(deadAfterDays) else { throw .validation(field: "deadAfterDays", message: "between 7 and 3650") }
        guard nightlyMinute != nil else { throw .validation(field: "nightlyAt", message: "HH:MM") }
    }
}
