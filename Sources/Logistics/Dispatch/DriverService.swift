import Foundation

/// A driver's day: the published route, starting it, each stop's arrival, delivery or failure, and position
/// pings. Every step is written with its orders' status steps and tracking events in one transaction, so
/// pushes, webhooks and alerts carry it. A driver reaches only their own route (anything else is a 404).
/// A pickup stop runs through the same calls: "deliver" is the goods handed to the driver (the order's
/// approved returns become picked up), "fail" leaves them approved for the next plan.
public struct DriverService: Sendable {
    public typealias Store = DriverStore & OrderStore & ReturnStore
    let store: any Store
    let clock: @Sendable () -> Date
    /// Failed attempts after which an order goes back to the warehouse instead of being planned again.
    public var maxAttempts = 2
    /// How far ahead of the server's clock a ping may be stamped (phones' clocks drift).
    public var pingClockSkewSeconds = 300.0
    /// Pings older than this are refused: a phone that was offline for a day sends what it kept, but a
    /// ping from last week is a bug.
    public var pingMaxAgeSeconds = 86_400.0
    /// A phone photo compressed for upload is 0.5 to 3 MB; 5 MiB leaves room and keeps the database small.
    public static let photoLimitBytes = 5 << 20
    /// Enough for the parcel, the door, a signature and the installed wall box from a few sides.
    public static let photosPerStop = 6
    public var maxPhotoBytes = photoLimitBytes
    public var maxPhotosPerStop = photosPerStop

    public init(store: any Store, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.clock = { Date(timeIntervalSince1970: (clock().timeIntervalSince1970 * 1000).rounded() / 1000) }
    }

    public func routeToday(driver: User) async throws -> DriverRoute {
        guard let route = try await store.driverRoute(driverId: driver.id, day: PlanningDay(containing: clock())) else {
            throw LogisticsError.notFound("route for today")
        }
        return route
    }

    /// Orders go out for delivery (packed ones are shipped first); the stop of an order cancelled or delivered
    /// since the plan was made is skipped. Starting again changes nothing.
    public func start(routeId: String, driver: User) async throws -> DriverRoute {
        let route = try own(try await store.driverRoute(id: routeId), driver: driver, what: "route \(routeId)")
        guard route.status == .planned else { return route }
        let now = clock()
        var steps: [OrderStatusChange] = [], events: [TrackingEvent] = [], notPacked: [String] = [], skipped: [(stopId: String, reason: String)] = []
        for stop in route.stops where stop.status == .pending {
            guard let order = try await store.order(id: stop.orderId) else { continue }
            if stop.kind == .pickup {
                if try await collectable(order.id).isEmpty {
                    skipped.append((stop.id, "nothing left to collect"))
                } else {
                    events.append(PickupNotes.event(.onTheWay, orderId: order.id, status: order.status, value: ISO8601DateFormatter().string(from: stop.eta),
                                                    actor: driver.id, source: .driver, at: now))
                }
                continue
            }
            let path: [OrderStatus]
            switch order.status {
            case .packed: path = [.shipped, .outForDelivery]
            case .shipped, .deliveryFailed: path = [.outForDelivery]
            case .outForDelivery: path = []
            case .cancelled, .returned:
                skipped.append((stop.id, "order cancelled"))
                continue
            case .delivered:
                // Delivered meanwhile by other hands (a carrier took the whole order, staff closed it). Refusing
                // the whole route for it would keep every other order on the van at home. (A split order is
                // delivered with its last parcel, so its parcels still owed never land here.)
                skipped.append((stop.id, "order already delivered"))
                continue
            default:
                notPacked.append(order.number)
                continue
            }
            var from = order.status
            for to in path {
                steps.append(step(order.id, from: from, to: to, driver: driver, note: nil, at: now))
                from = to
            }
        }
        guard notPacked.isEmpty else {
            throw LogisticsError.conflict(.notPacked, message: "not packed yet: \(notPacked.sorted().joined(separator: ", "))")
        }
        for (stopId, reason) in skipped {
            try await store.updateStop(StopChange(stopId: stopId, from: .pending, to: .cancelled, at: now, failureReason: reason), events: [], steps: [])
        }
        try await store.startRoute(id: route.id, steps: steps, events: events, at: now)
        return try own(try await store.driverRoute(id: routeId), driver: driver, what: "route \(routeId)")
    }

