import Foundation
import HTTPTypes
import Hummingbird
import Logistics

/// The fleet and delivery plans: dispatchers ask for a plan (made in the background), read it, see its map.
struct DispatchController {
    let dispatch: DispatchService
    let catalog: CatalogService
    let traffic: TrafficService

    func register(to api: RouterGroup<AppRequestContext>) {
        api.get("admin/vehicles", use: vehicles)
        api.post("admin/vehicles", use: addVehicle)
        api.get("admin/fleet/stations") { [dispatch] _, context in
            _ = try context.requireUser()
            return try JSONCoding.response(Page(items: try await dispatch.chargingStations(), nextCursor: nil))
        }
        api.post("admin/fleet/stations", use: addStation)
        api.delete("admin/fleet/stations/{id}") { [dispatch] _, context -> Response in
            _ = try context.requireUser()
            try await dispatch.removeChargingStation(id: try context.parameters.require("id"))
            return Response(status: .noContent)
        }
        api.post("admin/dispatch/plans", use: requestPlan)
        api.get("admin/dispatch/plans/{id}", use: plan)
        api.get("admin/dispatch/plans/{id}/map.svg", use: map)
        api.post("admin/dispatch/plans/{id}/publish", use: publish)
        api.post("admin/dispatch/plans/{id}/pins", use: pin)
        api.get("admin/dispatch/cutoffs", use: cutoffs)
        api.put("admin/dispatch/cutoffs/{warehouseId}", use: setCutoffs)
        api.delete("admin/dispatch/plans/{id}/pins/{orderId}", use: unpin)
        api.post("admin/dispatch/assignments", use: assign)
        api.post("admin/traffic", use: reportTraffic)
        api.get("admin/traffic") { [traffic] _, _ in
            try JSONCoding.response(Page(items: try await traffic.incidents().map(TrafficIncidentView.init), nextCursor: nil))
        }
        api.get("admin/fleet/positions") { [traffic] _, _ in
            try JSONCoding.response(Page(items: try await traffic.fleetPositions().map(PositionView.init), nextCursor: nil))
        }
    }

    struct Point: Encodable {
        var latitude: Double
        var longitude: Double
        init(_ point: GeoPoint) {
            latitude = point.latitude
            longitude = point.longitude
        }
    }

    struct TrafficIncidentView: Encodable {
        var id: String
        var center: Point
        var radiusKm: Double
        var factor: Double
        var from: Date
        var to: Date
        var corridor: [Point]
        var reason: String
        var createdAt: Date
        init(_ update: TrafficUpdate) {
            id = update.id
            center = Point(update.slowdown.centre)
            radiusKm = update.slowdown.radiusMetres / 1000
            factor = update.slowdown.factor
            from = update.slowdown.from
            to = update.slowdown.to
            corridor = update.slowdown.corridor.map(Point.init)
            reason = update.reason
            createdAt = update.createdAt
        }
    }

    struct PositionView: Encodable {
        var driverId: String
        var routeId: String?
        var latitude: Double
        var longitude: Double
        var at: Date
        init(_ ping: PositionPing) {
            driverId = ping.driverId
            routeId = ping.routeId
            latitude = ping.location.latitude
            longitude = ping.location.longitude
            at = ping.at
        }
    }

    struct TrafficBody: Decodable {
        struct Centre: Decodable {
            var latitude: Double
            var longitude: Double
        }
        struct Corridor: Decodable {
            var points: [Centre]
            var widthKm: Double
        }
        var center: Centre?
        var radiusKm: Double?
        var corridor: Corridor?
        var factor: Double
        var from: Date
        var to: Date
        var reason: String
    }

