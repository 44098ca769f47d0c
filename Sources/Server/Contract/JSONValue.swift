import Foundation

/// A parsed JSON value that keeps what JSON Schema tells apart: `true` is not `1`, `1` is an integer,
/// `1.5` is not. Parsed with the same decoder the handlers use, so both see the same document.
enum JSONValue: Decodable, Equatable, Sendable {
    case null
    case bool(Bool)
    /// Every JSON number; `isInteger` when it has no fractional part (JSON Schema counts `2.0` as an integer).
    case number(Double, isInteger: Bool)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .number(Double(value), isInteger: true)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value, isInteger: value.isFinite && value == value.rounded())
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    static func parse(_ data: Data) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: data)
    }

    /// The JSON type name, as JSON Schema spells it.
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number(_, let isInteger): isInteger ? "integer" : "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
