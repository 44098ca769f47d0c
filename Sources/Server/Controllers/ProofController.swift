import Foundation
import Hummingbird
import Logistics
import NIOCore

/// Proof of delivery for the order's customer and staff: each attempt at the door and its photos.
struct ProofController {
    let proofs: ProofService

    func register(to api: RouterGroup<AppRequestContext>) {
        api.get("orders/{id}/proof", use: proof)
        api.get("orders/{id}/proof/photos/{photoId}", use: photo)
    }

    @Sendable func proof(_ request: Request, context: AppRequestContext) async throws -> Response {
        let proof = try await proofs.proof(orderId: try context.parameters.require("id"), for: try context.requireUser())
        return try JSONCoding.response(ProofView(proof))
    }

    @Sendable func photo(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (photo, data) = try await proofs.photo(id: try context.parameters.require("photoId"), orderId: try context.parameters.require("id"),
                                                   for: try context.requireUser())
        return PhotoBody.response(id: photo.id, format: photo.format, data: data)
    }
}

/// A photo as clients see it: where to fetch its bytes, not the bytes.
struct PhotoView: Encodable {
    var id: String
    var stopId: String
    var orderId: String
    var mediaType: String
    var bytes: Int
    var takenAt: Date
    var url: String

    init(_ photo: DeliveryPhoto) {
        id = photo.id
        stopId = photo.stopId
        orderId = photo.orderId
        mediaType = photo.mediaType
        bytes = photo.bytes
        takenAt = photo.takenAt
        url = "/api/v1/orders/\(photo.orderId)/proof/photos/\(photo.id)"
    }
}

struct ProofView: Encodable {
    struct Attempt: Encodable {
        var stopId: String
        var routeId: String
        var status: StopStatus
        var arrivedAt: Date?
        var completedAt: Date?
        var recipientName: String?
        var note: String?
        var failureReason: String?
        var photos: [PhotoView]
    }

    var orderId: String
    var delivered: Bool
    var attempts: [Attempt]

    init(_ proof: ProofOfDelivery) {
        orderId = proof.orderId
        delivered = proof.attempts.contains { $0.status == .delivered }
        attempts = proof.attempts.map {
            Attempt(stopId: $0.stopId, routeId: $0.routeId, status: $0.status, arrivedAt: $0.arrivedAt, completedAt: $0.completedAt,
                    recipientName: $0.recipientName, note: $0.note, failureReason: $0.failureReason, photos: $0.photos.map(PhotoView.init))
        }
    }
}