    @Sendable func reportTraffic(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let body = try await JSONCoding.decode(TrafficBody.self, from: request, context: context)
        let outcome: TrafficService.Outcome
        switch (body.center, body.radiusKm, body.corridor) {
        case (let center?, let radiusKm?, nil):
            outcome = try await traffic.report(centre: GeoPoint(latitude: center.latitude, longitude: center.longitude), radiusKm: radiusKm,
                                               factor: body.factor, from: body.from, to: body.to, reason: body.reason, by: user)
        case (nil, nil, let corridor?):
            let points = corridor.points.map { GeoPoint(latitude: $0.latitude, longitude: $0.longitude) }
            guard let first = points.first else { throw LogisticsError.validation(field: "corridor.points", message: "2 to 50 points") }
            outcome = try await traffic.report(centre: first, radiusKm: corridor.widthKm / 2, factor: body.factor, from: body.from, to: body.to,
                                               reason: body.reason, by: user, corridor: points)
        default:
            throw LogisticsError.validation(field: "center", message: "either center and radiusKm (a zone) or corridor (a road), not both")
        }
        return try JSONCoding.response(outcome, status: .created)
    }

    @Sendable func publish(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireUser()
        return try JSONCoding.response(try await dispatch.publish(planId: try context.parameters.require("id")))
    }

    struct CutoffView: Encodable {
        var warehouseId: String
        var times: [String]
        var seconds: Double
        var autoPublish: Bool
        var nextRunAt: Date?

        init(_ schedule: CutoffSchedule, nextRunAt: Date?) {
            warehouseId = schedule.warehouseId; times = schedule.times; seconds = schedule.seconds; autoPublish = schedule.autoPublish
            self.nextRunAt = nextRunAt
        }
    }

    @Sendable func cutoffs(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireUser()
        return try JSONCoding.response(Page(items: try await dispatch.cutoffs().map { CutoffView($0.schedule, nextRunAt: $0.nextRunAt) }, nextCursor: nil))
    }

    struct CutoffBody: Decodable {
        var times: [String]
        var seconds: Double?
        var autoPublish: Bool?
    }

    @Sendable func setCutoffs(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireUser()
        let body = try await JSONCoding.decode(CutoffBody.self, from: request, context: context)
        let set = try await dispatch.setCutoffs(warehouseId: try context.parameters.require("warehouseId"), times: body.times, seconds: body.seconds,
                                                autoPublish: body.autoPublish)
        return try JSONCoding.response(CutoffView(set.schedule, nextRunAt: set.nextRunAt))
    }

    struct PinBody: Decodable {
        var orderId: String
        var vehicleId: String?
        var seconds: Double?
    }

    @Sendable func pin(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireUser()
        let body = try await JSONCoding.decode(PinBody.self, from: request, context: context)
        return try JSONCoding.response(try await dispatch.pin(planId: try context.parameters.require("id"), orderId: body.orderId,
                                                              vehicleId: body.vehicleId, seconds: body.seconds))
    }

    @Sendable func unpin(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireUser()
        let seconds = request.uri.queryParameters["seconds"].flatMap { Double(String($0)) }
        return try JSONCoding.response(try await dispatch.unpin(planId: try context.parameters.require("id"),
                                                                orderId: try context.parameters.require("orderId"), seconds: seconds))
    }

    struct AssignmentBody: Codable {
        var driverId: String
        var vehicleId: String
        var date: String
    }

    @Sendable func assign(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireUser()
        let body = try await JSONCoding.decode(AssignmentBody.self, from: request, context: context)
        try await dispatch.assign(driverId: body.driverId, vehicleId: body.vehicleId, date: body.date)
        return try JSONCoding.response(body, status: .created)
    }

    /// A vehicle as the API shows it: skills in a stable order.
    struct VehicleView: Encodable {
        var id, plate, warehouseId: String
        var capacityGrams, capacityMillilitres: Int
        var skills: [String]
        var shiftStartMinute, shiftEndMinute, costPerKmCents, costPerHourCents: Int
        var electric: ElectricSpec?
        var active: Bool
        var driverId: String?
        var districts: [String]

