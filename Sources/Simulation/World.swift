import Foundation
import Logistics
import SolverSupport

/// One random world a scenario makes from a seed: who buys what and when, where the traffic jams are, which
/// deliveries fail, how long carriers and suppliers take. Both policies live in the same world: the demand,
/// the traffic and every chance event are drawn here, once, or by key (`chance`), never by the policy's
/// own course of events, so a difference in the figures is the policies' doing.
public struct World: Sendable {
    public struct Customer: Sendable, Equatable {
        public var location: GeoPoint
        public var district: String
    }

    /// A buyer's attempt to order: the clock time, who, what, and an optional delivery window.
    public struct Arrival: Sendable, Equatable {
        public init(time: Date, customer: Int, lines: [PlaceOrderCommand.Line], window: DeliveryWindow?, flash: Bool) {
            self.time = time; self.customer = customer; self.lines = lines; self.window = window; self.flash = flash
        }

        public var time: Date
        public var customer: Int
        public var lines: [PlaceOrderCommand.Line]
        public var window: DeliveryWindow?
        /// From the flash sale (its buyers come in minutes).
        public var flash: Bool
    }

    public struct Incident: Sendable {
        public var slowdown: TrafficSlowdown
        public var reason: String
    }

    public let scenario: Scenario
    public let seed: UInt64
    public internal(set) var customers: [Customer]
    /// Sorted by time.
    public internal(set) var arrivals: [Arrival]
    public internal(set) var incidents: [Incident]
    /// Mean units a day per SKU over the whole mall, before weekday and promotions (what history is drawn
    /// from and what the opening stock covers).
    public let meanDailyUnits: [String: Double]
    /// The history before the first day, daily per warehouse and SKU, for the forecasts (the same for both).
    public let history: [DemandRecord]
    /// The actual travel times: the city's speeds with every incident in force.
    public var travel: CityTravelTimes {
        var travel = CityTravelTimes()
        travel.traffic = incidents.map(\.slowdown)
        return travel
    }

    public var start: Date { scenario.startDay.start }
    public var end: Date { PlanningDay(days: scenario.startDay.days + scenario.days).start }

    static let historyDays = 365

