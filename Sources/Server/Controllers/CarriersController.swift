import Foundation
import Hummingbird
import Logistics

/// Pushes from third-party express carriers (Kuaidi100-style), signed as `SignedBody` says with
/// `X-Carrier-Timestamp` and `X-Carrier-Signature`. Idempotent and safe when scans arrive out of order.
struct CarriersController {
    let tracking: TrackingService
    /// Verifies the carriers' HMAC signatures.
    let secret: String

    func register(to api: RouterGroup<AppRequestContext>) {
        api.post("carriers/{code}/callback", use: callback)
    }

    struct CallbackBody: Decodable {
        var waybill: String
        /// Kuaidi100 `state` code ("0" in transit ... "14" refused) or one of our tag names.
        var status: String
        /// ISO 8601, or Kuaidi100's "yyyy-MM-dd HH:mm:ss" in China time (UTC+8).
        var time: String
        var place: String?
        var description: String?
    }

    struct CallbackReply: Encodable {
        var orderId: String
        var status: OrderStatus
        var duplicate: Bool
    }

    @Sendable func callback(_ request: Request, context: AppRequestContext) async throws -> Response {
        let code = try context.parameters.require("code")
        let raw = try await SignedBody.read(request, context: context, timestampHeader: .carrierTimestamp, signatureHeader: .carrierSignature,
                                            secret: secret)
        let body = try SignedBody.decode(CallbackBody.self, from: raw)
        guard let time = Self.parseTime(body.time) else {
            throw LogisticsError.validation(field: "time", message: "ISO 8601 or yyyy-MM-dd HH:mm:ss (China time)")
        }
        let update = CarrierUpdate(carrierCode: code.lowercased(), waybillNumber: body.waybill, status: body.status, occurredAt: time,
                                   place: body.place, description: body.description ?? "")
        let (order, duplicate) = try await tracking.ingest(update)
        return try JSONCoding.response(CallbackReply(orderId: order.id, status: order.status, duplicate: duplicate))
    }

    /// ISO 8601 (RFC 3339), or Kuaidi100's `2026-11-25 18:30:00`: a time without a zone is China time (UTC+8).
    static func parseTime(_ text: String) -> Date? {
        guard let parts = LocalTime(text) else { return nil }
        return parts.date(offsetSeconds: parts.offsetSeconds ?? 8 * 3600)
    }
}