        init(_ v: Vehicle) {
            id = v.id; plate = v.plate; warehouseId = v.warehouseId; capacityGrams = v.capacityGrams; capacityMillilitres = v.capacityMillilitres
            skills = v.skills.sorted().map(\.rawValue); shiftStartMinute = v.shiftStartMinute; shiftEndMinute = v.shiftEndMinute
            costPerKmCents = v.costPerKmCents; costPerHourCents = v.costPerHourCents; electric = v.electric; active = v.active
            driverId = v.driverId; districts = v.districts
        }
    }

    @Sendable func vehicles(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireUser()
        let list = try await dispatch.vehicles(warehouseId: request.uri.queryParameters["warehouseId"].map(String.init))
        return try JSONCoding.response(Page(items: list.map(VehicleView.init), nextCursor: nil))
    }

    struct VehicleBody: Decodable {
        var plate: String
        var warehouseId: String
        var capacityGrams: Int
        var capacityMillilitres: Int
        var skills: [VehicleSkill]?
        var shiftStartMinute: Int?
        var shiftEndMinute: Int?
        var costPerKmCents: Int?
        var costPerHourCents: Int?
        var electric: ElectricSpec?
        var driverId: String?
        var districts: [String]?
    }

    @Sendable func addVehicle(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireUser()
        let body = try await JSONCoding.decode(VehicleBody.self, from: request, context: context)
        let vehicle = Vehicle(
            id: Identifier.make("veh"), plate: body.plate, warehouseId: body.warehouseId, capacityGrams: body.capacityGrams,
            capacityMillilitres: body.capacityMillilitres, skills: Set(body.skills ?? []),
            shiftStartMinute: body.shiftStartMinute ?? Vehicle.defaultShiftStartMinute, shiftEndMinute: body.shiftEndMinute ?? Vehicle.defaultShiftEndMinute,
            costPerKmCents: body.costPerKmCents ?? Vehicle.defaultCostPerKmCents, costPerHourCents: body.costPerHourCents ?? Vehicle.defaultCostPerHourCents,
            electric: body.electric, driverId: body.driverId, districts: body.districts ?? [])
        return try JSONCoding.response(VehicleView(try await dispatch.addVehicle(vehicle)), status: .created)
    }

    struct StationBody: Decodable {
        var name: String
        var location: GeoPoint
        var powerKW: Double
        var warehouseId: String?
    }

    @Sendable func addStation(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireUser()
        let body = try await JSONCoding.decode(StationBody.self, from: request, context: context)
        let station = ChargingStation(id: Identifier.make("chg"), name: body.name, location: body.location, powerKW: body.powerKW,
                                      warehouseId: body.warehouseId)
        return try JSONCoding.response(try await dispatch.addChargingStation(station), status: .created)
    }

    struct PlanBody: Decodable {
        var warehouseId: String
        var date: String
        var seconds: Double?
    }

    struct Accepted: Encodable {
        var id: String
        var status: PlanStatus
    }

    @Sendable func requestPlan(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let body = try await JSONCoding.decode(PlanBody.self, from: request, context: context)
        let queued = try await dispatch.requestPlan(warehouseId: body.warehouseId, date: body.date, seconds: body.seconds, by: user)
        var headers = HTTPFields()
        headers[.location] = "/api/v1/admin/dispatch/plans/\(queued.id)"
        return try JSONCoding.response(Accepted(id: queued.id, status: .planning), status: .accepted, headers: headers)
    }

    @Sendable func plan(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireUser()
        return try JSONCoding.response(try await dispatch.plan(id: try context.parameters.require("id")))
    }

    @Sendable func map(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let plan = try await dispatch.plan(id: try context.parameters.require("id"))
        guard let warehouse = try await catalog.warehouses(by: user).first(where: { $0.id == plan.warehouseId }) else {
            throw LogisticsError.notFound("warehouse \(plan.warehouseId)")
        }
        let svg = PlanMap(plan: plan, warehouse: warehouse).render()
        return Response(status: .ok, headers: [.contentType: "image/svg+xml; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: svg)))
    }
}
