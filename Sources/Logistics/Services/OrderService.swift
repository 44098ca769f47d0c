import Foundation

/// A customer's request to buy: SKUs and quantities, to a saved address.
public struct PlaceOrderCommand: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        public var sku: String
        public var quantity: Int
        public init(sku: String, quantity: Int) {
            self.sku = sku
            self.quantity = quantity
        }
    }
    public var lines: [Line]
    public var addressId: String
    public var deliveryWindow: DeliveryWindow?

    public init(lines: [Line], addressId: String, deliveryWindow: DeliveryWindow? = nil) {
        self.lines = lines
        self.addressId = addressId
        self.deliveryWindow = deliveryWindow
    }

    /// A stable fingerprint of the request, to tell a retry from a different request with the same key.
    var fingerprint: String {
        let lineText = lines.map { "\($0.sku)x\($0.quantity)" }.joined(separator: ",")
        let window = deliveryWindow.map { "\($0.start.timeIntervalSince1970)-\($0.end.timeIntervalSince1970)" } ?? "-"
        return "\(addressId)|\(lineText)|\(window)"
    }
}

/// The order life cycle: placement with reservation, payment, staff steps, cancellation, expiry.
public struct OrderService: Sendable {
    /// Placing an order reads the catalogue, the stock and the customer's address before it writes.
    public typealias Store = OrderStore & CatalogStore & AddressStore & StockStore & DemandStore
    let store: any Store
    let settings: OrderSettings
    let clock: @Sendable () -> Date

    public init(store: any Store, settings: OrderSettings = OrderSettings(), clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.settings = settings
        // Times are stored in whole milliseconds; keeping the clock at that precision makes what a call
        // returns identical to what a later read (or an idempotent replay) returns.
        self.clock = { Date(timeIntervalSince1970: (clock().timeIntervalSince1970 * 1000).rounded() / 1000) }
    }

    /// Places an order and reserves its stock. A retry with the same idempotency key returns the first order.
    /// - Returns: the order and whether it was created now (false for an idempotent replay).
    public func place(_ command: PlaceOrderCommand, by customer: User, idempotencyKey: String?) async throws -> (order: Order, created: Bool) {
        if let key = idempotencyKey, let previous = try await replay(key: key, customer: customer, command: command) {
            return (previous, false)
        }
        // What does not exist is a 404 before any rule about the request is a 422.
        guard let address = try await store.address(id: command.addressId), address.customerId == customer.id else {
            throw LogisticsError.notFound("address \(command.addressId)")
        }
        let demand = try validatedDemand(command)
        if let window = command.deliveryWindow, window.end <= window.start {
            throw LogisticsError.validation(field: "deliveryWindow", message: "end must be after start")
        }
        let products = Dictionary(uniqueKeysWithValues: try await store.products(skus: Array(demand.keys)).map { ($0.sku, $0) })
        for sku in demand.keys.sorted() where products[sku]?.active != true { throw LogisticsError.unknownSKU(sku) }
        let warehouses = try await store.warehouses()

        var lastError: Error = LogisticsError.insufficientStock(sku: "", requested: 0, available: 0)
        for _ in 0..<max(1, settings.placementAttempts) {
            let levels = try await store.stockLevels(skus: Array(demand.keys), warehouseId: nil)
            var available: Allocation.Availability = [:]
            for level in levels { available[level.warehouseId, default: [:]][level.sku] = level.available }
            let picks: [Allocation.Pick]
            do {
                picks = try Allocation.allocate(demand: demand, warehouses: warehouses, available: available, destination: address.location)
            } catch {
                try await recordLostSale(demand, near: address.location, warehouses: warehouses)
                throw error
            }
            let order = makeOrder(command: command, customer: customer, address: address, picks: picks, products: products)
            do {
                let placed = try await store.placeOrder(
                    OrderPlacement(order: order, picks: picks, idempotencyKey: idempotencyKey, requestHash: command.fingerprint))
                return (placed, true)
            } catch let error as LogisticsError {
                switch error {
                case .insufficientStock, .conflict(.orderNumberTaken, _):
                    // A racing order took the stock, or the random order number was taken: try again
                    // on fresh figures with a new number.
                    lastError = error
                default:
                    throw error
                }
            } catch {
                // A concurrent retry with the same key may have won the insert. A look that fails (the database
                // is gone) must not hide why the placement failed: the first error is the answer then.
                if let key = idempotencyKey, let previous = try? await replay(key: key, customer: customer, command: command) {
                    return (previous, false)
                }
                throw error
            }
        }
        if case .insufficientStock = lastError as? LogisticsError {
            try await recordLostSale(demand, near: address.location, warehouses: warehouses)
        }
        throw lastError
    }