    /// The driver is at the door; the customer is told.
    public func arrive(stopId: String, driver: User) async throws -> PlannedStop {
        let (route, stop) = try await stopOnStartedRoute(stopId, driver: driver)
        guard stop.status == .pending else {
            if stop.status == .arrived || stop.status == .delivered { return stop }
            throw LogisticsError.conflict(.stopState, message: "stop \(stopId) is \(stop.status.rawValue)")
        }
        let now = clock()
        let event = stop.kind == .pickup
            ? PickupNotes.event(.arrived, orderId: stop.orderId, status: try await anyOrder(stop.orderId).status, actor: driver.id, source: .driver, at: now)
            : TrackingEvent(id: Identifier.make("evt", at: now), orderId: stop.orderId, status: .outForDelivery,
                            message: "The driver is at your door", actor: driver.id, source: .driver, occurredAt: now, tag: .arrived)
        try await store.updateStop(StopChange(stopId: stopId, from: .pending, to: .arrived, at: now), events: [event], steps: [])
        return try await reread(stopId, in: route.id, driver: driver)
    }

    /// Handed over. Arrival is implied; delivering again returns the delivered stop unchanged. The order is
    /// delivered with its last parcel (`Parcel`).
    public func deliver(stopId: String, recipientName: String, note: String?, driver: User) async throws -> PlannedStop {
        try await againIfParcelsMoved { try await deliverOnce(stopId: stopId, recipientName: recipientName, note: note, driver: driver) }
    }

