import Foundation
import Logging
import Logistics

/// Fills an empty database with the demo mall: warehouses, catalogue, stock, staff, customers and
/// `days` of order history (weekly seasonality, one flash-sale day). The same seed writes the same data.
public struct DemoSeeder: Sendable {
    public static let emailDomain = "@demo.chargemall.cn"
    public static let staff: [(role: Role, name: String, password: String)] = [
        (.admin, "admin", "demo-admin"), (.warehouse, "warehouse", "demo-warehouse"), (.dispatcher, "dispatcher", "demo-dispatcher"),
        (.driver, "driver", "demo-driver"), (.agent, "agent", "demo-agent"),
    ]
    public static let customerPassword = "demo-customer"
    /// The desk's first canned replies; placeholders are filled from the order when an agent picks one.
    static let cannedReplies: [(title: String, text: String, category: ConversationCategory?)] = [
        ("物流进度", "您好，您的订单 {orderNumber} 当前状态：{status}。预计送达：{eta}。{delayReason}。", .whereIsMyOrder),
        ("延误致歉", "非常抱歉让您久等了：{delayReason}。我们已加急处理，预计 {eta} 送达。", .whereIsMyOrder),
        ("快递单号", "您的包裹由 {carrier} 承运，运单号 {waybill}，可在承运商处查询。", nil),
        ("安装预约", "您好，安装师傅会在送达后联系您预约上门时间，请保持电话畅通。", .installation),
        ("退换货说明", "签收 7 天内未使用、未安装的商品可无理由退货；质量问题 15 天内可换货或维修。", .returnOrExchange),
    ]

    let store: any LogisticsStore & DispatchStore & InventoryStore & ServiceDeskStore
    let passwords: PasswordHasher
    public var days = 90
    public var customers = 200
    public var seed: UInt64 = 20_261_111
    /// Orders on an ordinary weekday.
    public var baseOrdersPerDay = 12.0
    /// Days of demand history in all: the synthetic past plus the order history.
    public static let historyDays = 730

    /// Vans and installer crews over the three warehouses, with one driver login each.
    public var vehicles = 12
    public static let driverPassword = "demo-driver"

    public init(store: any LogisticsStore & DispatchStore & InventoryStore & ServiceDeskStore, passwords: PasswordHasher) {
        self.store = store
        self.passwords = passwords
    }

    /// Seeds only when the database has no warehouse yet. Returns whether it seeded.
    public func seedIfEmpty(progress: @Sendable (String) -> Void = { _ in }) async throws -> Bool {
        guard try await store.warehouses().isEmpty else { return false }
        try await seed(progress: progress)
        return true
    }

    public func seed(now: Date = Date(), progress: @Sendable (String) -> Void = { _ in }) async throws {
        let random = SeededRandom(seed: seed)
        try await Identifier.$seeded.withValue(random) {
            try await write(now: now, random: random, progress: progress)
        }
    }

