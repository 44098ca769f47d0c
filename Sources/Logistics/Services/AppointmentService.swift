import Foundation

/// Installation appointments: the customer (or an agent) picks or moves a two-hour slot of the installer crews
/// of the order's warehouse; the slot becomes the order's delivery window, which dispatch plans the stop by.
public struct AppointmentService: Sendable {
    public typealias Store = AppointmentStore & AddressChangeStore & CatalogStore
    let store: any Store
    let orders: OrderService
    let dispatch: DispatchService
    let clock: @Sendable () -> Date

    public init(store: any Store, orders: OrderService, dispatch: DispatchService, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.orders = orders
        self.dispatch = dispatch
        self.clock = clock
    }

    public enum Refusal: String, Sendable {
        /// The order has no installation to book.
        case noInstallation
        /// The van is out, or the order finished: the slot can no longer move.
        case tooLate
        /// The slot starts in less than the lead time.
        case tooSoon
        case slotFull
        /// The warehouse has no installer crew.
        case noCrew
        /// Not the start of a slot (09:00, 11:00, 14:00, 16:00 China time).
        case notASlot
        /// Beyond the two weeks offered.
        case tooFar
    }

    /// The order's installation line's warehouse, or a refusal.
    private func installation(_ order: Order) async throws -> String {
        let categories = Dictionary(try await store.products(skus: order.lines.map(\.sku)).map { ($0.sku, $0.category) }, uniquingKeysWith: { first, _ in first })
        guard let line = order.lines.first(where: { categories[$0.sku] == .installation }) else {
            throw LogisticsError.refused(.appointmentRefused, reason: Refusal.noInstallation.rawValue, message: "this order has no installation to book")
        }
        return line.warehouseId
    }

    private func crews(at warehouseId: String) async throws -> Int {
        try await dispatch.vehicles(warehouseId: warehouseId).filter { $0.active && $0.skills.contains(.install) }.count
    }

    /// The slots of the next two weeks with the crews still free in each.
    public func slots(orderId: String, for user: User) async throws -> [InstallationSlot] {
        let order = try await orders.order(id: orderId, for: user)
        let warehouseId = try await installation(order)
        let now = clock(), today = PlanningDay(containing: now)
        let booked = try await store.bookedSlots(warehouseId: warehouseId, from: today.start,
                                                 to: PlanningDay(days: today.days + InstallationSlots.days).start)
        // The order's own booking does not take a seat from itself.
        var others = booked
        if let mine = order.deliveryWindow?.start, let count = others[mine] { others[mine] = count - 1 }
        return InstallationSlots.offered(from: today, crews: try await crews(at: warehouseId), booked: others, now: now)
    }

    /// Books (or moves to) the slot that starts at `start`.
    public func book(orderId: String, start: Date, by user: User) async throws -> Order {
        guard user.role == .customer || AddressChangeService.agents.contains(user.role) else { throw LogisticsError.forbidden("customers (their own orders) and agents") }
        let order = try await orders.order(id: orderId, for: user)
        let warehouseId = try await installation(order)
        guard InstallationSlots.isSlotStart(start) else {
            throw LogisticsError.refused(.appointmentRefused, reason: Refusal.notASlot.rawValue,
                                         message: "slots start at 09:00, 11:00, 14:00 and 16:00 China time")
        }
        let now = clock()
        guard [.pendingPayment, .paid, .allocated, .picking, .packed, .shipped].contains(order.status) else {
            throw LogisticsError.refused(.appointmentRefused, reason: Refusal.tooLate.rawValue, message: "the order is \(order.status.rawValue): its slot can no longer move")
        }
        guard start.timeIntervalSince(now) >= InstallationSlots.leadSeconds else {
            throw LogisticsError.refused(.appointmentRefused, reason: Refusal.tooSoon.rawValue, message: "a slot can be picked until 2 hours before it starts")
        }
        guard start < PlanningDay(days: PlanningDay(containing: now).days + InstallationSlots.days).start else {
            throw LogisticsError.refused(.appointmentRefused, reason: Refusal.tooFar.rawValue, message: "slots are offered for the next \(InstallationSlots.days) days")
        }
        let crews = try await crews(at: warehouseId)
        guard crews > 0 else {
            throw LogisticsError.refused(.appointmentRefused, reason: Refusal.noCrew.rawValue, message: "no installer crew works from this warehouse")
        }
        let window = DeliveryWindow(start: start, end: start.addingTimeInterval(Double(InstallationSlots.minutes * 60)))
        let event = TrackingEvent(id: Identifier.make("evt", at: now), orderId: orderId, status: order.status, message: "Installation booked",
                                  actor: user.id, source: user.role == .customer ? .customer : .staff, occurredAt: now,
                                  note: ISO8601DateFormatter().string(from: start), tag: .appointment)
        guard try await store.bookSlot(orderId: orderId, expected: order.status, warehouseId: warehouseId, window: window, crews: crews, event: event) else {
            throw LogisticsError.refused(.appointmentRefused, reason: Refusal.slotFull.rawValue, message: "every crew is booked in that slot; pick another")
        }
        if let planId = try await store.readyPlanId(containing: orderId) { _ = try await dispatch.replan(planId: planId, seconds: 1) }
        return try await orders.order(id: orderId, for: user)
    }
}
