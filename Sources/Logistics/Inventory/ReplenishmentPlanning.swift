import Forecasting
import Foundation
import SolverSupport

/// One planning run's arithmetic, without a database: from the demand history, stock, inbound goods,
/// suppliers and the event calendar to forecasts, purchase and transfer suggestions, and stock alerts.
/// Pure, so tests and the replenishment benchmark call exactly what the server runs.
public struct ReplenishmentPlanning: Sendable {
    public struct Input: Sendable {
        /// The run's day: history ends the day before, forecasts start on it.
        public var today: PlanningDay
        public var products: [Product]
        public var suppliers: [Supplier]
        public var levels: [StockLevel]
        public var demand: [DemandRecord]
        public var promotions: [PromotionEvent]
        public var inbound: [InboundStock]
        public var settings: InventorySettings
        /// Classes ranked over the whole mall (a run may plan SKUs in batches); nil ranks the input's demand.
        public var abc: [StockKey: ABCClass]?

        public init(today: PlanningDay, products: [Product], suppliers: [Supplier], levels: [StockLevel], demand: [DemandRecord],
                    promotions: [PromotionEvent], inbound: [InboundStock], settings: InventorySettings, abc: [StockKey: ABCClass]? = nil) {
            self.abc = abc
            self.today = today
            self.products = products
            self.suppliers = suppliers
            self.levels = levels
            self.demand = demand
            self.promotions = promotions
            self.inbound = inbound
            self.settings = settings
        }
    }

    public struct Output: Sendable {
        public var forecasts: [SKUForecast]
        public var suggestions: [ReplenishmentSuggestion]
        /// Alerts whose condition holds now (low stock, slow mover, overstock); surges come from the live scan.
        public var alerts: [StockAlert]
        public var models: [String: Int]
    }

    /// Two years of weekly history at most: enough for a yearly index, bounded work per series.
    public static let historyWeeks = 104
    public static let horizonWeeks = 8
    /// Days a transfer between two of our warehouses takes (same metropolitan area).
    public static let transferDays = 1
    /// A fallback when a SKU has no supplier: two weeks, one week's spread.
    public static let defaultLeadTimeDays = 14.0
    /// Rolling origins behind each series' intervals and protection spread: 12 weeks of re-forecasts, as the
    /// engine's empirical intervals use (18 in the car-parts replay; 12 keeps the nightly run of 30,000 series
    /// inside its minute).
    public static let errorOrigins = 12

    public init() {}

    public func plan(_ input: Input, runId: String, at time: Date) -> Output {
        let products = Dictionary(input.products.map { ($0.sku, $0) }, uniquingKeysWith: { a, _ in a })
        var supplierOf: [String: (Supplier, SupplierItem)] = [:]
        for supplier in input.suppliers { for item in supplier.items { supplierOf[item.sku] = (supplier, item) } }
        let firstDay = PlanningDay(days: input.today.days - 7 * Self.historyWeeks)
        var daily: [StockKey: [Int: (demand: Int, lost: Int)]] = [:]
        for record in input.demand where record.day.days >= firstDay.days && record.day.days < input.today.days {
            daily[StockKey(warehouseId: record.warehouseId, sku: record.sku), default: [:]][record.day.days] = (record.demandUnits, record.lostUnits)
        }
        var levels: [StockKey: StockLevel] = [:]
        for level in input.levels { levels[StockKey(warehouseId: level.warehouseId, sku: level.sku)] = level }
        var inbound: [StockKey: [InboundStock]] = [:]
        for item in input.inbound { inbound[item.key, default: []].append(item) }
        let keys = Set(levels.keys).union(daily.keys).filter { key in
            guard let product = products[key.sku] else { return false }
            return product.active && product.category != .installation
        }.sorted()
        let abc = input.abc ?? Self.abcClasses(values: Dictionary(uniqueKeysWithValues: keys.map { key in
            (key, Double((daily[key] ?? [:]).values.reduce(0) { $0 + $1.demand }) * Double(products[key.sku]?.priceCents ?? 0))
        }))

        let contexts = keys.map { key in
            SeriesContext(key: key, level: levels[key], daily: daily[key] ?? [:], inbound: inbound[key] ?? [], supplier: supplierOf[key.sku],
                          abc: abc[key] ?? .c, price: products[key.sku]?.priceCents ?? 0)
        }
        // The forecasts in parallel; everything that makes an id (alerts, suggestions) after, in series order:
        // a seeded identifier source (the simulator's) is visible only on the calling thread, and its draws
        // must not depend on which thread planned which series.
        let planned = parallelMap(contexts.count) { i in
            self.planSeries(contexts[i], input: input, runId: runId, at: time)
        }
        var output = Output(forecasts: [], suggestions: [], alerts: [], models: [:])
        for result in planned {
            output.forecasts.append(result.forecast)
            output.models[result.forecast.model, default: 0] += 1
            output.alerts += alerts(result, input: input, at: time)
        }
        output.suggestions = Self.suggestions(planned, today: input.today, runId: runId, at: time)
        return output
    }

