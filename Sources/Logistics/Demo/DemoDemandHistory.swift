import Foundation

/// The demo mall's past before its order history: two years of daily demand per SKU × warehouse with a
/// yearly season (strong before year-end, a Spring Festival lull), a weekday pattern, growth, Double 11 and
/// 618 peaks, a flash sale and a stock-out with lost sales; and the closing stock of each day. Pure and
/// seeded, so the seeder, the tests and the replenishment benchmark see the same past.
public enum DemoDemandHistory {
    /// The merchant's suppliers: lead times and packs by the kind of goods.
    public static let suppliers: [Supplier] = [
        supplier("sup_wallbox", "Shenzhen EVSE Works (wall boxes)", lead: 14, spread: 4, category: .wallCharger, pack: 1, minimum: 4),
        supplier("sup_portable", "Dongguan Portable Power (portable chargers)", lead: 10, spread: 3, category: .portableCharger, pack: 5, minimum: 10),
        supplier("sup_cables", "Huizhou Cable & Connector (cables, adapters)", lead: 7, spread: 2, categories: [.cable, .adapter], pack: 10, minimum: 20),
        supplier("sup_parts", "Ningbo Components (spare parts)", lead: 21, spread: 7, category: .sparePart, pack: 1, minimum: 0),
    ]

    static func supplier(_ id: String, _ name: String, lead: Double, spread: Double, category: ProductCategory, pack: Int, minimum: Int) -> Supplier {
        supplier(id, name, lead: lead, spread: spread, categories: [category], pack: pack, minimum: minimum)
    }

    static func supplier(_ id: String, _ name: String, lead: Double, spread: Double, categories: [ProductCategory], pack: Int, minimum: Int) -> Supplier {
        Supplier(id: id, name: name, leadTimeDays: lead, leadTimeSpreadDays: spread,
                 items: DemoCatalog.products.filter { categories.contains($0.category) }.map {
                     SupplierItem(sku: $0.sku, unitCostCents: $0.priceCents * 6 / 10, packSize: pack, minimumOrder: minimum)
                 })
    }

    /// Double 11, 618 and the Spring Festival of each year around `today`, and flash sales of the smart wall box.
    public static func promotions(today: PlanningDay, flashSaleDays: [PlanningDay]) -> [PromotionEvent] {
        let (year, _, _) = CivilDate.fromDays(today.days)
        var events: [PromotionEvent] = []
        // Chinese New Year's Day (the lull runs from a week before to a week after).
        let newYear: [Int: (Int, Int)] = [2023: (1, 22), 2024: (2, 10), 2025: (1, 29), 2026: (2, 17), 2027: (2, 6), 2028: (1, 26), 2029: (2, 13), 2030: (2, 3)]
        for y in (year - 3)...(year + 1) {
            let d11 = CivilDate.toDays(year: y, month: 11, day: 11)
            events.append(PromotionEvent(id: "evp_demo_d11_\(y)", name: "Double 11 \(y)", kind: .double11, startDate: PlanningDay(days: d11 - 3),
                                         endDate: PlanningDay(days: d11), uplift: 3))
            let m618 = CivilDate.toDays(year: y, month: 6, day: 18)
            events.append(PromotionEvent(id: "evp_demo_618_\(y)", name: "618 \(y)", kind: .mid618, startDate: PlanningDay(days: m618 - 2),
                                         endDate: PlanningDay(days: m618), uplift: 2))
            if let (m, d) = newYear[y] {
                let day = CivilDate.toDays(year: y, month: m, day: d)
                events.append(PromotionEvent(id: "evp_demo_sf_\(y)", name: "Spring Festival \(y)", kind: .springFestival,
                                             startDate: PlanningDay(days: day - 7), endDate: PlanningDay(days: day + 7), uplift: 0.35))
            }
        }
        for (n, day) in flashSaleDays.enumerated() {
            events.append(PromotionEvent(id: "evp_demo_flash\(n + 1)", name: "Smart wall box flash sale \(day)", kind: .flashSale, startDate: day, endDate: day,
                                         uplift: 8, skus: ["WB-7KW-SMART"]))
        }
        return events.filter { $0.startDate.days >= today.days - 3 * 365 }
    }

    /// Share of demand each warehouse serves (the nearest to the customers of its districts).
    static let warehouseShare: [String: Double] = ["wh_baoan": 0.36, "wh_longgang": 0.26, "wh_nanshan": 0.38]

