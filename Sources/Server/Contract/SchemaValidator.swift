import Foundation

/// Where a value breaks its schema: the field's path (`lines[0].quantity`) and what was expected.
struct SchemaViolation: Error, Equatable, Sendable, CustomStringConvertible {
    var field: String
    var message: String
    var description: String { field.isEmpty ? message : "\(field): \(message)" }
}

/// Checks JSON values against `Schema`s, resolving references among the document's named schemas.
struct SchemaValidator: Sendable {
    let components: [String: Schema]

    /// The first violation found, or nil when `value` conforms.
    func firstViolation(of value: JSONValue, against schema: Schema, at path: String = "") -> SchemaViolation? {
        if let ref = schema.ref {
            if schema.nullable, value == .null { return nil }
            guard let named = components[ref] else { return SchemaViolation(field: path, message: "unknown schema \(ref)") }
            return firstViolation(of: value, against: named, at: path)
        }
        if value == .null {
            return schema.nullable || schema.kind == nil ? nil : SchemaViolation(field: path, message: "expected \(expected(schema)), got null")
        }
        switch (schema.kind, value) {
        case (nil, _):
            return nil
        case (.string, .string(let text)):
            return stringViolation(text, schema, path)
        case (.integer, .number(let number, isInteger: true)), (.number, .number(let number, isInteger: _)):
            if let minimum = schema.minimum, number < minimum { return SchemaViolation(field: path, message: "at least \(format(minimum))") }
            if let maximum = schema.maximum, number > maximum { return SchemaViolation(field: path, message: "at most \(format(maximum))") }
            if schema.excluded.contains(number) { return SchemaViolation(field: path, message: "must not be \(format(number))") }
            return nil
        case (.boolean, .bool):
            return nil
        case (.array, .array(let items)):
            if let minItems = schema.minItems, items.count < minItems { return SchemaViolation(field: path, message: "at least \(minItems) item(s)") }
            if let maxItems = schema.maxItems, items.count > maxItems { return SchemaViolation(field: path, message: "at most \(maxItems) items") }
            guard let itemSchema = schema.children.first else { return nil }
            for (index, item) in items.enumerated() {
                if let violation = firstViolation(of: item, against: itemSchema, at: "\(path)[\(index)]") { return violation }
            }
            return nil
        case (.object, .object(let members)):
            for name in schema.required where members[name] == nil {
                return SchemaViolation(field: join(path, name), message: "is required")
            }
            for (name, propertySchema) in schema.properties {
                guard let member = members[name] else { continue }
                if let violation = firstViolation(of: member, against: propertySchema, at: join(path, name)) { return violation }
            }
            if schema.isMap, let valueSchema = schema.children.first {
                for (name, member) in members.sorted(by: { $0.key < $1.key }) {
                    if let violation = firstViolation(of: member, against: valueSchema, at: join(path, name)) { return violation }
                }
            }
            return nil
        default:
            return SchemaViolation(field: path, message: "expected \(expected(schema)), got \(value.typeName)")
        }
    }

    /// Checks a query or header parameter, which arrives as text, against its scalar schema.
    func firstViolation(ofText text: String, against schema: Schema, at name: String) -> SchemaViolation? {
        let value: JSONValue
        switch schema.kind {
        case .integer:
            guard let number = Int64(text) else { return SchemaViolation(field: name, message: "expected an integer") }
            value = .number(Double(number), isInteger: true)
        case .number:
            guard let number = Double(text), number.isFinite else { return SchemaViolation(field: name, message: "expected a number") }
            value = .number(number, isInteger: number == number.rounded())
        case .boolean:
            guard let flag = Bool(text) else { return SchemaViolation(field: name, message: "expected true or false") }
            value = .bool(flag)
        default:
            value = .string(text)
        }
        return firstViolation(of: value, against: schema, at: name)
    }