    struct SeriesContext: Sendable {
        var key: StockKey
        var level: StockLevel?
        var daily: [Int: (demand: Int, lost: Int)]
        var inbound: [InboundStock]
        var supplier: (Supplier, SupplierItem)?
        var abc: ABCClass
        var price: Int
    }

    /// One pair's forecast, policy and position, before suggestions are decided across warehouses.
    struct SeriesPlan: Sendable {
        var context: SeriesContext
        var forecast: SKUForecast
        var settings: PolicySettings
        var levels: InventoryLevels
        var available: Int
        var onOrder: Int
        var position: Int { available + onOrder }
        var need: Int
        var stockout: PlanningDay?
        var daysOfCover: Double?
        var leadTimeDays: Double
        var event: String?
    }

    func planSeries(_ context: SeriesContext, input: Input, runId: String, at time: Date) -> SeriesPlan {
        let today = input.today
        let firstDemandDay = context.daily.keys.min() ?? today.days
        let weeks = max(1, min(Self.historyWeeks, (today.days - firstDemandDay + 6) / 7))
        let promotions = input.promotions.filter { $0.covers(sku: context.key.sku) && ($0.warehouseId == nil || $0.warehouseId == context.key.warehouseId) }
        var history: [WeeklyDemandPlanner.Week] = []
        var historyPoints: [SKUForecast.HistoryPoint] = []
        for w in 0..<weeks {
            let start = today.days - 7 * (weeks - w)
            var demand = 0, lost = 0
            for d in start..<(start + 7) {
                if let day = context.daily[d] { demand += day.demand; lost += day.lost }
            }
            let event = Self.event(promotions, from: start, to: start + 6)
            history.append(.init(demand: Double(demand), weekOfYear: Self.weekOfYear(start + 3), event: event?.key))
            historyPoints.append(.init(date: PlanningDay(days: start), value: Double(demand), lost: Double(lost), event: event?.name))
        }
        let supplier = context.supplier
        let leadTimeDays = supplier?.0.leadTimeDays ?? Self.defaultLeadTimeDays
        let spreadDays = supplier?.0.leadTimeSpreadDays ?? Self.defaultLeadTimeDays / 2
        let target = input.settings.target(for: context.abc)
        let settings = PolicySettings(
            kind: .orderUpTo, target: .fillRate(target), leadTimePeriods: max(1, Int((leadTimeDays / 7).rounded())),
            reviewPeriods: max(1, Int((Double(input.settings.reviewDays) / 7).rounded())),
            minimumOrderQuantity: Double(supplier?.1.minimumOrder ?? 0), packSize: Double(max(1, supplier?.1.packSize ?? 1)),
            leadTimeSpreadPeriods: spreadDays / 7)
        let horizon = max(Self.horizonWeeks, settings.protectionPeriods + 2)
        var future: [WeeklyDemandPlanner.FutureWeek] = []
        var futureEvents: [PromotionEvent?] = []
        for h in 0..<horizon {
            let start = today.days + 7 * h
            let event = Self.event(promotions, from: start, to: start + 6)
            futureEvents.append(event)
            future.append(.init(weekOfYear: Self.weekOfYear(start + 3), event: event?.key, declaredUplift: event?.uplift))
        }
        let planner = WeeklyDemandPlanner(planner: ReplenishmentPlanner(settings: settings, errorOrigins: Self.errorOrigins))
        let plan = planner.plan(history: history, future: future)
        let lo80 = plan.forecast.interval(0.8), lo95 = plan.forecast.interval(0.95)
        let points = (0..<horizon).map { h in
            SKUForecast.Point(date: PlanningDay(days: today.days + 7 * h), mean: plan.forecast.mean[h],
                              lo80: lo80?.lower[h] ?? plan.forecast.mean[h], hi80: lo80?.upper[h] ?? plan.forecast.mean[h],
                              lo95: lo95?.lower[h] ?? plan.forecast.mean[h], hi95: lo95?.upper[h] ?? plan.forecast.mean[h], event: futureEvents[h]?.name)
        }
        let dailyRate = plan.protection.mean / Double(settings.protectionPeriods * 7)
        let forecast = SKUForecast(
            sku: context.key.sku, warehouseId: context.key.warehouseId, runId: runId, model: plan.model, yearlySeasonality: plan.yearlySeasonality,
            uplifts: plan.uplifts, createdAt: time, history: historyPoints, forecast: points,
            policy: .init(abcClass: context.abc, serviceTarget: target, leadTimeDays: leadTimeDays, leadTimeSpreadDays: spreadDays,
                          reviewDays: input.settings.reviewDays, reorderPoint: plan.levels.reorderPoint, orderUpTo: plan.levels.orderUpTo,
                          safetyStock: plan.levels.safetyStock, dailyRate: dailyRate))

        let available = context.level.map { $0.onHand - $0.reserved } ?? 0
        let onOrder = context.inbound.reduce(0) { $0 + $1.quantity }
        let need = Int(plan.levels.orderQuantity(position: Double(available + onOrder), settings: settings).rounded())
        let stockout = Self.stockoutDay(available: available, inbound: context.inbound, weeklyMeans: plan.forecast.mean, today: today)
        let cover = dailyRate > 0 ? Double(available) / dailyRate : nil
        return SeriesPlan(context: context, forecast: forecast, settings: settings, levels: plan.levels, available: available, onOrder: onOrder,
                          need: need, stockout: stockout, daysOfCover: cover, leadTimeDays: leadTimeDays,
                          event: futureEvents.prefix(settings.protectionPeriods).compactMap { $0?.name }.first)
    }