    /// An order refused for lack of stock is demand all the same: every line of it is a lost sale at the
    /// warehouse nearest the customer, so the forecast does not learn that nobody wanted the items.
    private func recordLostSale(_ demand: [String: Int], near location: GeoPoint, warehouses: [Warehouse]) async throws {
        guard let nearest = warehouses.min(by: {
            let a = $0.location.distanceMetres(to: location), b = $1.location.distanceMetres(to: location)
            return a == b ? $0.id < $1.id : a < b
        }) else { return }
        let day = PlanningDay(containing: clock())
        try await store.recordDemand(demand.keys.sorted().map { sku in
            DemandRecord(warehouseId: nearest.id, sku: sku, day: day, lostUnits: demand[sku]!, lostLines: 1)
        })
    }

    private func replay(key: String, customer: User, command: PlaceOrderCommand) async throws -> Order? {
        guard let (order, hash) = try await store.order(customerId: customer.id, idempotencyKey: key) else { return nil }
        guard hash == command.fingerprint else { throw LogisticsError.idempotencyKeyReused }
        return order
    }

    private func validatedDemand(_ command: PlaceOrderCommand) throws(LogisticsError) -> [String: Int] {
        guard !command.lines.isEmpty else { throw .validation(field: "lines", message: "at least one line") }
        guard command.lines.count <= settings.maxLinesPerOrder else {
            throw .validation(field: "lines", message: "at most \(settings.maxLinesPerOrder) lines")
        }
        var demand: [String: Int] = [:]
        for (index, line) in command.lines.enumerated() {
            guard line.quantity > 0, line.quantity <= settings.maxQuantityPerLine else {
                throw .validation(field: "lines[\(index)].quantity", message: "must be between 1 and \(settings.maxQuantityPerLine)")
            }
            guard !line.sku.isEmpty, line.sku.count <= 40 else { throw .unknownSKU(line.sku) }
            demand[line.sku, default: 0] += line.quantity
        }
        for (sku, quantity) in demand where quantity > settings.maxQuantityPerLine {
            throw .validation(field: "lines", message: "\(sku): at most \(settings.maxQuantityPerLine) units per order")
        }
        return demand
    }

    private func makeOrder(command: PlaceOrderCommand, customer: User, address: Address, picks: [Allocation.Pick], products: [String: Product]) -> Order {
        let now = clock()
        let id = Identifier.make("ord", at: now)
        let lines = picks.map { pick in
            OrderLine(sku: pick.sku, name: products[pick.sku]!.name, quantity: pick.quantity, unitPriceCents: products[pick.sku]!.priceCents, warehouseId: pick.warehouseId)
        }
        var shipments: [Shipment] = []
        for warehouseId in picks.map(\.warehouseId) where !shipments.contains(where: { $0.warehouseId == warehouseId }) {
            shipments.append(Shipment(id: Identifier.make("shp", at: now), warehouseId: warehouseId))
        }
        let event = TrackingEvent(
            id: Identifier.make("evt", at: now), orderId: id, status: .pendingPayment,
            message: OrderStatus.pendingPayment.sentence, actor: customer.id, source: .customer, occurredAt: now)
        return Order(
            id: id, number: Self.orderNumber(at: now), customerId: customer.id, status: .pendingPayment, lines: lines,
            shipments: shipments, address: address.snapshot, totalCents: lines.reduce(0) { $0 + $1.quantity * $1.unitPriceCents },
            deliveryWindow: command.deliveryWindow, promisedDate: now.addingTimeInterval(Double(settings.promiseDays) * 86_400),
            reservationExpiresAt: now.addingTimeInterval(settings.reservationSeconds), paymentReference: nil,
            createdAt: now, updatedAt: now, timeline: [event])
    }

