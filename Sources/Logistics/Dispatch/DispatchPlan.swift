import Foundation

/// A warehouse's delivery plan for a day: routes of stops, orders left out with what happens to them,
/// and the figures a dispatcher judges it by.
public struct DispatchPlan: Codable, Equatable, Sendable {
    public var id: String
    public var warehouseId: String
    /// The local day, `YYYY-MM-DD`.
    public var date: String
    public var status: PlanStatus
    public var figures: PlanFigures
    public var routes: [PlannedRoute]
    public var unassigned: [UnassignedOrder]
    /// Why planning failed, when it did.
    public var error: String?
    public var trigger: PlanTrigger

    public init(id: String, warehouseId: String, date: String, status: PlanStatus, figures: PlanFigures,
                routes: [PlannedRoute], unassigned: [UnassignedOrder], error: String? = nil, trigger: PlanTrigger = .request) {
        self.trigger = trigger
        self.id = id
        self.warehouseId = warehouseId
        self.date = date
        self.status = status
        self.figures = figures
        self.routes = routes
        self.unassigned = unassigned
        self.error = error
    }
}

public enum PlanStatus: String, Codable, CaseIterable, Sendable {
    /// Replaced by a later published plan of the same warehouse and day before any of its routes started.
    case planning, ready, published, failed, superseded
}

/// A route's progress on the road.
public enum RouteStatus: String, Codable, CaseIterable, Sendable {
    /// Not started; `superseded` when a later plan of the day took its orders before it started.
    case planned, started, finished, superseded

    /// Started or still to start: its stops are the vans' work.
    public var isLive: Bool { self == .planned || self == .started }
}

public struct PlanFigures: Codable, Equatable, Sendable {
    public var km: Double
    public var vehicleHours: Double
    public var vehicles: Int
    public var stops: Int
    /// Share of stops reached by their window's end or promise (1 when none has one).
    public var onTimeShare: Double
    public var costCents: Int
    /// Energy of the electric vans' routes, nil when none is electric.
    public var kWh: Double?
    /// What that energy costs (part of `costCents`): charged on the way at the hour's price, the rest at the
    /// overnight price; nil when no van is electric.
    public var energyCostCents: Int?
    /// What the zone rule costs, when some van keeps to its districts: the same day planned without it.
    public var zoneRule: ZoneRuleCost?

    public static let empty = PlanFigures(km: 0, vehicleHours: 0, vehicles: 0, stops: 0, onTimeShare: 1, costCents: 0, kWh: nil)

    public init(km: Double, vehicleHours: Double, vehicles: Int, stops: Int, onTimeShare: Double, costCents: Int, kWh: Double?,
                energyCostCents: Int? = nil) {
        self.energyCostCents = energyCostCents
        self.km = km
        self.vehicleHours = vehicleHours
        self.vehicles = vehicles
        self.stops = stops
        self.onTimeShare = onTimeShare
        self.costCents = costCents
        self.kWh = kWh
    }
}

/// The km a plan drives with vans kept to their districts, against the same orders planned freely.
public struct ZoneRuleCost: Codable, Equatable, Sendable {
    public var kmWithoutRule: Double
    public var extraKm: Double
    public var onTimeShareWithoutRule: Double

    public init(kmWithoutRule: Double, extraKm: Double, onTimeShareWithoutRule: Double) {
        self.kmWithoutRule = kmWithoutRule
        self.extraKm = extraKm
        self.onTimeShareWithoutRule = onTimeShareWithoutRule
    }
}

/// One van's day.
public struct PlannedRoute: Codable, Equatable, Sendable {
    public var id: String
    public var vehicleId: String
    public var driverId: String?
    public var departure: Date
    public var returnAt: Date
    public var km: Double
    public var stops: [PlannedStop]
    public var status: RouteStatus = .planned
    /// Energy the route needs, for an electric van (its km at the van's kWh per km); nil otherwise.
    public var kWh: Double?
    /// Where an electric van charges on the way, in driving order; empty when one battery does the route.
    public var chargingStops: [ChargingStop]

    public init(id: String, vehicleId: String, driverId: String?, departure: Date, returnAt: Date, km: Double, stops: [PlannedStop], kWh: Double? = nil,
                chargingStops: [ChargingStop] = []) {
        self.kWh = kWh
        self.chargingStops = chargingStops
        self.id = id
        self.vehicleId = vehicleId
        self.driverId = driverId
        self.departure = departure
        self.returnAt = returnAt
        self.km = km
        self.stops = stops
    }
}

/// What the van does at a stop.
public enum StopKind: String, Codable, CaseIterable, Sendable {
    /// Hands the order over (and installs what it includes).
    case delivery
    /// Collects the goods of the order's approved own-fleet returns and brings them back to the warehouse.
    case pickup
}

public struct PlannedStop: Codable, Equatable, Sendable {
    public var id: String
    public var orderId: String
    public var kind: StopKind
    public var location: GeoPoint
    /// 1 for the first stop.
    public var sequence: Int
    public var plannedArrival: Date
    /// The live estimate; equals `plannedArrival` until traffic or the driver's progress moves it.
    public var eta: Date
    public var serviceMinutes: Int
    public var dueBy: Date?
    /// When the customer's window opens, if they chose one (a van that comes earlier waits).
    public var windowStart: Date?
    public var status: StopStatus
    /// Kept on its route's vehicle by a dispatcher when the plan is re-optimised.
    public var pinned: Bool

    public init(id: String, orderId: String, kind: StopKind = .delivery, location: GeoPoint, sequence: Int, plannedArrival: Date, eta: Date,
                serviceMinutes: Int, dueBy: Date?, windowStart: Date? = nil, status: StopStatus, pinned: Bool = false) {
        self.id = id
        self.orderId = orderId
        self.kind = kind
        self.location = location
        self.sequence = sequence
        self.plannedArrival = plannedArrival
        self.eta = eta
        self.serviceMinutes = serviceMinutes
        self.dueBy = dueBy
        self.windowStart = windowStart
        self.status = status
        self.pinned = pinned
    }

    public var isOnTime: Bool { dueBy.map { eta <= $0 } ?? true }
}

public enum StopStatus: String, Codable, CaseIterable, Sendable {
    /// `cancelled`: the order was cancelled before its van set out; the stop is skipped.
    case pending, arrived, delivered, failed, cancelled
}

/// An order the plan leaves out, why, and what becomes of it.
public struct UnassignedOrder: Codable, Equatable, Sendable {
    public var orderId: String
    public var reason: UnassignedReason
    public var action: UnassignedAction

    public init(orderId: String, reason: UnassignedReason, action: UnassignedAction) {
        self.orderId = orderId
        self.reason = reason
        self.action = action
    }
}

public enum UnassignedReason: String, Codable, CaseIterable, Sendable {
    /// Heavier or bulkier than any van.
    case tooLarge
    /// Needs an installer and no van of the warehouse has one.
    case noInstaller
    /// Even a van leaving at the start of its shift straight to the door arrives after the window.
    case windowUnreachable
    /// The vans are full (capacity or shift hours) with orders that are due sooner.
    case fleetFull
    /// The round trip is longer than any suitable van's range on one charge.
    case outOfRange
}

/// The stated rule for an order the fleet cannot take: due today → a third-party carrier picks it up
/// today (a waybill keeps the promise as best it can); due later or never promised → tomorrow's plan.
public enum UnassignedAction: String, Codable, CaseIterable, Sendable {
    case carrier, nextDay
}
