import ArgumentParser
import Forecasting
import Foundation
import Logistics
import SolverSupport

/// `chargemall bench replenishment`: the product's planning run replayed on the demo mall's second year
/// against the rule most small malls use, and the nightly run timed at 10,000 SKUs × 3 warehouses.
struct BenchReplenishment: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replenishment",
        abstract: "Turnover, fill rate, stock-outs and lost sales of our planning run against a static reorder point, and the nightly run's time at scale.",
        discussion: """
            Replay: the demo mall's two years of daily demand (DemoDemandHistory: seasons, weekdays, Double 11,
            618, Spring Festival, flash sales; the same seed as `chargemall seed`). The second year is played day
            by day for every SKU × warehouse: goods arrive after the supplier's lead time (drawn from its mean and
            spread, the same draw for both policies), demand takes what is on hand, the rest is a lost sale.
            Every 7 days each policy reviews. Ours: the product's planning run (ReplenishmentPlanning: weekly
            forecasts by Auto, events and lost sales in the history, fill-rate targets by ABC class, transfers).
            Baseline: reorder point = two weeks' average sales, order up to six weeks'. Both start the year
            with four weeks of demand on hand.
            Nightly: a synthetic catalogue (--skus, a long tail: 5 % of SKUs sell daily, the rest now and then)
            with two years of history in 3 warehouses, planned in the service's batches; compute only.
            Example: chargemall bench replenishment --skus 10000
            """)

    @Option(help: "Seed of the demo history (the seeder's).") var seed: UInt64 = 20_261_111
    @Option(help: "SKUs of the nightly timing (0: skip it).") var skus = 10_000
    @Option(help: "Fill-rate targets of extra rows of ours, each for every class (comma-separated).") var targets = "0.97,0.99"
    @Flag(help: "Print JSON instead of a table.") var json = false

    struct Row: Encodable {
        var policy: String
        var fillRate: Double
        var turnover: Double
        var stockoutDays: Int
        var lostUnits: Int
        var averageStockValueYuan: Double
        var orders: Int
        var seconds: Double
    }

    struct Report: Encodable {
        var pairs: Int
        var days: Int
        var rows: [Row]
        var nightly: Nightly?
    }

    struct Nightly: Encodable {
        var skus: Int
        var warehouses: Int
        var series: Int
        var seconds: Double
        var models: [String: Int]
        var suggestions: Int
    }

    func run() throws {
        let end = PlanningDay("2026-12-01")!
        let start = PlanningDay(days: end.days - 365)
        let events = DemoDemandHistory.promotions(today: end, flashSaleDays: [PlanningDay(days: end.days - 530), PlanningDay(days: end.days - 100)])
        let world = DemoDemandHistory.generate(from: PlanningDay(days: end.days - 730), to: end, today: end, events: events, seed: seed)
        let replay = Replay(world: world, events: events, start: start, end: end, seed: seed)
        var rows: [Row] = []
        FileHandle.standardError.write(Data("replay: \(replay.pairs.count) SKU × warehouse pairs, \(end.days - start.days) days\n".utf8))
        rows.append(replay.run(name: "Baseline: reorder at 2 weeks' sales, up to 6 weeks'", policy: .baseline))
        rows.append(replay.run(name: "Ours: planning run, ABC targets 98/95/90 %", policy: .ours(InventorySettings())))
        for target in targets.split(separator: ",").compactMap({ Double($0) }) {
            var settings = InventorySettings()
            settings.serviceTargets = ["A": target, "B": target, "C": target]
            rows.append(replay.run(name: "Ours: planning run, every class \(Int((target * 100).rounded())) %", policy: .ours(settings)))
        }
        let nightly = skus > 0 ? Self.nightly(skus: skus, seed: seed) : nil
        let report = Report(pairs: replay.pairs.count, days: end.days - start.days, rows: rows, nightly: nightly)
        if json {
            try printJSON(report)
            return
        }
        print("| policy | fill rate | turnover (/year) | stock-out days | lost units | average stock (¥) | orders | seconds |")
        print("|---|---|---|---|---|---|---|---|")
        for row in rows {
            print("| \(row.policy) | \(String(format: "%.2f", row.fillRate * 100)) % | \(String(format: "%.2f", row.turnover)) | \(row.stockoutDays) | \(row.lostUnits) | \(String(format: "%.0f", row.averageStockValueYuan)) | \(row.orders) | \(String(format: "%.1f", row.seconds)) |")
        }
        let baseline = rows[0]
        if let best = rows.dropFirst().filter({ $0.fillRate >= baseline.fillRate }).max(by: { $0.turnover < $1.turnover }) {
            print("\nAt a fill rate no lower than the baseline's (\(String(format: "%.2f", baseline.fillRate * 100)) %): \(best.policy), turnover \(String(format: "%+.1f", (best.turnover / baseline.turnover - 1) * 100)) % (goal: +20 %).")
        } else {
            print("\nNo row of ours reaches the baseline's fill rate (\(String(format: "%.2f", baseline.fillRate * 100)) %).")
        }
        if let nightly {
            print("\nNightly run: \(nightly.skus) SKUs × \(nightly.warehouses) warehouses = \(nightly.series) series in \(String(format: "%.1f", nightly.seconds)) s (goal: under 60 s); models \(nightly.models.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")); \(nightly.suggestions) suggestions.")
        }
    }

    /// The nightly run's arithmetic at scale, in the service's batches, without the database.
    static func nightly(skus: Int, seed: UInt64) -> Nightly {
        let today = PlanningDay("2026-12-01")!
        let warehouses = DemoCatalog.warehouses.map(\.id)
        let products = (0..<skus).map { i in
            Product(sku: String(format: "SKU-%05d", i), name: "part \(i)", category: i % 20 == 0 ? .cable : .sparePart, weightGrams: 500, volumeMillilitres: 500,
                    needsInstallation: false, serialTracked: false, priceCents: 1_000 + (i * 7_919) % 90_000)
        }
        let supplier = Supplier(id: "sup_all", name: "all", leadTimeDays: 10, leadTimeSpreadDays: 3,
                                items: products.map { SupplierItem(sku: $0.sku, unitCostCents: $0.priceCents * 6 / 10, packSize: 1, minimumOrder: 0) })
        var seconds = 0.0, series = 0, suggestions = 0
        var models: [String: Int] = [:]
        let batch = ReplenishmentService.batchSKUs
        for first in stride(from: 0, to: skus, by: batch) {
            let slice = Array(products[first..<min(first + batch, skus)])
            // History of this batch: regular SKUs (every 20th) sell a few a day, the long tail now and then.
            var demand: [DemandRecord] = []
            var levels: [StockLevel] = []
            for (offset, product) in slice.enumerated() {
                let index = first + offset
                let rng = SeededRandom(seed: seed &+ UInt64(index))
                let rate = index % 20 == 0 ? 2.0 + Double(index % 7) : 0.02 + Double(index % 13) / 100
                for warehouse in warehouses {
                    for back in 1...730 {
                        let units = DemoDemandHistory.poissonSample(rate, rng)
                        if units > 0 {
                            demand.append(DemandRecord(warehouseId: warehouse, sku: product.sku, day: PlanningDay(days: today.days - back), servedUnits: units, servedLines: 1))
                        }
                    }
                    levels.append(StockLevel(warehouseId: warehouse, sku: product.sku, onHand: Int(rate * 20), reserved: 0))
                }
            }
            let input = ReplenishmentPlanning.Input(today: today, products: slice, suppliers: [supplier], levels: levels, demand: demand, promotions: [],
                                                    inbound: [], settings: InventorySettings())
            let started = Date()
            let output = ReplenishmentPlanning().plan(input, runId: "bench", at: Date())
            seconds += Date().timeIntervalSince(started)
            series += output.forecasts.count
            suggestions += output.suggestions.count
            for (model, count) in output.models { models[model, default: 0] += count }
            FileHandle.standardError.write(Data("nightly: \(min(first + batch, skus))/\(skus) SKUs, \(String(format: "%.1f", seconds)) s\r".utf8))
        }
        FileHandle.standardError.write(Data("\n".utf8))
        return Nightly(skus: skus, warehouses: warehouses.count, series: series, seconds: seconds, models: models, suggestions: suggestions)
    }
}