    public init(scenario: Scenario, seed: UInt64) {
        self.scenario = scenario
        self.seed = seed
        var rng = SeededGenerator(seed: seed)
        let catalogue = DemoCatalog.products.filter { $0.category != .installation && $0.active }
        let districtWeight = DemoCatalog.districts.reduce(0) { $0 + $1.weight }
        customers = (0..<scenario.customers).map { _ in
            var pick = Int(rng.next() % UInt64(districtWeight))
            let district = DemoCatalog.districts.first { pick -= $0.weight; return pick < 0 }!
            let lat = district.latitude + Double.random(in: -1...1, using: &rng) * district.spread
            let lon = district.longitude + Double.random(in: -1...1, using: &rng) * district.spread
            return Customer(location: GeoPoint(latitude: lat, longitude: lon), district: district.name)
        }
        // What one order holds on average, by SKU: a category by the mix, a SKU of it evenly, the quantity.
        // In key order: a sum in the dictionary's order changes with each process's hash seed.
        let mixTotal = scenario.mix.sorted { $0.key < $1.key }.reduce(0) { $0 + $1.value }
        var perOrder: [String: Double] = [:]
        for (category, share) in scenario.mix {
            let skus = catalogue.filter { $0.category.rawValue == category }
            for product in skus {
                let quantity = Self.meanQuantity(product.category)
                perOrder[product.sku, default: 0] += share / mixTotal / Double(skus.count) * quantity
                if product.category == .wallCharger {
                    perOrder["IN-STANDARD", default: 0] += share / mixTotal / Double(skus.count) * scenario.installationShare
                }
            }
        }
        meanDailyUnits = perOrder.mapValues { $0 * scenario.ordersPerDay }

        var arrivals: [Arrival] = []
        let first = scenario.startDay.days
        for offset in 0..<scenario.days {
            let day = PlanningDay(days: first + offset)
            let weekday = ((day.days + 4) % 7 + 7) % 7
            var mean = scenario.ordersPerDay * scenario.weekday[weekday]
            for promotion in scenario.promotions where (promotion.day..<(promotion.day + promotion.days)).contains(offset) { mean *= promotion.uplift }
            let count = rng.nextPoisson(mean: mean)
            for _ in 0..<count {
                // Buyers shop 08:00–24:00, most in the evening.
                let hour = Self.shoppingHour(&rng)
                let time = day.start.addingTimeInterval(hour * 3600)
                let lines = Self.basket(scenario: scenario, catalogue: catalogue, rng: &rng)
                var window: DeliveryWindow?
                if Double.random(in: 0..<1, using: &rng) < scenario.windowShare {
                    let opens = 9 + Int(rng.next() % 9)  // 09:00…17:00, two hours
                    let next = PlanningDay(days: day.days + 1)
                    window = DeliveryWindow(start: next.at(minute: opens * 60), end: next.at(minute: opens * 60 + 120))
                }
                arrivals.append(Arrival(time: time, customer: Int(rng.next() % UInt64(customers.count)), lines: lines, window: window, flash: false))
            }
            if let sale = scenario.flashSale, sale.day == offset, let opens = CutoffSchedule.minute(of: sale.opens) {
                for _ in 0..<sale.buyers {
                    let time = day.at(minute: opens).addingTimeInterval(Double.random(in: 0..<Double(sale.minutes * 60), using: &rng))
                    arrivals.append(Arrival(time: time, customer: Int(rng.next() % UInt64(customers.count)),
                                            lines: [PlaceOrderCommand.Line(sku: sale.sku, quantity: 1)], window: nil, flash: true))
                }
            }
        }
        // Milliseconds, as the services keep time, and a stable order for equal times.
        self.arrivals = arrivals.map { var a = $0; a.time = Date(timeIntervalSince1970: ($0.time.timeIntervalSince1970 * 1000).rounded() / 1000); return a }
            .enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)

        var incidents: [Incident] = []
        let traffic = scenario.traffic
        for offset in 0..<scenario.days {
            let day = PlanningDay(days: first + offset)
            for n in 0..<rng.nextPoisson(mean: traffic.incidentsPerDay) {
                let centre = customers[Int(rng.next() % UInt64(customers.count))].location
                let from = day.at(minute: 7 * 60 + Int(rng.next() % (13 * 60)))
                let minutes = Double.random(in: traffic.minutes, using: &rng)
                let slowdown = TrafficSlowdown(centre: centre, radiusMetres: Double.random(in: traffic.radiusKm, using: &rng) * 1000,
                                               factor: (Double.random(in: traffic.factor, using: &rng) * 10).rounded() / 10,
                                               from: from, to: from.addingTimeInterval(minutes * 60))
                incidents.append(Incident(slowdown: slowdown, reason: "incident \(offset + 1).\(n + 1)"))
            }
        }
        self.incidents = incidents.sorted { $0.slowdown.from < $1.slowdown.from }