    /// An exchange's replacement: the same goods from the original's warehouses to the original's address, at no
    /// charge, reserved now and paid at once (there is nothing to pay), then shipped like any order. Idempotent on
    /// `reference`: a retry returns the order the first call placed.
    public func placeReplacement(of original: Order, lines: [ReturnLine], reference: String) async throws -> Order {
        let key = "replacement:\(reference)"
        if let (previous, _) = try await store.order(customerId: original.customerId, idempotencyKey: key) {
            return previous.status == .pendingPayment ? try await pay(orderId: previous.id, amountCents: 0, providerReference: reference) : previous
        }
        let now = clock()
        let id = Identifier.make("ord", at: now)
        let orderLines = lines.map { line in
            let source = original.lines.first { $0.sku == line.sku }
            return OrderLine(sku: line.sku, name: source?.name ?? line.sku, quantity: line.quantity, unitPriceCents: 0,
                             warehouseId: source?.warehouseId ?? original.lines[0].warehouseId)
        }
        var shipments: [Shipment] = []
        for warehouseId in orderLines.map(\.warehouseId) where !shipments.contains(where: { $0.warehouseId == warehouseId }) {
            shipments.append(Shipment(id: Identifier.make("shp", at: now), warehouseId: warehouseId))
        }
        let event = TrackingEvent(id: Identifier.make("evt", at: now), orderId: id, status: .pendingPayment, message: OrderStatus.pendingPayment.sentence,
                                  actor: "service", source: .staff, occurredAt: now, note: "replacement for order \(original.number)")
        let order = Order(id: id, number: Self.orderNumber(at: now), customerId: original.customerId, status: .pendingPayment, lines: orderLines,
                          shipments: shipments, address: original.address, totalCents: 0, deliveryWindow: nil,
                          promisedDate: now.addingTimeInterval(Double(settings.promiseDays) * 86_400),
                          reservationExpiresAt: now.addingTimeInterval(settings.reservationSeconds), paymentReference: nil, createdAt: now, updatedAt: now,
                          timeline: [event])
        let picks = orderLines.map { Allocation.Pick(warehouseId: $0.warehouseId, sku: $0.sku, quantity: $0.quantity) }
        let placed = try await store.placeOrder(OrderPlacement(order: order, picks: picks, idempotencyKey: key, requestHash: reference))
        return try await pay(orderId: placed.id, amountCents: 0, providerReference: reference)
    }

