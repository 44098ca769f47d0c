import Foundation

/// Stock KPIs of a period, per group: turnover (cost of goods sold / average inventory value), days of
/// cover, fill rate (order lines served from stock at placement), stock-out days, lost sales, stock value.
public struct InventoryKPI: Codable, Equatable, Sendable {
    /// The SKU, warehouse id, category, or the first day of a day/week/month; "all" for the total.
    public var key: String
    public var servedUnits: Int
    public var lostSales: Int
    public var lostSalesCents: Int
    public var cogsCents: Int
    public var averageInventoryValueCents: Int
    /// Over the period (not annualised); `turnoverPerYear` scales it to a year.
    public var turnover: Double
    public var turnoverPerYear: Double
    /// Stock value at the end over the period's average daily cost of goods sold; nil without sales.
    public var daysOfCover: Double?
    /// nil when no line was asked for.
    public var fillRate: Double?
    /// SKU × warehouse days that ended with nothing on hand or lost a sale.
    public var stockoutDays: Int
    /// At the end of the period.
    public var inventoryValueCents: Int
}

public enum KPIGrouping: String, Codable, CaseIterable, Sendable {
    case sku, warehouse, category, day, week, month
}

public struct InventoryKPIReport: Codable, Equatable, Sendable {
    public var from: PlanningDay
    public var to: PlanningDay
    public var groupBy: KPIGrouping
    public var total: InventoryKPI
    public var items: [InventoryKPI]
}

/// The arithmetic of `InventoryKPI`, pure. A unit is valued at its supplier's cost, else at 60 % of its
/// price (a typical margin for the category; the report is only as good as the costs the merchant enters).
public enum InventoryKPIs {
    public struct Input: Sendable {
        public var from: PlanningDay
        public var to: PlanningDay
        public var groupBy: KPIGrouping
        public var demand: [DemandRecord]
        /// Snapshots from some days before `from` on, so each pair's stock is known from the first day.
        public var snapshots: [StockSnapshot]
        /// Today's levels: the stock of days after the last snapshot.
        public var levels: [StockLevel]
        public var today: PlanningDay
        public var products: [Product]
        public var unitCosts: [String: Int]

        public init(from: PlanningDay, to: PlanningDay, groupBy: KPIGrouping, demand: [DemandRecord], snapshots: [StockSnapshot], levels: [StockLevel],
                    today: PlanningDay, products: [Product], unitCosts: [String: Int]) {
            self.from = from
            self.to = to
            self.groupBy = groupBy
            self.demand = demand
            self.snapshots = snapshots
            self.levels = levels
            self.today = today
            self.products = products
            self.unitCosts = unitCosts
        }
    }