    /// Low stock, slow movers and overstock, each with its numbers and advice.
    func alerts(_ plan: SeriesPlan, input: Input, at time: Date) -> [StockAlert] {
        let key = plan.context.key
        var found: [StockAlert] = []
        let rate = plan.forecast.policy.dailyRate
        let nextReceipt = plan.context.inbound.compactMap(\.expected).min { $0.days < $1.days }
            ?? PlanningDay(days: input.today.days + Int(plan.leadTimeDays.rounded(.up)))
        if let stockout = plan.stockout, stockout.days < nextReceipt.days {
            let advice = plan.context.inbound.isEmpty
                ? "restock: order \(max(plan.need, 1)) now (lead time \(Self.format(plan.leadTimeDays)) d)"
                : "expedite the open order or move stock from another warehouse"
            found.append(StockAlert(
                id: Identifier.make("sal", at: time), warehouseId: key.warehouseId, sku: key.sku, kind: .lowStock,
                detail: "projected out of stock on \(stockout) (available \(plan.available), forecast \(Self.format(rate * 7))/week); next receipt \(nextReceipt)",
                advice: advice, raisedAt: time))
        }
        let sales = (0..<input.settings.deadAfterDays).map { i -> Double in
            Double(plan.context.daily[input.today.days - input.settings.deadAfterDays + i]?.demand ?? 0)
        }
        let onHand = plan.context.level?.onHand ?? 0
        let rule = SlowMoverRule(slowCoverDays: input.settings.slowCoverDays, deadAfterDays: input.settings.deadAfterDays)
        let hasHistory = (plan.context.daily.keys.min() ?? input.today.days) <= input.today.days - input.settings.deadAfterDays
        let assessment = rule.assess(onHand: Double(onHand), dailyRate: rate, dailySales: hasHistory ? sales : Array(sales.suffix(30)))
        if assessment.verdict != .healthy {
            let since = assessment.daysSinceLastSale.map { "last sale \($0) days ago" } ?? "no sale in \(hasHistory ? input.settings.deadAfterDays : 30) days"
            let advice = switch assessment.verdict {
            case .pauseReorders: "buy less: pause reorders until cover is under \(Self.format(input.settings.slowCoverDays)) days"
            case .promote: "promote it: discount or bundle; no reorders"
            default: "clear it out: move it to a warehouse that sells it, or write it off"
            }
            let cover = assessment.daysOfCover.isFinite ? "\(Self.format(assessment.daysOfCover)) days of cover" : "cover without end (no forecast demand)"
            found.append(StockAlert(id: Identifier.make("sal", at: time), warehouseId: key.warehouseId, sku: key.sku, kind: .slowMover,
                                    detail: "on hand \(onHand), \(cover) at \(Self.format(rate * 7))/week; \(since)", advice: advice, raisedAt: time))
        } else if Double(plan.position) > 2 * plan.levels.orderUpTo + plan.settings.packSize, plan.position > 10 {
            found.append(StockAlert(
                id: Identifier.make("sal", at: time), warehouseId: key.warehouseId, sku: key.sku, kind: .overstock,
                detail: "position \(plan.position) is \(Self.format(Double(plan.position) / max(plan.levels.orderUpTo, 1)))× the order-up-to level \(Self.format(plan.levels.orderUpTo))",
                advice: "hold purchases; offer the excess to other warehouses", raisedAt: time))
        }
        return found
    }