/// One policy played over the second year of the demo world, day by day.
struct Replay: Sendable {
    enum Policy: Sendable {
        case baseline
        case ours(InventorySettings)
    }

    let world: DemoDemandHistory.Output
    let events: [PromotionEvent]
    let start: PlanningDay
    let end: PlanningDay
    let seed: UInt64
    let pairs: [StockKey]
    /// Demand wanted per pair and day (served + lost in the generated world).
    let wanted: [StockKey: [Int: Int]]
    let products = DemoCatalog.products.filter { $0.category != .installation }
    let suppliers = DemoDemandHistory.suppliers

    init(world: DemoDemandHistory.Output, events: [PromotionEvent], start: PlanningDay, end: PlanningDay, seed: UInt64) {
        self.world = world
        self.events = events
        self.start = start
        self.end = end
        self.seed = seed
        var wanted: [StockKey: [Int: Int]] = [:]
        for record in world.demand { wanted[StockKey(warehouseId: record.warehouseId, sku: record.sku), default: [:]][record.day.days] = record.demandUnits }
        self.wanted = wanted
        pairs = DemoCatalog.warehouses.flatMap { w in DemoCatalog.products.filter { $0.category != .installation }.map { StockKey(warehouseId: w.id, sku: $0.sku) } }
    }

