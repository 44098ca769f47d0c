import Foundation
import Hummingbird
import Logistics
import Storage

/// Health, metrics and the API description.
struct OpsController {
    /// Throws when the database does not answer.
    let probe: @Sendable () async throws -> Void
    /// `sqlite` or `postgresql`, for the health answer.
    let database: String

    func register(to router: Router<AppRequestContext>, api: RouterGroup<AppRequestContext>) {
        router.get("/health", use: health)
        router.get("/metrics", use: metrics)
        api.get("openapi.json", use: openAPI)
    }

    struct Health: Encodable {
        var status: String
        var database: String
        var schemaVersion: Int
    }

    /// 200 when the database answers, 503 otherwise, so a load balancer takes a sick instance out.
    @Sendable func health(_ request: Request, context: AppRequestContext) async throws -> Response {
        do {
            try await probe()
            return try JSONCoding.response(Health(status: "ok", database: database, schemaVersion: Migrator.latestVersion))
        } catch {
            context.logger.warning("health check failed", metadata: ["error": "\(error)"])
            return try JSONCoding.response(Health(status: "unavailable", database: database, schemaVersion: Migrator.latestVersion), status: .serviceUnavailable)
        }
    }

    @Sendable func metrics(_ request: Request, context: AppRequestContext) async throws -> Response {
        HeapGauges.record()
        var buffer: [UInt8] = []
        AppMetrics.registry.emit(into: &buffer)
        return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
    }

    @Sendable func openAPI(_ request: Request, context: AppRequestContext) async throws -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: OpenAPIDocument.json)))
    }
}