    /// Transfers where another warehouse's excess covers a shortfall that would come before a supplier's
    /// goods could, then purchases for what remains.
    static func suggestions(_ plans: [SeriesPlan], today: PlanningDay, runId: String, at time: Date) -> [ReplenishmentSuggestion] {
        var bySKU: [String: [Int]] = [:]
        for (i, plan) in plans.enumerated() { bySKU[plan.context.key.sku, default: []].append(i) }
        var excess = plans.map { plan in max(0, plan.available - Int(plan.levels.orderUpTo.rounded(.up))) }
        var suggestions: [ReplenishmentSuggestion] = []
        for i in plans.indices {
            let plan = plans[i]
            guard plan.need > 0 else { continue }
            var remaining = plan.need
            let supplierArrives = today.days + Int(plan.leadTimeDays.rounded(.up))
            if let stockout = plan.stockout, stockout.days < supplierArrives {
                let donors = (bySKU[plan.context.key.sku] ?? []).filter { $0 != i && excess[$0] > 0 && plans[$0].need == 0 }
                    .sorted { excess[$0] > excess[$1] }
                for donor in donors where remaining > 0 {
                    let quantity = min(remaining, excess[donor])
                    excess[donor] -= quantity
                    remaining -= quantity
                    let why = plan.event.map { " before \($0)" } ?? ""
                    suggestions.append(ReplenishmentSuggestion(
                        id: Identifier.make("sug", at: time), runId: runId, kind: .transfer, sku: plan.context.key.sku, warehouseId: plan.context.key.warehouseId,
                        fromWarehouseId: plans[donor].context.key.warehouseId, supplierId: nil, quantity: quantity,
                        reason: "out of stock on \(stockout)\(why), before a supplier delivery could arrive (\(PlanningDay(days: supplierArrives))); \(plans[donor].context.key.warehouseId) holds \(excess[donor] + quantity) above its own order-up-to level; a transfer takes \(transferDays) d",
                        stockoutDate: stockout, daysOfCover: plan.daysOfCover, inventoryPosition: plan.position, reorderPoint: plan.levels.reorderPoint,
                        orderUpTo: plan.levels.orderUpTo, abcClass: plan.context.abc, createdAt: time))
                }
            }
            guard remaining > 0 else { continue }
            if remaining < plan.need {
                // What the transfers leave, still in whole packs and above the minimum order.
                let pack = Int(max(plan.settings.packSize, 1))
                remaining = max((remaining + pack - 1) / pack * pack, Int(plan.settings.minimumOrderQuantity))
            }
            let model = plan.forecast.model
            let rate = plan.forecast.policy.dailyRate * 7
            let event = plan.event.map { ", \($0) in the span" } ?? ""
            let packs = plan.settings.packSize > 1 ? " (packs of \(Int(plan.settings.packSize)))" : ""
            suggestions.append(ReplenishmentSuggestion(
                id: Identifier.make("sug", at: time), runId: runId, kind: .purchase, sku: plan.context.key.sku, warehouseId: plan.context.key.warehouseId,
                supplierId: plan.context.supplier?.0.id, quantity: remaining,
                reason: "position \(plan.position) (available \(plan.available) + on order \(plan.onOrder)) ≤ reorder point \(format(plan.levels.reorderPoint)): forecast \(format(rate))/week (\(model)\(event)), lead time \(format(plan.leadTimeDays)) d ± \(format(plan.forecast.policy.leadTimeSpreadDays)) + review \(plan.forecast.policy.reviewDays) d, fill-rate target \(format(plan.forecast.policy.serviceTarget * 100)) % (class \(plan.context.abc.rawValue)); order up to \(format(plan.levels.orderUpTo))\(packs)",
                stockoutDate: plan.stockout, daysOfCover: plan.daysOfCover, inventoryPosition: plan.position, reorderPoint: plan.levels.reorderPoint,
                orderUpTo: plan.levels.orderUpTo, abcClass: plan.context.abc, createdAt: time))
        }
        return suggestions
    }

