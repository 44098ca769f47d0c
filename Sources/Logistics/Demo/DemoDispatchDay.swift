import Foundation

/// A generated Shenzhen delivery day for the demo fleet, `bench dispatch` and tests: customers scattered
/// over the districts by population weight, each order sent from its nearest warehouse (as allocation does
/// when every warehouse has stock), a realistic mix of parcels and installations, windows and promises.
public enum DemoDispatchDay {
    /// `count` vehicles dealt round-robin over the warehouses.
    public static func fleet(count: Int, warehouses: [Warehouse] = DemoCatalog.warehouses) -> [Vehicle] {
        fleet(sizes: warehouses.enumerated().map { index, warehouse in
            (warehouse, count / warehouses.count + (index < count % warehouses.count ? 1 : 0))
        })
    }

    /// `count` vehicles shared out over the warehouses in proportion to their orders (largest remainders),
    /// at least one each where there are orders: a dispatcher stations vans where the work is.
    public static func fleet(count: Int, for orders: [String: [PlanningOrder]], warehouses: [Warehouse] = DemoCatalog.warehouses) -> [Vehicle] {
        let total = max(1, orders.values.reduce(0) { $0 + $1.count })
        let quotas = warehouses.map { Double(count) * Double(orders[$0.id]?.count ?? 0) / Double(total) }
        var sizes = quotas.map { Int($0) }
        let order = quotas.indices.sorted { quotas[$0] - Double(sizes[$0]) > quotas[$1] - Double(sizes[$1]) }
        for index in order.prefix(count - sizes.reduce(0, +)) { sizes[index] += 1 }
        for index in sizes.indices where sizes[index] == 0 && !(orders[warehouses[index].id] ?? []).isEmpty {
            sizes[index] = 1
            if let donor = sizes.indices.max(by: { sizes[$0] < sizes[$1] }), sizes[donor] > 1 { sizes[donor] -= 1 }
        }
        return fleet(sizes: Array(zip(warehouses, sizes)))
    }

    /// Vans and installer crews, `size` at each warehouse, every fourth of a warehouse an installer crew.
    /// Vans: light electric vans (Wuling/Foton class: 800 kg, 5 m³, 50 kWh, 0.18 kWh/km), 08:00–20:00;
    /// crews: smaller vans with an electrician, 08:30–18:30, dearer by the hour.
    public static func fleet(sizes: [(Warehouse, Int)]) -> [Vehicle] {
        sizes.flatMap { warehouse, size in
            (1...max(size, 1)).prefix(size).map { number -> Vehicle in
                let installer = number % 4 == 0
                let suffix = warehouse.code.split(separator: "-").last.map(String.init) ?? warehouse.code
                let plate = "粤B\(suffix)\(number < 10 ? "00" : number < 100 ? "0" : "")\(number)"
                let id = "veh_\(suffix.lowercased())_\(number)"
                return installer
                    ? Vehicle(id: id, plate: plate, warehouseId: warehouse.id, capacityGrams: 400_000, capacityMillilitres: 2_500_000,
                              skills: [.install], shiftStartMinute: 8 * 60 + 30, shiftEndMinute: 18 * 60 + 30,
                              costPerKmCents: 90, costPerHourCents: 9_000, electric: ElectricSpec(batteryKWh: 40, kWhPerKm: 0.15))
                    : Vehicle(id: id, plate: plate, warehouseId: warehouse.id, capacityGrams: 800_000, capacityMillilitres: 5_000_000,
                              shiftStartMinute: 8 * 60, shiftEndMinute: 20 * 60,
                              costPerKmCents: 110, costPerHourCents: 5_000, electric: ElectricSpec(batteryKWh: 50, kWhPerKm: 0.18))
            }
        }
    }

