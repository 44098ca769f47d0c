import Foundation

/// What a kWh costs the fleet by time of day (China time): each period's price holds from its start until
/// the next one's. Chinese business tariffs have valley, flat and peak hours; a flat price is one period.
public struct ElectricityTariff: Equatable, Sendable, CustomStringConvertible {
    public struct Period: Equatable, Sendable {
        /// Minutes after midnight, China time.
        public var startMinute: Int
        public var centsPerKWh: Double

        public init(startMinute: Int, centsPerKWh: Double) {
            self.startMinute = startMinute
            self.centsPerKWh = centsPerKWh
        }
    }

    /// Sorted by start; the first starts at midnight.
    public let periods: [Period]

    public init(flat centsPerKWh: Double) {
        periods = [Period(startMinute: 0, centsPerKWh: centsPerKWh)]
    }

    /// Nil unless the periods start at distinct minutes of one day, one at midnight, at prices from 0 to 10,000.
    public init?(periods: [Period]) {
        let sorted = periods.sorted { $0.startMinute < $1.startMinute }
        guard sorted.first?.startMinute == 0, Set(sorted.map(\.startMinute)).count == sorted.count,
              sorted.allSatisfy({ (0..<1440).contains($0.startMinute) && (0...10_000).contains($0.centsPerKWh) }) else { return nil }
        self.periods = sorted
    }

    /// A price (`100`) or periods (`00:00=30,08:00=70,10:00=110`), as `description` prints them.
    public init?(parsing text: String) {
        if let flat = Double(text), (0...10_000).contains(flat) {
            self.init(flat: flat)
            return
        }
        var periods: [Period] = []
        for part in text.split(separator: ",") {
            let pieces = part.split(separator: "=")
            guard pieces.count == 2, let cents = Double(pieces[1]) else { return nil }
            let clock = pieces[0].split(separator: ":")
            guard clock.count == 2, let hour = Int(clock[0]), let minute = Int(clock[1]), (0..<24).contains(hour), (0..<60).contains(minute) else {
                return nil
            }
            periods.append(Period(startMinute: hour * 60 + minute, centsPerKWh: cents))
        }
        self.init(periods: periods)
    }

    /// About Shenzhen's business time-of-use tariff: valley 00:00–08:00, peak 10:00–12:00 and 14:00–19:00,
    /// flat otherwise.
    public static let shenzhenBusiness = ElectricityTariff(parsing: "00:00=30,08:00=70,10:00=110,12:00=70,14:00=110,19:00=70")!

    public func cents(atMinute minute: Int) -> Double {
        let minute = ((minute % 1440) + 1440) % 1440
        return periods.last { $0.startMinute <= minute }!.centsPerKWh
    }

    public func cents(at time: Date) -> Double {
        cents(atMinute: PlanningDay(containing: time).seconds(to: time) / 60)
    }

    /// What the charge at the warehouse costs: vans charge there after their last route, when power is cheapest.
    public var overnightCents: Double { periods.map(\.centsPerKWh).min()! }

    /// What a route's energy costs: what it charged on the way at the price of the hour it charged, the rest
    /// at the overnight price (the van is charged back at its warehouse).
    public func cents(of route: PlannedRoute) -> Double {
        guard let kWh = route.kWh else { return 0 }
        let charged = route.chargingStops.reduce(0) { $0 + $1.kWh }
        return route.chargingStops.reduce(0) { $0 + $1.kWh * cents(at: $1.arrival) } + max(0, kWh - charged) * overnightCents
    }

    public var description: String {
        if periods.count == 1 { return Self.number(periods[0].centsPerKWh) }
        return periods.map { String(format: "%02d:%02d=", $0.startMinute / 60, $0.startMinute % 60) + Self.number($0.centsPerKWh) }.joined(separator: ",")
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
