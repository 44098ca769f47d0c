import Foundation

/// An order (its shipment from one warehouse) as dispatch sees it: where, what, and by when. A pickup is the
/// order's returned goods to collect at its address: the routing engine knows deliveries only, so a pickup's
/// weight and volume take room on the van for the whole route, which can only err on the safe side.
public struct PlanningOrder: Sendable {
    public var orderId: String
    public var kind: StopKind
    public var location: GeoPoint
    public var lines: [(product: Product, quantity: Int)]
    /// The customer's delivery window, if they chose one.
    public var window: DateInterval?
    /// The promised delivery time, if any.
    public var promisedAt: Date?
    /// When the order was paid: the baseline serves in this order.
    public var paidAt: Date

    public init(orderId: String, kind: StopKind = .delivery, location: GeoPoint, lines: [(product: Product, quantity: Int)], window: DateInterval? = nil,
                promisedAt: Date? = nil, paidAt: Date) {
        self.orderId = orderId
        self.kind = kind
        self.location = location
        self.lines = lines
        self.window = window
        self.promisedAt = promisedAt
        self.paidAt = paidAt
    }

    public var weightGrams: Int { lines.reduce(0) { $0 + $1.product.weightGrams * $1.quantity } }
    public var volumeMillilitres: Int { lines.reduce(0) { $0 + $1.product.volumeMillilitres * $1.quantity } }
    public var needsInstaller: Bool { kind == .delivery && lines.contains { $0.product.category == .installation } }
    /// The latest arrival that is on time: the window's end, else the promise.
    public var dueBy: Date? { window?.end ?? promisedAt }

    /// The window a plan of `day` must keep: none once it ended before the day began (the attempt failed, or
    /// no van could take it): the order is overdue then, and a window that can never be met again would
    /// leave it out of every plan that follows. It goes as soon as a van can take it instead.
    public func window(on day: PlanningDay) -> DateInterval? {
        window.flatMap { day.seconds(to: $0.end) > 0 ? $0 : nil }
    }

    /// The latest arrival a plan of `day` must keep: its window's end, else a promise not yet passed.
    public func deadline(on day: PlanningDay) -> Date? {
        window(on: day)?.end ?? promisedAt.flatMap { day.seconds(to: $0) > 0 ? $0 : nil }
    }
}