    /// Where the demo's electric vans may charge during the day: a 40 kW charger at each warehouse and five
    /// public fast chargers across Shenzhen.
    public static func chargingStations(warehouses: [Warehouse] = DemoCatalog.warehouses) -> [ChargingStation] {
        warehouses.map { ChargingStation(id: "chg_\($0.id.dropFirst(3))", name: "\($0.name) charger", location: $0.location, powerKW: 40, warehouseId: $0.id) } + [
            ChargingStation(id: "chg_pub_futian", name: "Futian CBD public", location: GeoPoint(latitude: 22.5367, longitude: 114.0556), powerKW: 120),
            ChargingStation(id: "chg_pub_luohu", name: "Luohu Dongmen public", location: GeoPoint(latitude: 22.5480, longitude: 114.1200), powerKW: 120),
            ChargingStation(id: "chg_pub_baoan", name: "Bao'an Centre public", location: GeoPoint(latitude: 22.5550, longitude: 113.8830), powerKW: 60),
            ChargingStation(id: "chg_pub_longhua", name: "Longhua public", location: GeoPoint(latitude: 22.6560, longitude: 114.0250), powerKW: 60),
            ChargingStation(id: "chg_pub_pingshan", name: "Pingshan public", location: GeoPoint(latitude: 22.6900, longitude: 114.3400), powerKW: 60),
        ]
    }

    /// `count` orders for `day`, by the id of the warehouse that ships them.
    public static func orders(count: Int, day: PlanningDay, seed: UInt64, warehouses: [Warehouse] = DemoCatalog.warehouses,
                              products: [Product] = DemoCatalog.products) -> [String: [PlanningOrder]] {
        let random = SeededRandom(seed: seed)
        func uniform() -> Double { Double(random.next() >> 11) / Double(1 << 53) }
        func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }
        let byCategory = Dictionary(grouping: products, by: \.category)
        let totalWeight = DemoCatalog.districts.reduce(0) { $0 + $1.weight }
        var result: [String: [PlanningOrder]] = [:]
        for n in 0..<count {
            var ticket = Int(uniform() * Double(totalWeight))
            let district = DemoCatalog.districts.first { ticket -= $0.weight; return ticket < 0 } ?? DemoCatalog.districts[0]
            // Roughly normal scatter around the district centre (sum of uniforms).
            let dLat = (uniform() + uniform() + uniform() - 1.5) * district.spread
            let dLon = (uniform() + uniform() + uniform() - 1.5) * district.spread
            let location = GeoPoint(latitude: district.latitude + dLat, longitude: district.longitude + dLon)
            let warehouse = warehouses.min { $0.location.distanceMetres(to: location) < $1.location.distanceMetres(to: location) }!
            let kind = uniform()
            var lines: [(product: Product, quantity: Int)]
            switch kind {
            case ..<0.02: lines = [(pick(byCategory[.wallCharger]!), 1), (byCategory[.installation]!.first { $0.sku == "IN-STANDARD" }!, 1)]
            case ..<0.14: lines = [(pick(byCategory[.wallCharger]!), 1)]
            case ..<0.36: lines = [(pick(byCategory[.portableCharger]!), 1)]
            case ..<0.66: lines = [(pick(byCategory[.cable]!), 1 + Int(random.next() % 2))]
            case ..<0.82: lines = [(pick(byCategory[.adapter]!), 1 + Int(random.next() % 3))]
            default: lines = [(pick(byCategory[.sparePart]!), 1 + Int(random.next() % 2))]
            }
            // A third choose a two-hour window; most of the rest are promised by 21:00 today, some for tomorrow.
            let choice = uniform()
            var window: DateInterval?, promise: Date?
            if choice < 0.33 {
                let start = pick([10, 12, 14, 16, 18]) * 60
                window = DateInterval(start: day.at(minute: start), end: day.at(minute: start + 120))
            } else if choice < 0.85 {
                promise = day.at(minute: 21 * 60)
            } else {
                promise = day.next.at(minute: 21 * 60)
            }
            let paid = day.at(minute: -12 * 60).addingTimeInterval(uniform() * 20 * 3600)
            result[warehouse.id, default: []].append(PlanningOrder(orderId: "ord_\(n)", location: location, lines: lines, window: window,
                                                                   promisedAt: promise, paidAt: paid))
        }
        return result
    }
}