    private func write(now: Date, random: SeededRandom, progress: @Sendable (String) -> Void) async throws {
        var rng = random
        let dayStart = Double(Int(now.timeIntervalSince1970 / 86_400) * 86_400) - 8 * 3600  // Shenzhen midnight (UTC+8)
        let start = Date(timeIntervalSince1970: dayStart - Double(days) * 86_400)
        for warehouse in DemoCatalog.warehouses { try await store.insertWarehouse(warehouse) }
        for product in DemoCatalog.products { try await store.upsertProduct(product) }
        try await store.record(
            DemoCatalog.warehouses.flatMap { warehouse in
                DemoCatalog.products.map { StockMovementRequest(warehouseId: warehouse.id, sku: $0.sku, kind: .receipt, quantity: DemoCatalog.initialStock(for: $0), note: "opening stock") }
            }, at: start)
        progress("catalogue: \(DemoCatalog.products.count) SKUs in \(DemoCatalog.warehouses.count) warehouses")

        // Two years of the mall's past before the order history: daily demand and closing stock, the event
        // calendar and the suppliers, so forecasts, alerts and KPIs have something real on a fresh install.
        let today = PlanningDay(containing: now)
        let historyStart = PlanningDay(containing: start)
        let pastStart = PlanningDay(days: historyStart.days - (Self.historyDays - days))
        let events = DemoDemandHistory.promotions(today: today, flashSaleDays: [PlanningDay(days: pastStart.days + 200), PlanningDay(days: historyStart.days + max(0, days - 14))])
        for supplier in DemoDemandHistory.suppliers { try await store.saveSupplier(supplier) }
        for event in events { try await store.insertPromotion(event) }
        let past = DemoDemandHistory.generate(from: pastStart, to: historyStart, today: today, events: events, seed: seed)
        try await store.importDemand(past.demand)
        try await store.saveStockSnapshots(past.snapshots)
        progress("the past: \(Self.historyDays - days) days of demand before the orders (\(past.demand.count) SKU-days), \(DemoDemandHistory.suppliers.count) suppliers, \(events.count) calendar events")
        let calendarFactor: (PlanningDay) -> Double = { day in
            events.filter { $0.kind != .flashSale && $0.startDate.days <= day.days && $0.endDate.days >= day.days }.reduce(1) { $0 * ($1.uplift ?? 1) }
        }

        var admin: User?
        for member in Self.staff {
            let user = User(id: "usr_demo_\(member.name)", email: member.name + Self.emailDomain, name: "Demo \(member.name)", phone: "+86 755 0000 000\(Self.staff.firstIndex { $0.name == member.name }!)", role: member.role, createdAt: start)
            try await store.insertUser(user, passwordHash: try await passwords.hash(member.password))
            if member.role == .admin { admin = user }
        }
        for (index, reply) in Self.cannedReplies.enumerated() {
            try await store.insertCannedReply(CannedReply(id: "rpl_demo_\(index + 1)", title: reply.title, text: reply.text, category: reply.category,
                                                          createdBy: admin?.id ?? "usr_demo_admin", createdAt: start))
        }
        // The fleet, and a driver login per vehicle (driver01@…, driver02@…), all with the staff driver's password.
        let driverHash = try await passwords.hash(Self.driverPassword)
        for (index, vehicle) in DemoDispatchDay.fleet(count: vehicles).enumerated() {
            let number = (index + 1 < 10 ? "0" : "") + String(index + 1)
            let driver = User(id: "usr_demo_driver\(number)", email: "driver\(number)\(Self.emailDomain)", name: "Driver \(number)",
                              phone: "+86 755 0001 00\(number)", role: .driver, createdAt: start)
            try await store.insertUser(driver, passwordHash: driverHash)
            var vehicle = vehicle
            vehicle.driverId = driver.id
            try await store.insertVehicle(vehicle, at: start)
        }
        for station in DemoDispatchDay.chargingStations() { try await store.insertChargingStation(station, at: start) }
        // Two waves a day per warehouse, each plan left ready for a dispatcher to look at and publish.
        for warehouse in DemoCatalog.warehouses {
            let cutoffs = CutoffSchedule(warehouseId: warehouse.id, minutes: [7 * 60, 13 * 60], seconds: 20)
            try await store.setCutoffSchedule(cutoffs, nextRunAt: cutoffs.nextRun(after: now))
        }
        progress("fleet: \(vehicles) vehicles and their drivers, \(DemoDispatchDay.chargingStations().count) chargers; cut-offs at 07:00 and 13:00")
        // One hash for every demo customer: bcrypt is deliberately slow, and they share the password.
        let customerHash = try await passwords.hash(Self.customerPassword)
        var buyers: [(user: User, address: Address)] = []
        let totalWeight = DemoCatalog.districts.reduce(0) { $0 + $1.weight }
        for index in 1...customers {
            let number = String(repeating: "0", count: 3 - min(3, String(index).count)) + String(index)
            let user = User(id: "usr_demo_c\(number)", email: "customer\(number)\(Self.emailDomain)", name: "Customer \(number)", phone: "+86 138 0000 \(number)0", role: .customer, createdAt: start)
            try await store.insertUser(user, passwordHash: customerHash)
            var pick = Int(rng.next() % UInt64(totalWeight))
            let district = DemoCatalog.districts.first { pick -= $0.weight; return pick < 0 }!
            let lat = district.latitude + (Double(rng.next() % 2001) / 1000 - 1) * district.spread
            let lon = district.longitude + (Double(rng.next() % 2001) / 1000 - 1) * district.spread
            let address = Address(id: "adr_demo_c\(number)", customerId: user.id, recipient: user.name, phone: user.phone, region: "Shenzhen \(district.name)",
                                  detail: "Building \(rng.next() % 40 + 1), Unit \(rng.next() % 30 + 1)01", latitude: lat, longitude: lon)
            try await store.insertAddress(address)
            buyers.append((user, address))
        }
        progress("people: \(Self.staff.count) staff, \(customers) customers")

        let flashDay = max(0, days - 14)
        var placed = 0
        for day in 0..<days {
            let date = start.addingTimeInterval(Double(day) * 86_400)
            try await restock(at: date)
            // Weekly shape: weekends sell most (people install on their day off), Monday least.
            let weekday = (Int(date.timeIntervalSince1970 / 86_400) + 4) % 7  // 0 = Sunday
            let factor = [1.45, 0.8, 0.9, 0.95, 1.0, 1.2, 1.6][weekday]
            let noise = 0.8 + Double(rng.next() % 401) / 1000
            var count = Int((baseOrdersPerDay * factor * noise * calendarFactor(PlanningDay(containing: date.addingTimeInterval(12 * 3600)))).rounded())
            if day == flashDay { count += 150 }
            for n in 0..<count {
                let time = date.addingTimeInterval(8 * 3600 + Double(rng.next() % (15 * 3600)))
                guard time < now else { continue }
                let buyer = buyers[Int(rng.next() % UInt64(buyers.count))]
                let lines = day == flashDay && n >= count - 150 ? [PlaceOrderCommand.Line(sku: "WB-7KW-SMART", quantity: 1)] : basket(&rng)
                let orders = OrderService(store: store, clock: { time })
                guard let order = try? await orders.place(PlaceOrderCommand(lines: lines, addressId: buyer.address.id), by: buyer.user, idempotencyKey: nil).order else { continue }
                placed += 1
                try await advance(order, placedAt: time, now: now, admin: admin!, buyer: buyer.user, roll: rng.next() % 100)
            }
            try await store.snapshotStock(day: PlanningDay(containing: date.addingTimeInterval(12 * 3600)))
            if day % 10 == 9 || day == days - 1 { progress("history: day \(day + 1)/\(days), \(placed) orders") }
        }
        // Unpaid demo orders lapse as they would have in production.
        try await OrderService(store: store, clock: { now }).expireReservations(limit: 10_000)
        let counted = try await stockTake(now: now)
        try await store.snapshotStock(day: PlanningDay(containing: now))
        progress("stock-take: \(counted) levels set to the scenario (some short, one SKU short only at Nanshan, some overstocked)")
    }

