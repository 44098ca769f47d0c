import Foundation

/// What drivers do on the road: their published route, stop steps written with their orders' steps and
/// tracking events in one transaction, position pings.
public protocol DriverStore: Sendable {
    /// The driver's route on the published plan of `day`, if any.
    func driverRoute(driverId: String, day: PlanningDay) async throws -> DriverRoute?
    /// A route of a published plan, by id.
    func driverRoute(id: String) async throws -> DriverRoute?
    /// The route holding stop `stopId`.
    func driverRoute(stopId: String) async throws -> DriverRoute?
    /// Marks the route started, applies its orders' steps and inserts `events`; nothing is kept if one step fails.
    func startRoute(id: String, steps: [OrderStatusChange], events: [TrackingEvent], at time: Date) async throws
    /// Moves a stop that is still in `change.from`, inserts `events`, applies `steps` and moves the returns in
    /// `change.collecting` that are still approved to picked up, in one transaction;
    /// the route is finished when no stop is left to visit. A stop no longer in `from` is a
    /// `concurrentUpdate` conflict.
    func updateStop(_ change: StopChange, events: [TrackingEvent], steps: [OrderStatusChange]) async throws
    /// The order's parcels (one per shipment) with their deliveries so far: failed attempts are the
    /// failed delivery stops of published plans of the parcel's warehouse.
    func parcels(orderId: String) async throws -> [Parcel]
    func recordPositions(_ pings: [PositionPing]) async throws
    /// Keeps a photo of a stop with its bytes, unless the stop has one with the same fingerprint already (that
    /// one is returned, `added` false). A stop holding `maxPerStop` photos is a `photoLimit` conflict.
    func addPhoto(_ photo: DeliveryPhoto, data: Data, maxPerStop: Int) async throws -> (photo: DeliveryPhoto, added: Bool)
    /// The attempts at `orderId`'s door on started routes, oldest first, with their photos (without bytes).
    func proofOfDelivery(orderId: String) async throws -> ProofOfDelivery
    /// A photo of `orderId` with its bytes.
    func photo(id: String, orderId: String) async throws -> (photo: DeliveryPhoto, data: Data)?
}

/// A stop's step on the road.
public struct StopChange: Sendable {
    public var stopId: String
    public var from: StopStatus
    public var to: StopStatus
    public var at: Date
    public var recipientName: String?
    public var note: String?
    public var failureReason: String?
    /// A pickup stop's returns (RMA ids) that the van collected.
    public var collecting: [String]
    /// A delivery stop's: the order's parcels the change was decided on. The store refuses the change
    /// (`concurrentUpdate`) when they moved meanwhile (the other van of a split order finished at the same
    /// moment), and marks the stop's parcel delivered with a delivered stop.
    public var parcels: [Parcel]?

    public init(stopId: String, from: StopStatus, to: StopStatus, at: Date, recipientName: String? = nil, note: String? = nil,
                failureReason: String? = nil, collecting: [String] = [], parcels: [Parcel]? = nil) {
        self.collecting = collecting
        self.parcels = parcels
        self.stopId = stopId
        self.from = from
        self.to = to
        self.at = at
        self.recipientName = recipientName
        self.note = note
        self.failureReason = failureReason
    }
}

/// Where a driver was, and when.
public struct PositionPing: Codable, Equatable, Sendable {
    public var driverId: String
    public var routeId: String?
    public var location: GeoPoint
    public var at: Date
    public var receivedAt: Date

    public init(driverId: String, routeId: String?, location: GeoPoint, at: Date, receivedAt: Date) {
        self.driverId = driverId
        self.routeId = routeId
        self.location = location
        self.at = at
        self.receivedAt = receivedAt
    }
}

/// A published route as its driver sees it.
public struct DriverRoute: Codable, Equatable, Sendable {
    public var id: String
    public var planId: String
    public var warehouseId: String
    public var date: String
    public var vehicleId: String
    public var driverId: String?
    public var status: RouteStatus
    public var departure: Date
    public var returnAt: Date
    public var km: Double
    public var stops: [PlannedStop]
    /// Where the van charges on the way (an electric van whose route is longer than one battery).
    public var chargingStops: [ChargingStop]

    public init(id: String, planId: String, warehouseId: String, date: String, vehicleId: String, driverId: String?, status: RouteStatus,
                departure: Date, returnAt: Date, km: Double, stops: [PlannedStop], chargingStops: [ChargingStop] = []) {
        self.chargingStops = chargingStops
        self.id = id
        self.planId = planId
        self.warehouseId = warehouseId
        self.date = date
        self.vehicleId = vehicleId
        self.driverId = driverId
        self.status = status
        self.departure = departure
        self.returnAt = returnAt
        self.km = km
        self.stops = stops
    }
}