        var history: [DemandRecord] = []
        let shares = Self.warehouseShares
        for back in (1...Self.historyDays).reversed() {
            let day = PlanningDay(days: first - back)
            let weekday = ((day.days + 4) % 7 + 7) % 7
            for sku in meanDailyUnits.keys.sorted() {
                for warehouse in DemoCatalog.warehouses {
                    let units = rng.nextPoisson(mean: meanDailyUnits[sku]! * scenario.weekday[weekday] * (shares[warehouse.id] ?? 0.33))
                    if units > 0 {
                        history.append(DemandRecord(warehouseId: warehouse.id, sku: sku, day: day, servedUnits: units, lostUnits: 0,
                                                    servedLines: units, lostLines: 0))
                    }
                }
            }
        }
        self.history = history
    }

    /// The share of the mall's demand each warehouse serves (the customers nearest to it), as the districts' weights place them.
    static var warehouseShares: [String: Double] {
        var weights: [String: Double] = [:]
        for district in DemoCatalog.districts {
            let here = GeoPoint(latitude: district.latitude, longitude: district.longitude)
            let nearest = DemoCatalog.warehouses.min { $0.location.distanceMetres(to: here) < $1.location.distanceMetres(to: here) }!
            weights[nearest.id, default: 0] += Double(district.weight)
        }
        let total = weights.values.reduce(0, +)
        return weights.mapValues { $0 / total }
    }

    static func meanQuantity(_ category: ProductCategory) -> Double {
        category == .sparePart || category == .adapter ? 2 : 1
    }

    static func shoppingHour(_ rng: inout SeededGenerator) -> Double {
        // Half the buyers between 19:00 and 23:00, the rest spread over 08:00–24:00.
        Double.random(in: 0..<1, using: &rng) < 0.5 ? Double.random(in: 19..<23, using: &rng) : Double.random(in: 8..<24, using: &rng)
    }

    static func basket(scenario: Scenario, catalogue: [Product], rng: inout SeededGenerator) -> [PlaceOrderCommand.Line] {
        let mix = scenario.mix.sorted { $0.key < $1.key }
        var pick = Double.random(in: 0..<mix.reduce(0) { $0 + $1.value }, using: &rng)
        let category = mix.first { pick -= $0.value; return pick < 0 }?.key ?? mix.last!.key
        let options = catalogue.filter { $0.category.rawValue == category }
        guard !options.isEmpty else { return [PlaceOrderCommand.Line(sku: catalogue[0].sku, quantity: 1)] }
        let product = options[Int(rng.next() % UInt64(options.count))]
        let quantity = Self.meanQuantity(product.category) > 1 ? 1 + Int(rng.next() % 3) : 1
        var lines = [PlaceOrderCommand.Line(sku: product.sku, quantity: quantity)]
        if product.category == .wallCharger, Double.random(in: 0..<1, using: &rng) < scenario.installationShare {
            lines.append(PlaceOrderCommand.Line(sku: "IN-STANDARD", quantity: 1))
        }
        return lines
    }

    // MARK: Chance events by key: the same for both policies whatever else happened.

    /// A uniform draw in [0, 1) for (`stream`, `key`): deliveries, carriers and suppliers ask by what they are
    /// about (an arrival's index and attempt, a SKU and day), so both policies get the same answer.
    public func chance(_ stream: String, _ key: String) -> Double {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed
        for byte in (stream + "\u{1F}" + key).utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        var generator = SeededGenerator(seed: hash)
        return Double(generator.next() >> 11) / Double(1 << 53)
    }

    /// Whether the `attempt`-th delivery of arrival `index` fails.
    public func deliveryFails(arrival index: Int, attempt: Int) -> Bool {
        chance("delivery", "\(index).\(attempt)") < scenario.failedDeliveryShare
    }

    /// Hours a carrier takes with the parcel of arrival `index`.
    public func carrierHours(arrival index: Int) -> Double {
        scenario.carrierHours + (chance("carrier", "\(index)") < scenario.carrierDelayShare ? 24 : 0)
    }

    /// Days a supplier takes to deliver `sku` ordered on `day`: its mean lead time, spread evenly within
    /// ± its spread × the scenario's factor, at least one day.
    public func leadDays(supplier: Supplier, sku: String, orderedOn day: PlanningDay) -> Int {
        let spread = supplier.leadTimeSpreadDays * scenario.leadTimeSpreadFactor
        let u = chance("lead", "\(sku).\(day.days)")
        return max(1, Int((supplier.leadTimeDays + (2 * u - 1) * spread).rounded()))
    }
}