    /// `CM` + UTC date + 8 random digits: short enough to read out on the phone.
    static func orderNumber(at date: Date) -> String {
        let days = Int(date.timeIntervalSince1970 / 86_400)
        let (y, m, d) = CivilDate.fromDays(days)
        func padded(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "CM" + padded(y, 4) + padded(m, 2) + padded(d, 2) + padded(Int(Identifier.random() % 100_000_000), 8)
    }

    // MARK: Reading

    /// The order if `user` may see it; another customer's order is reported as not found.
    public func order(id: String, for user: User) async throws -> Order {
        guard let order = try await store.displayOrder(id: id), order.isVisible(to: user) else {
            throw LogisticsError.notFound("order \(id)")
        }
        return order
    }

    public func orders(for user: User, status: OrderStatus?, before: String?, limit: Int) async throws -> [Order] {
        try await store.orders(customerId: user.role.seesAllOrders ? nil : user.id, status: status, before: before, limit: limit)
    }

    // MARK: Changing

    /// Anyone who may (the customer, an agent, an admin, the warehouse) cancels an order until it ships, with no
    /// one to ask: the stock is released and a paid order's refund recorded in the same step. Once shipped, it is
    /// a return.
    public func cancel(id: String, by user: User, reason: String?) async throws -> Order {
        let order = try await self.order(id: id, for: user)
        if user.role == .customer, order.status.hasShipped || order.status.isTerminal {
            throw LogisticsError.conflict(.cancellationClosed, message: order.status.hasShipped
                ? "the parcel has left the warehouse: ask for a return once it arrives" : "this order is \(order.status.rawValue) and cannot be cancelled")
        }
        if user.role.isStaff, !OrderStatus.cancelled.rolesAllowedToEnter.contains(user.role) {
            throw LogisticsError.transitionNotPermitted(role: user.role, to: .cancelled)
        }
        return try await move(order, to: .cancelled, actor: user.id, source: user.role == .customer ? .customer : .staff, note: reason)
    }

    /// One staff step through the status machine, checked against the caller's role.
    public func transition(id: String, to next: OrderStatus, by user: User, note: String?) async throws -> Order {
        guard user.role.isStaff else { throw LogisticsError.forbidden("staff only") }
        let order = try await self.order(id: id, for: user)
        guard next.rolesAllowedToEnter.contains(user.role) else { throw LogisticsError.transitionNotPermitted(role: user.role, to: next) }
        return try await move(order, to: next, actor: user.id, source: user.role == .driver ? .driver : .staff, note: note)
    }

    /// Records a payment. Repeating the same callback returns the paid order unchanged.
    public func pay(orderId: String, amountCents: Int, providerReference: String) async throws -> Order {
        guard let order = try await store.order(id: orderId) else { throw LogisticsError.notFound("order \(orderId)") }
        if order.status != .pendingPayment {
            if order.paymentReference == providerReference { return order }
            if order.paymentReference != nil { throw LogisticsError.conflict(.alreadyPaid, message: "order was paid with another reference") }
            throw LogisticsError.orderNotPayable(order.status)
        }
        guard amountCents == order.totalCents else { throw LogisticsError.amountMismatch(expected: order.totalCents, received: amountCents) }
        do {
            return try await move(order, to: .paid, actor: "payment", source: .payment, note: nil, paymentReference: providerReference)
        } catch LogisticsError.conflict(.concurrentUpdate, _) {
            // Lost a race with expiry or a duplicate callback: answer from what won.
            return try await pay(orderId: orderId, amountCents: amountCents, providerReference: providerReference)
        }
    }

    /// Cancels unpaid orders whose reservation lapsed, releasing their stock, in batches of `limit`, up to
    /// `maxBatches` a sweep: after a flash sale thousands lapse within minutes, and one batch every sweep
    /// would hold their stock for the better part of an hour. Returns how many were cancelled, and whether
    /// the sweep stopped with more still due (the caller should sweep again soon rather than on its beat).
    @discardableResult
    public func expireReservations(limit: Int = 200, maxBatches: Int = 10) async throws -> Int {
        try await sweepReservations(limit: limit, maxBatches: maxBatches).expired
    }

    public func sweepReservations(limit: Int = 200, maxBatches: Int = 10) async throws -> (expired: Int, moreDue: Bool) {
        let now = clock()
        var expired = 0
        for _ in 0..<max(1, maxBatches) {
            let batch = try await store.expiredReservations(now: now, limit: limit)
            for id in batch {
                guard let order = try await store.order(id: id), order.status == .pendingPayment else { continue }
                do {
                    _ = try await move(order, to: .cancelled, actor: "system", source: .system, note: "payment not received in time, reservation released")
                    expired += 1
                } catch LogisticsError.conflict(.concurrentUpdate, _) {
                    continue  // paid or cancelled meanwhile
                }
            }
            if batch.count < limit { return (expired, false) }
        }
        return (expired, true)
    }

    private func move(_ order: Order, to next: OrderStatus, actor: String, source: EventSource, note: String?, paymentReference: String? = nil) async throws -> Order {
        let target = try order.status.checkedMove(to: next)
        let now = clock()
        let message = note.map { "\(target.sentence): \($0)" } ?? target.sentence
        let event = TrackingEvent(
            id: Identifier.make("evt", at: now), orderId: order.id, status: target, message: String(message.prefix(500)), actor: actor, source: source,
            occurredAt: now, note: note.map { String($0.prefix(300)) })
        // A paid order that is cancelled owes the money back: recorded with the step, paid by the refund worker.
        let refund = target == .cancelled && order.totalCents > 0 ? order.paymentReference.map { payment in
            Refund(id: Identifier.make("rfd", at: now), orderId: order.id, customerId: order.customerId, amountCents: order.totalCents,
                   reason: String((note ?? "order cancelled").prefix(300)), paymentReference: payment, createdAt: now)
        } : nil
        return try await store.apply(
            OrderStatusChange(orderId: order.id, from: order.status, to: target, event: event,
                              stockEffect: StockEffect.of(from: order.status, to: target), paymentReference: paymentReference, refund: refund, at: now))
    }
}