    public static func report(_ input: Input) -> InventoryKPIReport {
        guard input.from.days <= input.to.days else {
            return InventoryKPIReport(from: input.from, to: input.to, groupBy: input.groupBy, total: Accumulator().kpi(key: "all", days: 1), items: [])
        }
        let products = Dictionary(input.products.map { ($0.sku, $0) }, uniquingKeysWith: { a, _ in a })
        func cost(_ sku: String) -> Int { input.unitCosts[sku] ?? (products[sku].map { $0.priceCents * 6 / 10 } ?? 0) }
        let days = input.to.days - input.from.days + 1

        // Closing stock of each pair on each day of the period, carried forward from the last snapshot.
        var snapshots: [StockKey: [(day: Int, onHand: Int)]] = [:]
        for s in input.snapshots { snapshots[StockKey(warehouseId: s.warehouseId, sku: s.sku), default: []].append((s.day.days, s.onHand)) }
        for level in input.levels {
            snapshots[StockKey(warehouseId: level.warehouseId, sku: level.sku), default: []].append((input.today.days, level.onHand))
        }
        var accumulators: [String: Accumulator] = [:]
        var total = Accumulator()
        func keys(_ key: StockKey, day: Int) -> String {
            switch input.groupBy {
            case .sku: key.sku
            case .warehouse: key.warehouseId
            case .category: products[key.sku]?.category.rawValue ?? "unknown"
            case .day, .week, .month: bucket(day, input.groupBy).description
            }
        }
        for (key, var series) in snapshots {
            series.sort { $0.day < $1.day }
            var index = 0
            var current: Int?
            let unit = cost(key.sku)
            for day in input.from.days...input.to.days {
                while index < series.count && series[index].day <= day { current = series[index].onHand; index += 1 }
                guard let onHand = current else { continue }
                let group = keys(key, day: day)
                accumulators[group, default: Accumulator()].stockValueDays += Double(onHand * unit)
                total.stockValueDays += Double(onHand * unit)
                if onHand == 0 { accumulators[group, default: Accumulator()].stockoutDays += 1; total.stockoutDays += 1 }
                if day == input.to.days || (input.groupBy.isTime && bucket(day + 1, input.groupBy) != bucket(day, input.groupBy)) {
                    accumulators[group, default: Accumulator()].closingValue += onHand * unit
                }
                if day == input.to.days { total.closingValue += onHand * unit }
            }
        }
        for record in input.demand where record.day.days >= input.from.days && record.day.days <= input.to.days {
            let key = StockKey(warehouseId: record.warehouseId, sku: record.sku)
            let group = keys(key, day: record.day.days)
            let price = products[record.sku]?.priceCents ?? 0
            for target in [group, nil] as [String?] {
                var a = target.map { accumulators[$0, default: Accumulator()] } ?? total
                a.served += record.servedUnits
                a.lost += record.lostUnits
                a.lostCents += record.lostUnits * price
                a.cogs += record.servedUnits * cost(record.sku)
                a.servedLines += record.servedLines
                a.lostLines += record.lostLines
                if record.lostUnits > 0 { a.lostDays += 1 }
                if let target { accumulators[target] = a } else { total = a }
            }
        }
        let items = accumulators.map { key, a in
            a.kpi(key: key, days: input.groupBy.isTime ? bucketDays(key, input) : days)
        }.sorted { $0.key < $1.key }
        return InventoryKPIReport(from: input.from, to: input.to, groupBy: input.groupBy, total: total.kpi(key: "all", days: days), items: items)
    }

    struct Accumulator {
        var served = 0, lost = 0, lostCents = 0, cogs = 0, servedLines = 0, lostLines = 0
        var stockValueDays = 0.0, stockoutDays = 0, lostDays = 0, closingValue = 0

        func kpi(key: String, days: Int) -> InventoryKPI {
            let average = stockValueDays / Double(max(days, 1))
            let turnover = average > 0 ? Double(cogs) / average : 0
            let dailyCOGS = Double(cogs) / Double(max(days, 1))
            let lines = servedLines + lostLines
            return InventoryKPI(
                key: key, servedUnits: served, lostSales: lost, lostSalesCents: lostCents, cogsCents: cogs, averageInventoryValueCents: Int(average.rounded()),
                turnover: turnover, turnoverPerYear: turnover * 365 / Double(max(days, 1)),
                daysOfCover: dailyCOGS > 0 ? Double(closingValue) / dailyCOGS : nil,
                fillRate: lines > 0 ? Double(servedLines) / Double(lines) : nil,
                // A day that ended empty and lost sales counts once per pair: the larger of the two counts.
                stockoutDays: max(stockoutDays, lostDays), inventoryValueCents: closingValue)
        }
    }

    static func bucket(_ day: Int, _ grouping: KPIGrouping) -> PlanningDay {
        switch grouping {
        case .week:
            // Weeks start on Monday; 1970-01-01 was a Thursday.
            return PlanningDay(days: day - ((day + 3) % 7 + 7) % 7)
        case .month:
            let (y, m, _) = CivilDate.fromDays(day)
            return PlanningDay(days: CivilDate.toDays(year: y, month: m, day: 1))
        default:
            return PlanningDay(days: day)
        }
    }

    /// Days of a time bucket that fall inside the report's period.
    static func bucketDays(_ key: String, _ input: Input) -> Int {
        guard let start = PlanningDay(key) else { return 1 }
        var end = start.days
        while end + 1 <= input.to.days && bucket(end + 1, input.groupBy) == start { end += 1 }
        return end - max(start.days, input.from.days) + 1
    }
}

extension KPIGrouping {
    var isTime: Bool { self == .day || self == .week || self == .month }
}
