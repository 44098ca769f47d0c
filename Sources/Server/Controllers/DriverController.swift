import Foundation
import Hummingbird
import NIOCore
import Logistics

/// The driver's app: today's route, starting it, each stop's arrival, delivery or failure, position pings.
struct DriverController {
    let drivers: DriverService
    let traffic: TrafficService

    func register(to api: RouterGroup<AppRequestContext>) {
        api.get("driver/routes/today", use: today)
        api.post("driver/routes/{id}/start", use: start)
        api.post("driver/stops/{id}/arrive", use: arrive)
        api.post("driver/stops/{id}/deliver", use: deliver)
        api.post("driver/stops/{id}/fail", use: fail)
        api.post("driver/stops/{id}/photos", use: photo)
        api.post("driver/positions", use: positions)
    }

    @Sendable func today(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONCoding.response(try await drivers.routeToday(driver: try context.requireUser()))
    }

    @Sendable func start(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONCoding.response(try await drivers.start(routeId: try context.parameters.require("id"), driver: try context.requireUser()))
    }

    @Sendable func arrive(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONCoding.response(try await drivers.arrive(stopId: try context.parameters.require("id"), driver: try context.requireUser()))
    }

    struct DeliverBody: Decodable {
        var recipientName: String
        var note: String?
    }

    @Sendable func deliver(_ request: Request, context: AppRequestContext) async throws -> Response {
        let driver = try context.requireUser()
        let body = try await JSONCoding.decode(DeliverBody.self, from: request, context: context)
        return try JSONCoding.response(try await drivers.deliver(stopId: try context.parameters.require("id"), recipientName: body.recipientName,
                                                                 note: body.note, driver: driver))
    }

    struct FailBody: Decodable {
        var reason: String
    }

    @Sendable func fail(_ request: Request, context: AppRequestContext) async throws -> Response {
        let driver = try context.requireUser()
        let body = try await JSONCoding.decode(FailBody.self, from: request, context: context)
        return try JSONCoding.response(try await drivers.fail(stopId: try context.parameters.require("id"), reason: body.reason, driver: driver))
    }

    /// The photo is the raw body (`Content-Type: image/jpeg` or `image/png`); its bytes decide what it is.
    @Sendable func photo(_ request: Request, context: AppRequestContext) async throws -> Response {
        let driver = try context.requireUser()
        let data = try await PhotoBody.read(request, limit: drivers.maxPhotoBytes)
        let (photo, added) = try await drivers.addPhoto(stopId: try context.parameters.require("id"), data: data, driver: driver)
        return try JSONCoding.response(PhotoView(photo), status: added ? .created : .ok)
    }

    struct PositionsBody: Decodable {
        struct Point: Decodable {
            var latitude: Double
            var longitude: Double
            var at: Date
        }
        var points: [Point]
    }

    struct Accepted: Encodable {
        var accepted: Int
    }

    @Sendable func positions(_ request: Request, context: AppRequestContext) async throws -> Response {
        let driver = try context.requireUser()
        let body = try await JSONCoding.decode(PositionsBody.self, from: request, context: context)
        // A ping stamped too far ahead or too long ago is well-formed but refused by the time rule: 422.
        let recorded = try await drivers.recordPositions(body.points.map { (GeoPoint(latitude: $0.latitude, longitude: $0.longitude), $0.at) }, driver: driver)
        if let route = recorded.route, route.status == .started {
            // The pings are kept whatever happens here: a failed re-time is logged and tried again at the next batch.
            do {
                if try await traffic.vanReported(routeId: route.id) { context.logger.info("van running late: route re-timed", metadata: ["route": "\(route.id)"]) }
            } catch {
                context.logger.error("re-timing a late van failed", metadata: ["route": "\(route.id)", "error": "\(error)"])
            }
        }
        return try JSONCoding.response(Accepted(accepted: recorded.kept), status: .accepted)
    }
}