    /// The supplier rule above keeps every level far above demand; a stock-take sets the levels a planner
    /// meets on a real morning: most SKUs with about 40 days of cover, some running short everywhere, some
    /// short at Nanshan only (another warehouse can send them), some left overstocked.
    private func stockTake(now: Date) async throws -> Int {
        let today = PlanningDay(containing: now)
        let recent = try await store.demand(from: PlanningDay(days: today.days - 56), to: today, warehouseId: nil, skus: nil)
        var rate: [StockKey: Double] = [:]
        for record in recent { rate[StockKey(warehouseId: record.warehouseId, sku: record.sku), default: 0] += Double(record.demandUnits) / 56 }
        let products = DemoCatalog.products.filter { $0.category != .installation }
        var movements: [StockMovementRequest] = []
        for level in try await store.stockLevels(skus: nil, warehouseId: nil) {
            guard let index = products.firstIndex(where: { $0.sku == level.sku }) else { continue }
            let daily = rate[StockKey(warehouseId: level.warehouseId, sku: level.sku)] ?? 0
            let coverDays: Double? = switch index % 6 {
            case 1: 3
            case 3: level.warehouseId == "wh_nanshan" ? 2 : nil
            case 5: nil
            default: 40
            }
            guard let coverDays else { continue }
            let target = max(level.reserved, Int((daily * coverDays).rounded(.up)) + (coverDays > 10 ? 2 : 0))
            if target != level.onHand {
                movements.append(StockMovementRequest(warehouseId: level.warehouseId, sku: level.sku, kind: .adjustment, quantity: target - level.onHand, note: "stock-take"))
            }
        }
        try await store.record(movements, at: now.addingTimeInterval(-60))
        return movements.count
    }

