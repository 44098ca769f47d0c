import Forecasting
import Foundation

/// The live side of stock alerts: sales surges caught while they happen (a flash sale taking off), and the
/// board where staff acknowledge and resolve stock alerts.
public struct StockSignalService: Sendable {
    public typealias Store = DemandStore & StockAlertStore & StockStore & JobStore
    let store: any Store
    let detector: SurgeDetector
    let clock: @Sendable () -> Date

    /// Days of daily history the detector learns the pattern from.
    public static let historyDays = 120

    public init(store: any Store, detector: SurgeDetector = SurgeDetector(), clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.detector = detector
        self.clock = clock
    }

    /// Checks today's sales so far of every SKU × warehouse that sold today against its pattern; raises one
    /// surge alert per pair (none while one is live). Returns the alerts raised.
    public func scanSurges() async throws -> [StockAlert] {
        let now = clock()
        let today = PlanningDay(containing: now)
        let pairs = try await store.demandPairs(on: today)
        guard !pairs.isEmpty else { return [] }
        let from = PlanningDay(days: today.days - Self.historyDays)
        var raised: [StockAlert] = []
        for (warehouseId, group) in Dictionary(grouping: pairs, by: \.warehouseId).sorted(by: { $0.key < $1.key }) {
            let skus = group.map(\.sku).sorted()
            let records = try await store.demand(from: from, to: today, warehouseId: warehouseId, skus: skus)
            let levels = try await store.stockLevels(skus: skus, warehouseId: warehouseId)
            var series: [String: [Double]] = [:]
            for record in records {
                series[record.sku, default: Array(repeating: 0, count: Self.historyDays + 1)][record.day.days - from.days] = Double(record.demandUnits)
            }
            for sku in skus {
                guard let values = series[sku], let alarm = detector.alarms(values).last, alarm.index == values.count - 1 else { continue }
                let available = levels.first { $0.sku == sku }?.available ?? 0
                let cover = alarm.observed > 0 ? Double(available) / alarm.observed : .infinity
                let alert = StockAlert(
                    id: Identifier.make("sal", at: now), warehouseId: warehouseId, sku: sku, kind: .surge,
                    detail: "\(Int(alarm.observed)) sold today against \(String(format: "%.1f", alarm.expected)) expected (score \(String(format: "%.1f", alarm.score))); \(available) available, \(cover.isFinite ? String(format: "%.1f", cover) : "many") days at today's pace",
                    advice: "restock now: run a planning run or order from the supplier; consider moving stock from another warehouse", raisedAt: now)
                if try await store.raiseStockAlert(alert) { raised.append(alert) }
            }
        }
        return raised
    }

    /// Runs the surge scan if this instance wins the job's slot; also keeps today's stock snapshot current
    /// (the last one of a day is its closing stock, which KPIs average).
    public func scanIfDue(owner: String, everySeconds: Double) async throws -> [StockAlert]? {
        let now = clock()
        guard try await store.claimJob("stock-signals", now: now, next: now.addingTimeInterval(everySeconds), owner: owner) else { return nil }
        try await store.snapshotStock(day: PlanningDay(containing: now))
        return try await scanSurges()
    }

    public func alerts(state: AlertState?, kind: StockAlertKind?, warehouseId: String?, sku: String?, before: String?, limit: Int, by user: User) async throws -> [StockAlert] {
        guard user.role.isStaff else { throw LogisticsError.forbidden("staff only") }
        return try await store.stockAlerts(state: state, kind: kind, warehouseId: warehouseId, sku: sku, beforeId: before, limit: limit)
    }

    public func acknowledge(id: String, note: String?, by user: User) async throws -> StockAlert {
        try await move(id: id, from: [.open], to: .acknowledged, note: note, by: user)
    }

    public func resolve(id: String, note: String?, by user: User) async throws -> StockAlert {
        try await move(id: id, from: [.open, .acknowledged], to: .resolved, note: note, by: user)
    }

    func move(id: String, from: Set<AlertState>, to: AlertState, note: String?, by user: User) async throws -> StockAlert {
        guard ReplenishmentService.planners.contains(user.role) else { throw LogisticsError.forbidden("only admin or warehouse staff handle stock alerts") }
        if let note, note.count > 500 { throw LogisticsError.validation(field: "note", message: "at most 500 characters") }
        guard let current = try await store.stockAlert(id: id) else { throw LogisticsError.notFound("stock alert \(id)") }
        guard let moved = try await store.updateStockAlert(id: id, from: from, to: to, by: user.id, at: clock(), note: note) else {
            throw LogisticsError.conflict(.alertState, message: "the alert is \(current.state.rawValue); it cannot become \(to.rawValue)")
        }
        return moved
    }
}