    /// The first day available stock, plus what arrives, no longer covers the forecast (nil: not within it).
    static func stockoutDay(available: Int, inbound: [InboundStock], weeklyMeans: [Double], today: PlanningDay) -> PlanningDay? {
        var stock = Double(available)
        var arrivals: [Int: Int] = [:]
        for item in inbound { arrivals[item.expected?.days ?? today.days + 7, default: 0] += item.quantity }
        for d in 0..<(weeklyMeans.count * 7) {
            stock += Double(arrivals[today.days + d] ?? 0)
            let demand = weeklyMeans[d / 7] / 7
            stock -= demand
            if demand > 0 && stock < 0 { return PlanningDay(days: today.days + d) }
        }
        return nil
    }

    /// Per warehouse: A is the SKUs making the top 80 % of the last year's sales value, B the next 15 %.
    public static func abcClasses(values: [StockKey: Double]) -> [StockKey: ABCClass] {
        var byWarehouse: [String: [(StockKey, Double)]] = [:]
        for (key, value) in values { byWarehouse[key.warehouseId, default: []].append((key, value)) }
        var classes: [StockKey: ABCClass] = [:]
        for (_, values) in byWarehouse {
            // Summed in rank order, not the dictionary's (which changes with each process's hash seed), so a
            // share on a class boundary falls the same way in every run.
            let ranked = values.sorted(by: { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 })
            let total = ranked.reduce(0) { $0 + $1.1 }
            var cumulative = 0.0
            for (key, value) in ranked {
                guard total > 0, value > 0 else { classes[key] = .c; continue }
                // A SKU belongs to the class where its value starts, so the top seller is A even if it is 90 %.
                let share = cumulative / total
                classes[key] = share < 0.8 ? .a : share < 0.95 ? .b : .c
                cumulative += value
            }
        }
        return classes
    }

    static func event(_ events: [PromotionEvent], from: Int, to: Int) -> PromotionEvent? {
        events.filter { $0.startDate.days <= to && $0.endDate.days >= from }.min { $0.startDate.days < $1.startDate.days }
    }

    /// 1...53, from the day of the year of a week's middle day.
    static func weekOfYear(_ days: Int) -> Int {
        let (year, _, _) = CivilDate.fromDays(days)
        return min(53, (days - CivilDate.toDays(year: year, month: 1, day: 1)) / 7 + 1)
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(format: "%.1f", value)
    }
}