    private func basket(_ rng: inout SeededRandom) -> [PlaceOrderCommand.Line] {
        let byCategory = Dictionary(grouping: DemoCatalog.products, by: \.category)
        let roll = rng.next() % 100
        let category: ProductCategory = roll < 28 ? .wallCharger : roll < 48 ? .portableCharger : roll < 68 ? .cable : roll < 82 ? .adapter : .sparePart
        let options = byCategory[category]!
        let main = options[Int(rng.next() % UInt64(options.count))]
        var lines = [PlaceOrderCommand.Line(sku: main.sku, quantity: category == .sparePart || category == .adapter ? Int(rng.next() % 3) + 1 : 1)]
        if category == .wallCharger, rng.next() % 10 < 7 { lines.append(.init(sku: "IN-STANDARD", quantity: 1)) }
        if category == .wallCharger, rng.next() % 10 < 2 { lines.append(.init(sku: "CB-T2T2-5M", quantity: 1)) }
        return lines
    }

    /// Moves an order along as far as its age allows, with the timestamps it would have had.
    private func advance(_ order: Order, placedAt: Date, now: Date, admin: User, buyer: User, roll: UInt64) async throws {
        @Sendable func at(_ hours: Double) -> Date { placedAt.addingTimeInterval(hours * 3600) }
        if roll < 5 { return }  // never paid: expires
        if roll < 8 {
            _ = try await OrderService(store: store, clock: { at(0.2) }).cancel(id: order.id, by: buyer, reason: "changed my mind")
            return
        }
        guard at(0.05) < now else { return }
        _ = try await OrderService(store: store, clock: { at(0.05) }).pay(orderId: order.id, amountCents: order.totalCents, providerReference: "demo-\(order.number)")
        var steps: [(OrderStatus, Double)] = [(.allocated, 0.3), (.picking, 2), (.packed, 4), (.shipped, 8), (.outForDelivery, 22)]
        if roll < 12 {
            steps += [(.deliveryFailed, 26), (.outForDelivery, 46), (.delivered, 50)]
        } else if roll < 13 {
            steps += [(.deliveryFailed, 26), (.returned, 72)]
        } else {
            steps += [(.delivered, 27)]
        }
        for (status, hours) in steps where at(hours) < now {
            _ = try await OrderService(store: store, clock: { at(hours) }).transition(id: order.id, to: status, by: admin, note: nil)
        }
    }

    /// Suppliers top up any level that fell below a third of its opening stock.
    private func restock(at date: Date) async throws {
        let opening = Dictionary(uniqueKeysWithValues: DemoCatalog.products.map { ($0.sku, DemoCatalog.initialStock(for: $0)) })
        let low = try await store.stockLevels(skus: nil, warehouseId: nil).filter { $0.available * 3 < (opening[$0.sku] ?? 0) }
        guard !low.isEmpty else { return }
        try await store.record(low.map { StockMovementRequest(warehouseId: $0.warehouseId, sku: $0.sku, kind: .receipt, quantity: opening[$0.sku] ?? 0, note: "supplier delivery") }, at: date.addingTimeInterval(7 * 3600))
    }
}