    /// Mean units per day of a SKU over the whole mall, by category, at today's level.
    static func baseRate(_ product: Product, index: Int) -> Double {
        let spread = 0.6 + Double((index * 37) % 9) / 10  // SKUs of a category do not sell alike
        let rate: Double = switch product.category {
        case .wallCharger: 0.45
        case .portableCharger: 0.5
        case .cable: 0.45
        case .adapter: 0.55
        case .sparePart: 0.12
        case .installation: 0
        }
        return spread * rate
    }

    /// The yearly season: high in the run-up to year-end, low in February, a small summer bump.
    static func season(dayOfYear: Int) -> Double {
        let x = 2 * Double.pi * Double(dayOfYear) / 365.25
        return 1 + 0.25 * cos(x - 2 * Double.pi * 330 / 365.25) + 0.1 * cos(2 * x - 2 * Double.pi * 170 / 365.25)
    }

    public struct Output: Sendable {
        public var demand: [DemandRecord]
        public var snapshots: [StockSnapshot]
    }

    /// Days `from..<to` of history. Stock is refilled to its opening level when it falls under a third (as the
    /// seeder's supplier does), except for one stock-out of the smart wall box at Nanshan a year ago, which
    /// loses sales for two weeks.
    public static func generate(from: PlanningDay, to: PlanningDay, today: PlanningDay, events: [PromotionEvent], seed: UInt64) -> Output {
        let random = SeededRandom(seed: seed)
        var rng = random
        var output = Output(demand: [], snapshots: [])
        let products = DemoCatalog.products.filter { $0.category != .installation }
        let stockout = (sku: "WB-7KW-SMART", warehouse: "wh_nanshan", from: today.days - 380, to: today.days - 366)
        for warehouse in DemoCatalog.warehouses {
            for (index, product) in products.enumerated() {
                let opening = DemoCatalog.initialStock(for: product)
                var onHand = opening
                let base = baseRate(product, index: index) * (warehouseShare[warehouse.id] ?? 0.33)
                for day in from.days..<to.days {
                    let (y, _, _) = CivilDate.fromDays(day)
                    let dayOfYear = day - CivilDate.toDays(year: y, month: 1, day: 1)
                    // 20 % a year of growth up to today's level.
                    let growth = pow(1.2, Double(day - today.days) / 365)
                    let weekday = ((day + 4) % 7 + 7) % 7  // 0 = Sunday
                    var mean = base * growth * season(dayOfYear: dayOfYear) * [1.45, 0.8, 0.9, 0.95, 1.0, 1.2, 1.6][weekday]
                    for event in events where event.startDate.days <= day && event.endDate.days >= day && event.covers(sku: product.sku) {
                        mean *= event.uplift ?? 1
                    }
                    let wanted = poisson(mean, &rng)
                    let outOfStock = product.sku == stockout.sku && warehouse.id == stockout.warehouse && day >= stockout.from && day < stockout.to
                    let served = outOfStock ? 0 : min(wanted, onHand)
                    let lost = wanted - served
                    onHand -= served
                    if wanted > 0 {
                        output.demand.append(DemandRecord(warehouseId: warehouse.id, sku: product.sku, day: PlanningDay(days: day), servedUnits: served,
                                                          lostUnits: lost, servedLines: served > 0 ? max(1, served * 3 / 4) : 0, lostLines: lost > 0 ? max(1, lost * 3 / 4) : 0))
                    }
                    if onHand * 3 < opening && !outOfStock { onHand += opening }
                    output.snapshots.append(StockSnapshot(warehouseId: warehouse.id, sku: product.sku, day: PlanningDay(days: day), onHand: outOfStock ? 0 : onHand))
                }
            }
        }
        return output
    }

    /// A Poisson draw from a shared seeded source (benchmarks that make their own worlds).
    public static func poissonSample(_ mean: Double, _ rng: SeededRandom) -> Int {
        var source = rng
        return poisson(mean, &source)
    }

    /// Knuth's method for small means, a rounded normal for large ones.
    static func poisson(_ mean: Double, _ rng: inout SeededRandom) -> Int {
        guard mean > 0 else { return 0 }
        if mean > 30 {
            let u1 = max(Double(rng.next() % 1_000_000) / 1_000_000, 1e-9), u2 = Double(rng.next() % 1_000_000) / 1_000_000
            let z = (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
            return max(0, Int((mean + z * mean.squareRoot()).rounded()))
        }
        let limit = exp(-mean)
        var k = 0
        var p = 1.0
        repeat {
            k += 1
            p *= Double(rng.next() % 1_000_000) / 1_000_000
        } while p > limit
        return k - 1
    }
}
