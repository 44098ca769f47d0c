import Foundation
import NIOCore

/// What an audit entry keeps of a request body: the JSON as sent, with every value under a key that names
/// a password, secret or token blanked, cut to a bounded length.
enum AuditDetail {
    static let maximumLength = 4_000
    static let hidden = "[redacted]"

    static func redacted(_ body: ByteBuffer) -> String? {
        guard body.readableBytes > 0, let value = try? JSONSerialization.jsonObject(with: Data(buffer: body), options: [.fragmentsAllowed]) else { return nil }
        guard let data = try? JSONSerialization.data(withJSONObject: blanked(value), options: [.sortedKeys, .fragmentsAllowed]) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        return text.count <= maximumLength ? text : String(text.prefix(maximumLength)) + "…"
    }

    static func isSecret(_ key: String) -> Bool {
        let key = key.lowercased()
        return ["password", "secret", "token"].contains { key.contains($0) }
    }

    static func blanked(_ value: Any) -> Any {
        switch value {
        case let object as [String: Any]:
            return Dictionary(uniqueKeysWithValues: object.map { key, value in (key, isSecret(key) ? hidden : blanked(value)) })
        case let array as [Any]:
            return array.map(blanked)
        default:
            return value
        }
    }
}
