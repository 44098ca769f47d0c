import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Logistics

/// Bodies signed by a partner system (payment provider, carriers): HMAC-SHA256 over
/// `"<unix timestamp>.<raw body>"`, hex in a signature header, the timestamp in another. A signature
/// older or newer than five minutes is refused, so a captured call cannot be replayed later.
enum SignedBody {
    static let toleranceSeconds = 300.0

    /// Reads the raw body and checks its signature; throws 401 unless it is genuine and fresh.
    static func read(_ request: Request, context: AppRequestContext, timestampHeader: HTTPField.Name, signatureHeader: HTTPField.Name, secret: String) async throws -> Data {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: context.maxUploadSize)
        } catch {
            throw APIError(.contentTooLarge, code: "payload_too_large", message: "the body is too large")
        }
        let raw = Data(buffer: buffer)
        // An empty key would make every signature computable by anyone.
        guard !secret.isEmpty else { throw LogisticsError.unauthorized("this callback is not configured on the server") }
        guard let timestampText = request.headers[timestampHeader], let timestamp = Double(timestampText), let signature = request.headers[signatureHeader] else {
            throw LogisticsError.unauthorized("missing \(timestampHeader) or \(signatureHeader)")
        }
        guard abs(Date().timeIntervalSince1970 - timestamp) <= toleranceSeconds else {
            throw LogisticsError.unauthorized("the signature timestamp is too old or in the future")
        }
        guard verify(signature: signature, timestamp: timestampText, body: raw, secret: secret) else { throw LogisticsError.unauthorized("bad signature") }
        return raw
    }

    static func signature(timestamp: String, body: Data, secret: String) -> String {
        var message = Data(timestamp.utf8)
        message.append(UInt8(ascii: "."))
        message.append(body)
        let code = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.utf8)))
        return Hex.encode(code)
    }

    /// Constant-time comparison, so timing does not leak how much of a forged signature was right.
    static func verify(signature: String, timestamp: String, body: Data, secret: String) -> Bool {
        let expected = Array(Self.signature(timestamp: timestamp, body: body, secret: secret).utf8)
        let given = Array(signature.lowercased().replacingOccurrences(of: "sha256=", with: "").utf8)
        guard expected.count == given.count else { return false }
        return zip(expected, given).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// Decodes a verified body with the API's JSON rules.
    static func decode<T: Decodable>(_ type: T.Type, from raw: Data) throws -> T {
        do {
            return try JSONCoding.decoder.decode(T.self, from: raw)
        } catch let error as DecodingError {
            throw JSONCoding.describe(error)
        }
    }
}