    /// The supplier's lead time for an order of `key` placed on `day`: the same draw whichever policy ordered.
    func leadTime(_ key: StockKey, day: Int, supplier: Supplier) -> Int {
        let text = "\(key.warehouseId)/\(key.sku)"
        let mix = UInt64(bitPattern: Int64(text.unicodeScalars.reduce(day) { $0 &* 31 &+ Int($1.value) }))
        let rng = SeededRandom(seed: seed ^ mix)
        let u1 = max(Double(rng.next() % 1_000_000) / 1_000_000, 1e-9), u2 = Double(rng.next() % 1_000_000) / 1_000_000
        let z = (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
        return max(1, Int((supplier.leadTimeDays + z * supplier.leadTimeSpreadDays).rounded()))
    }

    func run(name: String, policy: Policy) -> BenchReplenishment.Row {
        let began = Date()
        let supplierOf = Dictionary(suppliers.flatMap { s in s.items.map { ($0.sku, s) } }, uniquingKeysWith: { a, _ in a })
        let cost = Dictionary(suppliers.flatMap { s in s.items.map { ($0.sku, $0.unitCostCents) } }, uniquingKeysWith: { a, _ in a })
        let item = Dictionary(suppliers.flatMap { s in s.items.map { ($0.sku, $0) } }, uniquingKeysWith: { a, _ in a })
        // What the policy has seen: the first year as generated, then what happens in the replay.
        var observed: [StockKey: [Int: (served: Int, lost: Int)]] = [:]
        for record in world.demand where record.day.days < start.days {
            observed[StockKey(warehouseId: record.warehouseId, sku: record.sku), default: [:]][record.day.days] = (record.servedUnits, record.lostUnits)
        }
        var onHand: [StockKey: Int] = [:]
        var pipeline: [StockKey: [(day: Int, quantity: Int)]] = [:]
        for key in pairs {
            let recent = (1...56).reduce(0) { $0 + (wanted[key]?[start.days - $1] ?? 0) }
            onHand[key] = Int((Double(recent) / 56 * 28).rounded())
        }
        var served = 0, demanded = 0, lost = 0, stockoutDays = 0, orders = 0
        var cogs = 0.0, stockValueDays = 0.0
        for day in start.days..<end.days {
            if (day - start.days) % 7 == 0 {
                let placed = review(policy, day: day, onHand: &onHand, pipeline: &pipeline, observed: observed, supplierOf: supplierOf, item: item)
                orders += placed
            }
            for key in pairs {
                for arrival in pipeline[key] ?? [] where arrival.day == day { onHand[key, default: 0] += arrival.quantity }
                pipeline[key]?.removeAll { $0.day <= day }
                let want = wanted[key]?[day] ?? 0
                let take = min(want, onHand[key] ?? 0)
                onHand[key, default: 0] -= take
                served += take
                demanded += want
                lost += want - take
                if want > take { stockoutDays += 1 }
                observed[key, default: [:]][day] = (take, want - take)
                cogs += Double(take * (cost[key.sku] ?? 0))
                stockValueDays += Double((onHand[key] ?? 0) * (cost[key.sku] ?? 0))
            }
        }
        let days = Double(end.days - start.days)
        let averageStock = stockValueDays / days
        return BenchReplenishment.Row(policy: name, fillRate: Double(served) / Double(max(demanded, 1)), turnover: cogs / max(averageStock, 1) * 365 / days,
                                      stockoutDays: stockoutDays, lostUnits: lost, averageStockValueYuan: averageStock / 100, orders: orders,
                                      seconds: Date().timeIntervalSince(began))
    }

    /// One weekly review: orders (and for ours, transfers) placed; returns how many purchase orders.
    func review(_ policy: Policy, day: Int, onHand: inout [StockKey: Int], pipeline: inout [StockKey: [(day: Int, quantity: Int)]],
                observed: [StockKey: [Int: (served: Int, lost: Int)]], supplierOf: [String: Supplier], item: [String: SupplierItem]) -> Int {
        var placed = 0
        switch policy {
        case .baseline:
            for key in pairs {
                guard let supplier = supplierOf[key.sku], let item = item[key.sku] else { continue }
                let sales = (1...14).reduce(0) { $0 + (observed[key]?[day - $1]?.served ?? 0) }
                let average = Double(sales) / 14
                let position = (onHand[key] ?? 0) + (pipeline[key] ?? []).reduce(0) { $0 + $1.quantity }
                guard average > 0, Double(position) <= 14 * average else { continue }
                var quantity = Int((42 * average - Double(position)).rounded(.up))
                quantity = max((quantity + item.packSize - 1) / item.packSize * item.packSize, item.minimumOrder)
                guard quantity > 0 else { continue }
                pipeline[key, default: []].append((day + leadTime(key, day: day, supplier: supplier), quantity))
                placed += 1
            }
        case .ours(let settings):
            var demand: [DemandRecord] = []
            for (key, days) in observed {
                for (d, figures) in days where d >= day - 7 * ReplenishmentPlanning.historyWeeks && d < day && (figures.served + figures.lost) > 0 {
                    demand.append(DemandRecord(warehouseId: key.warehouseId, sku: key.sku, day: PlanningDay(days: d), servedUnits: figures.served, lostUnits: figures.lost))
                }
            }
            let inbound = pipeline.flatMap { key, arrivals in arrivals.map { InboundStock(key: key, quantity: $0.quantity, expected: PlanningDay(days: $0.day), source: "po") } }
            let input = ReplenishmentPlanning.Input(
                today: PlanningDay(days: day), products: products, suppliers: suppliers,
                levels: pairs.map { StockLevel(warehouseId: $0.warehouseId, sku: $0.sku, onHand: onHand[$0] ?? 0, reserved: 0) },
                demand: demand, promotions: events, inbound: inbound, settings: settings)
            let output = ReplenishmentPlanning().plan(input, runId: "replay", at: PlanningDay(days: day).start)
            for suggestion in output.suggestions {
                let key = StockKey(warehouseId: suggestion.warehouseId, sku: suggestion.sku)
                switch suggestion.kind {
                case .purchase:
                    guard let supplier = supplierOf[key.sku] else { continue }
                    pipeline[key, default: []].append((day + leadTime(key, day: day, supplier: supplier), suggestion.quantity))
                    placed += 1
                case .transfer:
                    guard let from = suggestion.fromWarehouseId else { continue }
                    let source = StockKey(warehouseId: from, sku: key.sku)
                    let quantity = min(suggestion.quantity, onHand[source] ?? 0)
                    onHand[source, default: 0] -= quantity
                    pipeline[key, default: []].append((day + ReplenishmentPlanning.transferDays, quantity))
                }
            }
        }
        return placed
    }
}