    private func deliverOnce(stopId: String, recipientName: String, note: String?, driver: User) async throws -> PlannedStop {
        let (route, stop) = try await stopOnStartedRoute(stopId, driver: driver)
        switch stop.status {
        case .delivered: return stop
        case .failed: throw LogisticsError.conflict(.stopState, message: "stop \(stopId) failed; it cannot be delivered now")
        case .cancelled: throw LogisticsError.conflict(.stopState, message: "stop \(stopId) was skipped: its order was cancelled")
        case .pending, .arrived: break
        }
        let name = recipientName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...60).contains(name.count) else { throw LogisticsError.validation(field: "recipientName", message: "1 to 60 characters") }
        let now = clock()
        if stop.kind == .pickup {
            // The goods handed to the driver: each approved return of the order is now on its way back.
            let returns = try await collectable(stop.orderId)
            guard !returns.isEmpty else { throw LogisticsError.conflict(.stopState, message: "stop \(stopId) has nothing left to collect") }
            let events = returns.map { rma in
                var rma = rma
                rma.status = .pickedUp
                return rma.timelineEvent(actor: driver.id, source: .driver, at: now)
            }
            try await store.updateStop(StopChange(stopId: stopId, from: stop.status, to: .delivered, at: now, recipientName: name, note: note,
                                                  collecting: returns.map(\.id)), events: events, steps: [])
            return try await reread(stopId, in: route.id, driver: driver)
        }
        let order = try await currentOrder(stop.orderId)
        let parcels = try await store.parcels(orderId: order.id)
        let path = parcels.orderSteps(afterAttemptAt: route.warehouseId, delivered: true, maxAttempts: maxAttempts)
        let steps = walk(order, path, driver: driver, note: path == [.delivered] ? name : "a parcel was delivered; another could not be", at: now)
        // One parcel of several, the rest still to come: a line of the timeline, the order stays out for delivery.
        let owed = parcels.filter { !$0.delivered && $0.warehouseId != route.warehouseId }.count
        let events = steps.isEmpty ? [ParcelNotes.event(delivered: true, owed: owed, detail: name, orderId: order.id, status: order.status, actor: driver.id, at: now)] : []
        try await store.updateStop(StopChange(stopId: stopId, from: stop.status, to: .delivered, at: now, recipientName: name, note: note, parcels: parcels),
                                   events: events, steps: steps)
        return try await reread(stopId, in: route.id, driver: driver)
    }

    /// Not delivered (nobody home, refused, wrong address). The order is tried again with the next plan, or
    /// after `maxAttempts` failed attempts goes back to the warehouse (its stock is restocked).
    public func fail(stopId: String, reason: String, driver: User) async throws -> PlannedStop {
        try await againIfParcelsMoved { try await failOnce(stopId: stopId, reason: reason, driver: driver) }
    }

    private func failOnce(stopId: String, reason: String, driver: User) async throws -> PlannedStop {
        let (route, stop) = try await stopOnStartedRoute(stopId, driver: driver)
        switch stop.status {
        case .failed: return stop
        case .delivered: throw LogisticsError.conflict(.stopState, message: "stop \(stopId) was delivered")
        case .cancelled: throw LogisticsError.conflict(.stopState, message: "stop \(stopId) was skipped: its order was cancelled")
        case .pending, .arrived: break
        }
        let text = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...300).contains(text.count) else { throw LogisticsError.validation(field: "reason", message: "1 to 300 characters") }
        let now = clock()
        if stop.kind == .pickup {
            // The returns stay approved: the next plan of the warehouse collects them.
            let event = PickupNotes.event(.failed, orderId: stop.orderId, status: try await anyOrder(stop.orderId).status, value: text,
                                          actor: driver.id, source: .driver, at: now)
            try await store.updateStop(StopChange(stopId: stopId, from: stop.status, to: .failed, at: now, failureReason: text), events: [event], steps: [])
            return try await reread(stopId, in: route.id, driver: driver)
        }
        let order = try await currentOrder(stop.orderId)
        let parcels = try await store.parcels(orderId: order.id)
        let steps = walk(order, parcels.orderSteps(afterAttemptAt: route.warehouseId, delivered: false, maxAttempts: maxAttempts), driver: driver, note: text, at: now)
        // Another parcel still on the road: the order stays out for delivery until its van is done.
        let owed = parcels.filter { !$0.delivered }.count
        let events = steps.isEmpty ? [ParcelNotes.event(delivered: false, owed: owed, detail: text, orderId: order.id, status: order.status, actor: driver.id, at: now)] : []
        try await store.updateStop(StopChange(stopId: stopId, from: stop.status, to: .failed, at: now, failureReason: text, parcels: parcels),
                                   events: events, steps: steps)
        return try await reread(stopId, in: route.id, driver: driver)
    }

    /// Keeps a proof-of-delivery photo of a stop on a started route (any attempt: a failed one's photo of
    /// the closed door is proof too). The same photo sent again returns the kept one with `added` false.
    public func addPhoto(stopId: String, data: Data, driver: User) async throws -> (photo: DeliveryPhoto, added: Bool) {
        guard data.count <= maxPhotoBytes else { throw LogisticsError.tooLarge(what: "a photo", limitBytes: maxPhotoBytes) }
        guard let format = PhotoFormat.sniff(data) else {
            throw LogisticsError.unsupportedMedia("a photo must be a JPEG or PNG image (the content is checked, not the name)")
        }
        let (_, stop) = try await stopOnStartedRoute(stopId, driver: driver)
        let now = clock()
        let photo = DeliveryPhoto(id: Identifier.make("pho", at: now), stopId: stop.id, orderId: stop.orderId, driverId: driver.id, format: format,
                                  bytes: data.count, fingerprint: DeliveryPhoto.fingerprint(of: data), takenAt: now)
        return try await store.addPhoto(photo, data: data, maxPerStop: maxPhotosPerStop)
    }

    /// Stores a batch of pings on the driver's route of today (if any); how many were kept, and that route.
    public func recordPositions(_ points: [(location: GeoPoint, at: Date)], driver: User) async throws -> (kept: Int, route: DriverRoute?) {
        let now = clock()
        for (index, point) in points.enumerated() {
            guard point.location.isValid else { throw LogisticsError.validation(field: "points[\(index)]", message: "not a position on Earth") }
            guard point.at <= now.addingTimeInterval(pingClockSkewSeconds) else {
                throw LogisticsError.validation(field: "points[\(index)].at", message: "more than \(Int(pingClockSkewSeconds)) s in the future")
            }
            guard point.at >= now.addingTimeInterval(-pingMaxAgeSeconds) else {
                throw LogisticsError.validation(field: "points[\(index)].at", message: "older than a day")
            }
        }
        let route = try await store.driverRoute(driverId: driver.id, day: PlanningDay(containing: now))
        try await store.recordPositions(points.map { PositionPing(driverId: driver.id, routeId: route?.id, location: $0.location, at: $0.at, receivedAt: now) })
        return (points.count, route)
    }

    // MARK: - Helpers

    private func own(_ route: DriverRoute?, driver: User, what: String) throws -> DriverRoute {
        guard let route, route.driverId == driver.id else { throw LogisticsError.notFound(what) }
        return route
    }

    private func stopOnStartedRoute(_ stopId: String, driver: User) async throws -> (DriverRoute, PlannedStop) {
        let route = try own(try await store.driverRoute(stopId: stopId), driver: driver, what: "stop \(stopId)")
        guard let stop = route.stops.first(where: { $0.id == stopId }) else { throw LogisticsError.notFound("stop \(stopId)") }
        guard route.status != .planned else {
            throw LogisticsError.conflict(.stopState, message: "start route \(route.id) before working its stops")
        }
        return (route, stop)
    }

    private func reread(_ stopId: String, in routeId: String, driver: User) async throws -> PlannedStop {
        let route = try own(try await store.driverRoute(id: routeId), driver: driver, what: "route \(routeId)")
        guard let stop = route.stops.first(where: { $0.id == stopId }) else { throw LogisticsError.notFound("stop \(stopId)") }
        return stop
    }

    private func anyOrder(_ id: String) async throws -> Order {
        guard let order = try await store.order(id: id) else { throw LogisticsError.notFound("order \(id)") }
        return order
    }

    /// The order's approved returns that our van collects.
    private func collectable(_ orderId: String) async throws -> [ReturnRequest] {
        try await store.returns(orderId: orderId).filter { $0.status == .approved && $0.pickup == .ownFleet }
    }

    private func currentOrder(_ id: String) async throws -> Order {
        guard let order = try await store.order(id: id) else { throw LogisticsError.notFound("order \(id)") }
        guard order.status == .outForDelivery else {
            throw LogisticsError.conflict(.stopState, message: "order \(order.number) is \(order.status.rawValue), not out for delivery")
        }
        return order
    }

    /// Runs a stop's ending again when the store refused it because the order moved meanwhile (the other van
    /// of a split order finished at the same moment): decided again on fresh state, it goes through or
    /// returns the stop as it now is.
    private func againIfParcelsMoved(_ body: () async throws -> PlannedStop) async throws -> PlannedStop {
        for _ in 1..<3 {
            do { return try await body() } catch LogisticsError.conflict(.concurrentUpdate, _) { continue }
        }
        return try await body()
    }

    /// The status changes along `path` from the order's status, with `note` (going back to the warehouse
    /// says why instead).
    private func walk(_ order: Order, _ path: [OrderStatus], driver: User, note: String, at now: Date) -> [OrderStatusChange] {
        var from = order.status
        return path.map { to in
            defer { from = to }
            return step(order.id, from: from, to: to, driver: driver, note: to == .returned ? "\(maxAttempts) failed attempts" : note, at: now)
        }
    }

    private func step(_ orderId: String, from: OrderStatus, to: OrderStatus, driver: User, note: String?, at now: Date) -> OrderStatusChange {
        let message = note.map { "\(to.sentence): \($0)" } ?? to.sentence
        let event = TrackingEvent(id: Identifier.make("evt", at: now), orderId: orderId, status: to, message: String(message.prefix(500)),
                                  actor: driver.id, source: .driver, occurredAt: now, note: note.map { String($0.prefix(300)) })
        return OrderStatusChange(orderId: orderId, from: from, to: to, event: event, stockEffect: StockEffect.of(from: from, to: to), at: now)
    }
}
