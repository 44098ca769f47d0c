import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Logistics

/// The payment provider's notification that an order was paid.
///
/// Signed with HMAC-SHA256 over `"<timestamp>.<raw body>"` in `X-Payment-Signature` (hex), with the Unix
/// time in `X-Payment-Timestamp`; a signature older than five minutes is refused, so a captured call
/// cannot be replayed later. Repeating a valid callback is harmless (idempotent).
struct PaymentsController {
    let services: AppServices
    static let toleranceSeconds = 300.0

    func register(to router: Router<AppRequestContext>) {
        router.post("/api/v1/payments/callback", use: callback)
    }

    struct CallbackBody: Decodable {
        var orderId: String
        var amountCents: Int
        var providerRef: String
    }

    @Sendable func callback(_ request: Request, context: AppRequestContext) async throws -> Response {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: context.maxUploadSize)
        } catch {
            throw APIError(.contentTooLarge, code: "payload_too_large", message: "the body is too large")
        }
        let raw = Data(buffer: buffer)
        guard let timestampText = request.headers[.paymentTimestamp], let timestamp = Double(timestampText),
            let signature = request.headers[.paymentSignature]
        else { throw LogisticsError.unauthorized("missing X-Payment-Timestamp or X-Payment-Signature") }
        guard abs(Date().timeIntervalSince1970 - timestamp) <= Self.toleranceSeconds else {
            throw LogisticsError.unauthorized("the signature timestamp is too old or in the future")
        }
        guard Self.verify(signature: signature, timestamp: timestampText, body: raw, secret: services.configuration.paymentWebhookSecret) else {
            throw LogisticsError.unauthorized("bad signature")
        }
        let body: CallbackBody
        do {
            body = try JSONCoding.decoder.decode(CallbackBody.self, from: raw)
        } catch let error as DecodingError {
            throw JSONCoding.describe(error)
        }
        guard !body.providerRef.isEmpty, body.providerRef.count <= 200 else {
            throw LogisticsError.validation(field: "providerRef", message: "1 to 200 characters")
        }
        let order = try await services.orders.pay(orderId: body.orderId, amountCents: body.amountCents, providerReference: body.providerRef)
        return try JSONCoding.response(OrderView(order))
    }

    /// `hex(HMAC-SHA256(secret, timestamp + "." + body))`, compared in constant time.
    static func signature(timestamp: String, body: Data, secret: String) -> String {
        var message = Data(timestamp.utf8)
        message.append(UInt8(ascii: "."))
        message.append(body)
        let code = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.utf8)))
        return code.map { String(format: "%02x", $0) }.joined()
    }

    static func verify(signature: String, timestamp: String, body: Data, secret: String) -> Bool {
        let expected = Array(Self.signature(timestamp: timestamp, body: body, secret: secret).utf8)
        let given = Array(signature.lowercased().replacingOccurrences(of: "sha256=", with: "").utf8)
        guard expected.count == given.count else { return false }
        return zip(expected, given).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
