import Foundation
import Logistics

/// What a simulated month (or year) looks like: how many buy, when and what, the promotions and the flash
/// sale, the traffic, the failed deliveries, the carriers and the fleet. A JSON file; the four shipped ones
/// (`normal-month`, `flash-sale`, `peak-season`, `traffic-chaos`) are documented in `Scenarios/README.md`
/// and can be copied and edited (`chargemall simulate --scenario my.json`).
public struct Scenario: Codable, Equatable, Sendable {
    public var name: String
    public var about: String
    /// The first simulated day (China time), `YYYY-MM-DD`.
    public var start: String
    public var days: Int
    /// Mean orders a day before the weekday pattern and promotions.
    public var ordersPerDay: Double
    /// Multipliers Sunday…Saturday.
    public var weekday: [Double]
    /// Share of each category in orders: wallCharger, portableCharger, cable, adapter, sparePart.
    public var mix: [String: Double]
    /// Share of wall boxes bought with installation.
    public var installationShare: Double
    /// Share of orders with a two-hour delivery window the next day.
    public var windowShare: Double
    public var customers: Int
    public var promotions: [Promotion]
    public var flashSale: FlashSale?
    public var traffic: Traffic
    /// Chance that a delivery attempt fails (nobody home, refused).
    public var failedDeliveryShare: Double
    /// Hours a carrier takes from hand-over to delivery, and the share it delivers a day late.
    public var carrierHours: Double
    public var carrierDelayShare: Double
    /// Vans per warehouse, and whether they are electric (the demo fleet's batteries) or diesel.
    public var vansPerWarehouse: Int
    /// Weeks of mean demand each warehouse holds on the first day.
    public var openingStockWeeks: Double
    /// Supplier lead times are the suppliers' own, with their spread multiplied by this.
    public var leadTimeSpreadFactor: Double

    public struct Promotion: Codable, Equatable, Sendable {
        /// Day of the simulation (0 = `start`) it begins, how many days it lasts, and its uplift.
        public var day: Int
        public var days: Int
        public var uplift: Double
        public var name: String
    }

    public struct FlashSale: Codable, Equatable, Sendable {
        public var day: Int
        /// Local time it opens ("20:00") and how many minutes the buying lasts.
        public var opens: String
        public var minutes: Int
        public var buyers: Int
        public var sku: String
        /// Units the merchant buys in for the sale: one purchase order sent on the eve of the first day (on
        /// order for both policies), received two days before the sale at the warehouses in proportion to
        /// their share of demand.
        public var stock: Int
    }

    public struct Traffic: Codable, Equatable, Sendable {
        /// Mean incidents a day (accidents, road works), each slowing a zone.
        public var incidentsPerDay: Double
        public var minutes: ClosedRange<Double>
        public var radiusKm: ClosedRange<Double>
        public var factor: ClosedRange<Double>
    }

    public enum LoadError: Error, CustomStringConvertible {
        case unknown(String, known: [String])
        case invalid(String)

        public var description: String {
            switch self {
            case .unknown(let name, let known): "no scenario \(name) (built in: \(known.joined(separator: ", ")); or give a path to a .json file)"
            case .invalid(let why): "scenario: \(why)"
            }
        }
    }

    public static let builtIn = ["normal-month", "flash-sale", "peak-season", "traffic-chaos"]

    /// A shipped scenario by name, or a JSON file by path.
    public static func load(_ nameOrPath: String) throws -> Scenario {
        let data: Data
        if builtIn.contains(nameOrPath), let url = Bundle.module.url(forResource: nameOrPath, withExtension: "json", subdirectory: "Scenarios") {
            data = try Data(contentsOf: url)
        } else if FileManager.default.fileExists(atPath: nameOrPath) {
            data = try Data(contentsOf: URL(fileURLWithPath: nameOrPath))
        } else {
            throw LoadError.unknown(nameOrPath, known: builtIn)
        }
        let scenario = try JSONDecoder().decode(Scenario.self, from: data)
        try scenario.validate()
        return scenario
    }

    public var startDay: PlanningDay { PlanningDay(start)! }

    public func validate() throws {
        guard PlanningDay(start) != nil else { throw LoadError.invalid("start must be a day as YYYY-MM-DD") }
        guard (1...366).contains(days) else { throw LoadError.invalid("days: 1 to 366") }
        guard ordersPerDay >= 0, ordersPerDay <= 20_000 else { throw LoadError.invalid("ordersPerDay: 0 to 20000") }
        guard weekday.count == 7, weekday.allSatisfy({ $0 >= 0 }) else { throw LoadError.invalid("weekday: seven multipliers, Sunday first") }
        let categories = Set(ProductCategory.allCases.map(\.rawValue))
        guard !mix.isEmpty, mix.keys.allSatisfy(categories.contains), mix.values.allSatisfy({ $0 >= 0 }), mix.values.reduce(0, +) > 0 else {
            throw LoadError.invalid("mix: non-negative shares of categories (\(categories.sorted().joined(separator: ", ")))")
        }
        for share in [installationShare, windowShare, failedDeliveryShare, carrierDelayShare] where !(0...1).contains(share) {
            throw LoadError.invalid("shares are between 0 and 1")
        }
        guard (1...100_000).contains(customers) else { throw LoadError.invalid("customers: 1 to 100000") }
        guard (1...40).contains(vansPerWarehouse) else { throw LoadError.invalid("vansPerWarehouse: 1 to 40") }
        guard openingStockWeeks >= 0, leadTimeSpreadFactor >= 0, carrierHours > 0 else { throw LoadError.invalid("openingStockWeeks, leadTimeSpreadFactor ≥ 0, carrierHours > 0") }
        for promotion in promotions where promotion.days < 1 || promotion.uplift < 0 || promotion.day < 0 {
            throw LoadError.invalid("promotion \(promotion.name): day ≥ 0, days ≥ 1, uplift ≥ 0")
        }
        if let sale = flashSale {
            guard CutoffSchedule.minute(of: sale.opens) != nil, sale.minutes >= 1, sale.buyers >= 0, sale.day >= 0, sale.stock >= 0 else {
                throw LoadError.invalid("flashSale: opens HH:MM, minutes ≥ 1, buyers ≥ 0, stock ≥ 0")
            }
        }
        guard traffic.incidentsPerDay >= 0, traffic.minutes.lowerBound > 0, traffic.radiusKm.lowerBound >= 0.05, traffic.factor.lowerBound >= 1,
              traffic.factor.upperBound <= 10 else {
            throw LoadError.invalid("traffic: incidents ≥ 0, minutes > 0, radiusKm ≥ 0.05, factor 1 to 10")
        }
    }
}
