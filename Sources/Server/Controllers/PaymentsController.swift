import Foundation
import HTTPTypes
import Hummingbird
import Logistics

/// The payment provider's notification that an order was paid.
///
/// Signed as `SignedBody` says, in `X-Payment-Timestamp` and `X-Payment-Signature`. Repeating a valid
/// callback is harmless (idempotent).
struct PaymentsController {
    let orders: OrderService
    let presenter: OrderPresenter
    /// Verifies the payment provider's HMAC signatures.
    let secret: String

    func register(to api: RouterGroup<AppRequestContext>) {
        api.post("payments/callback", use: callback)
    }

    struct CallbackBody: Decodable {
        var orderId: String
        var amountCents: Int
        var providerRef: String
    }

    @Sendable func callback(_ request: Request, context: AppRequestContext) async throws -> Response {
        let raw = try await SignedBody.read(request, context: context, timestampHeader: .paymentTimestamp, signatureHeader: .paymentSignature,
                                            secret: secret)
        let body = try SignedBody.decode(CallbackBody.self, from: raw)
        guard !body.providerRef.isEmpty, body.providerRef.count <= 200 else {
            throw LogisticsError.validation(field: "providerRef", message: "1 to 200 characters")
        }
        let order = try await orders.pay(orderId: body.orderId, amountCents: body.amountCents, providerReference: body.providerRef)
        return try JSONCoding.response(try await presenter.view(order, for: request))
    }
}
