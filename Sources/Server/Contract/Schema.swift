import Foundation

/// A JSON Schema (OpenAPI 3.1, draft 2020-12) in the subset the API uses. One value serves twice: the
/// OpenAPI document prints it, and `ContractMiddleware` enforces it on requests (and, in tests, responses),
/// so a limit cannot be documented without being enforced or enforced without being documented.
struct Schema: Sendable {
    enum Kind: String, Sendable { case string, integer, number, boolean, array, object }

    var kind: Kind?
    /// A named schema under `#/components/schemas`.
    var ref: String?
    var nullable = false
    var minLength: Int?
    var maxLength: Int?
    /// An ECMA-262 pattern, searched (not anchored) as JSON Schema says.
    var pattern: String?
    var format: String?
    var enumeration: [String]?
    var minimum: Double?
    var maximum: Double?
    /// Numbers within the range that are still refused (`not: {enum: [...]}`), such as a zero adjustment.
    var excluded: [Double] = []
    var minItems: Int?
    var maxItems: Int?
    var properties: [(name: String, schema: Schema)] = []
    var required: [String] = []
    /// The schema of an array's items or a map's values (zero or one element: a box for recursion).
    var children: [Schema] = []
    var isMap = false
    var description: String?

    // MARK: Building

    static func string(min: Int? = nil, max: Int? = nil, pattern: String? = nil, format: String? = nil) -> Schema {
        Schema(kind: .string, minLength: min, maxLength: max, pattern: pattern, format: format)
    }
    static func oneOf(_ values: [String]) -> Schema { Schema(kind: .string, enumeration: values) }
    static func oneOf<T: RawRepresentable & CaseIterable>(_ type: T.Type) -> Schema where T.RawValue == String {
        oneOf(type.allCases.map(\.rawValue))
    }
    static func integer(min: Int? = nil, max: Int? = nil) -> Schema {
        Schema(kind: .integer, minimum: min.map(Double.init), maximum: max.map(Double.init))
    }
    static func number(min: Double? = nil, max: Double? = nil) -> Schema { Schema(kind: .number, minimum: min, maximum: max) }

    /// The same number schema, refusing these values too.
    func excluding(_ values: Double...) -> Schema {
        var copy = self
        copy.excluded += values
        return copy
    }
    static let boolean = Schema(kind: .boolean)
    static let time = Schema.string(format: "date-time")
    static let anyObject = Schema(kind: .object)
    static func array(_ items: Schema, min: Int? = nil, max: Int? = nil) -> Schema {
        Schema(kind: .array, minItems: min, maxItems: max, children: [items])
    }
    static func object(_ properties: KeyValuePairs<String, Schema>, required: [String] = []) -> Schema {
        Schema(kind: .object, properties: properties.map { ($0.key, $0.value) }, required: required)
    }
    static func map(of values: Schema) -> Schema { Schema(kind: .object, children: [values], isMap: true) }
    static func ref(_ name: String) -> Schema { Schema(ref: name) }

    /// The same schema, also allowing `null` (an optional field that is always written).
    var orNull: Schema {
        var copy = self
        copy.nullable = true
        return copy
    }

    func described(_ text: String) -> Schema {
        var copy = self
        copy.description = text
        return copy
    }

    // MARK: Printing

    /// The schema as a JSON object for the document.
    var json: [String: Any] {
        var out: [String: Any] = [:]
        if let ref {
            guard nullable else { return ["$ref": "#/components/schemas/\(ref)"] }
            return ["anyOf": [["$ref": "#/components/schemas/\(ref)"], ["type": "null"]]]
        }
        if let kind { out["type"] = nullable ? [kind.rawValue, "null"] as Any : kind.rawValue }
        if let minLength { out["minLength"] = minLength }
        if let maxLength { out["maxLength"] = maxLength }
        if let pattern { out["pattern"] = pattern }
        if let format { out["format"] = format }
        if let enumeration { out["enum"] = nullable ? enumeration.map { $0 as Any } + [NSNull()] : enumeration }
        if let minimum { out["minimum"] = kind == .integer ? Int(exactly: minimum).map { $0 as Any } ?? minimum : minimum }
        if let maximum { out["maximum"] = kind == .integer ? Int(exactly: maximum).map { $0 as Any } ?? maximum : maximum }
        if !excluded.isEmpty { out["not"] = ["enum": excluded.map { kind == .integer ? Int(exactly: $0).map { $0 as Any } ?? $0 : $0 }] }
        if let minItems { out["minItems"] = minItems }
        if let maxItems { out["maxItems"] = maxItems }
        if kind == .array, let items = children.first { out["items"] = items.json }
        if isMap, let values = children.first { out["additionalProperties"] = values.json }
        if !properties.isEmpty {
            out["properties"] = Dictionary(properties.map { ($0.name, $0.schema.json) }, uniquingKeysWith: { first, _ in first })
        }
        if !required.isEmpty { out["required"] = required }
        if let description { out["description"] = description }
        return out
    }
}
