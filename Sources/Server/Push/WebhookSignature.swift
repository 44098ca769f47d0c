import Foundation

/// How ChargeMall signs the webhooks it sends: HMAC-SHA256 over `"<unix seconds>.<raw body>"` with the
/// subscription's secret, hex in `X-ChargeMall-Signature` as `sha256=<hex>`, the seconds in
/// `X-ChargeMall-Timestamp`. Receivers should refuse a timestamp more than five minutes away from now.
public enum WebhookSignature {
    public static let timestampHeader = "X-ChargeMall-Timestamp"
    public static let signatureHeader = "X-ChargeMall-Signature"

    public static func sign(body: Data, timestamp: Int, secret: String) -> String {
        "sha256=" + SignedBody.signature(timestamp: String(timestamp), body: body, secret: secret)
    }

    /// What a receiver does: a genuine signature, made within `tolerance` seconds of `now`.
    public static func verify(body: Data, timestamp: String, signature: String, secret: String, now: Date = Date(), tolerance: Double = 300) -> Bool {
        guard let seconds = Double(timestamp), abs(now.timeIntervalSince1970 - seconds) <= tolerance else { return false }
        return SignedBody.verify(signature: signature, timestamp: timestamp, body: body, secret: secret)
    }
}