    private func stringViolation(_ text: String, _ schema: Schema, _ path: String) -> SchemaViolation? {
        // JSON Schema counts code points, not grapheme clusters.
        let length = text.unicodeScalars.count
        if let minLength = schema.minLength, length < minLength {
            return SchemaViolation(field: path, message: minLength == 1 ? "must not be empty" : "at least \(minLength) characters")
        }
        if let maxLength = schema.maxLength, length > maxLength { return SchemaViolation(field: path, message: "at most \(maxLength) characters") }
        if let values = schema.enumeration, !values.contains(text) {
            return SchemaViolation(field: path, message: "one of \(values.joined(separator: ", "))")
        }
        if let pattern = schema.pattern, PatternCache.shared.regex(pattern).map({ text.contains($0) }) != true {
            return SchemaViolation(field: path, message: schema.description ?? "does not match \(pattern)")
        }
        if schema.format == "date-time", ISO8601.date(from: text) == nil {
            return SchemaViolation(field: path, message: "expected an ISO 8601 time such as 2026-11-25T08:00:00Z")
        }
        return nil
    }

    private func expected(_ schema: Schema) -> String {
        switch schema.kind {
        case .integer: "an integer"
        case .number: "a number"
        case .string: "a string"
        case .boolean: "true or false"
        case .array: "an array"
        case .object: "an object"
        case nil: "a value"
        }
    }

    private func join(_ path: String, _ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }

    private func format(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
    }
}

/// Compiled patterns: a schema's pattern is compiled once, not on every request that carries the field.
final class PatternCache: @unchecked Sendable {
    static let shared = PatternCache()
    private let lock = NSLock()
    private var compiled: [String: Regex<AnyRegexOutput>] = [:]

    func regex(_ pattern: String) -> Regex<AnyRegexOutput>? {
        lock.lock()
        defer { lock.unlock() }
        if let regex = compiled[pattern] { return regex }
        let regex = (try? Regex(Self.swiftSyntax(ofECMA: pattern)))?.matchingSemantics(.unicodeScalar)
        compiled[pattern] = regex
        return regex
    }

    /// ECMA-262's white space (WhiteSpace and LineTerminator). Unicode's White_Space, which Swift's `\s` means,
    /// differs: U+0085 is space to Swift only, U+FEFF to ECMA only. Spelled out one by one because Swift refuses
    /// a range whose bounds are such scalars.
    static let ecmaSpaces = "\t\n\u{0B}\u{0C}\r \u{A0}\u{1680}\u{2000}\u{2001}\u{2002}\u{2003}\u{2004}\u{2005}"
        + "\u{2006}\u{2007}\u{2008}\u{2009}\u{200A}\u{2028}\u{2029}\u{202F}\u{205F}\u{3000}\u{FEFF}"

    /// A document's pattern as Swift's regex syntax, so that the server accepts exactly what a client that
    /// reads the document (schemathesis, a browser) generates: `\s`, `\S`, `\d` and `\w` become the classes
    /// ECMA-262 defines (Swift's are Unicode's), and matching runs per code point, not per grapheme cluster
    /// (an accent after `@` must not hide it).
    static func swiftSyntax(ofECMA pattern: String) -> String {
        let classes: [Character: (inside: String, negated: Bool)] = [
            "s": (ecmaSpaces, false), "S": (ecmaSpaces, true), "d": ("0-9", false), "D": ("0-9", true),
            "w": ("A-Za-z0-9_", false), "W": ("A-Za-z0-9_", true),
        ]
        var out = ""
        var inClass = false
        var characters = pattern.makeIterator()
        while let character = characters.next() {
            switch character {
            case "\\":
                guard let escaped = characters.next() else { out.append(character); continue }
                guard let (members, negated) = classes[escaped] else { out += "\\\(escaped)"; continue }
                if !inClass {
                    out += negated ? "[^\(members)]" : "[\(members)]"
                } else if !negated {
                    out += members
                } else {
                    // A negated class inside a class has no plain spelling; Swift's meaning is kept.
                    out += "\\\(escaped)"
                }
            case "[" where !inClass: inClass = true; out.append(character)
            case "]" where inClass: inClass = false; out.append(character)
            default: out.append(character)
            }
        }
        return out
    }
}
