import Foundation

/// The JSON writer for everything the server sends (responses, pushes, webhooks): the same document as
/// Foundation's `JSONEncoder` with `.sortedKeys` and ISO 8601 times, at a fraction of the cost. Foundation's
/// encoder builds dictionaries of futures and looks up generic metadata for every value; on the 2-core
/// machine a page of 50 conversations cost the server more to encode than to query (issue 13's inbox
/// benchmark). This one keeps each object's members in an array, sorts them once when writing, and writes
/// scalars straight to bytes.
///
/// Differences, none of which a JSON reader sees: keys are sorted by their UTF-8 bytes; a whole-number
/// Double is written without its `.0` (as Foundation does); non-finite numbers throw (as Foundation does).
struct ResponseEncoder: Sendable {
    func encode<T: Encodable>(_ value: T) throws -> Data {
        Data(try bytes(value))
    }

    func bytes<T: Encodable>(_ value: T) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        try JSONTree.make(value, in: .root, key: nil).write(to: &out)
        return out
    }
}

/// One encoded value, waiting to be written.
enum JSONTree {
    case null
    case bool(Bool)
    case int(Int64)
    case unsigned(UInt64)
    /// A number already spelled as JSON.
    case number(String)
    case string(String)
    case object(JSONObject)
    case array(JSONArray)

    static func make<T: Encodable>(_ value: T, in parent: CodingPathNode, key: (any CodingKey)?) throws -> JSONTree {
        // Metatype comparisons, not casts: most values are none of these, and a failed cast is a runtime call.
        if T.self == String.self { return .string(value as! String) }
        if T.self == Date.self { return .string(ISO8601.string(from: value as! Date)) }
        if T.self == Int.self { return .int(Int64(value as! Int)) }
        if T.self == Double.self { return try .double(value as! Double, at: parent.appending(key)) }
        if T.self == Bool.self { return .bool(value as! Bool) }
        if T.self == Int64.self { return .int(value as! Int64) }
        if T.self == Int32.self { return .int(Int64(value as! Int32)) }
        if T.self == UInt64.self { return .unsigned(value as! UInt64) }
        if T.self == Float.self { return try .double(Double(value as! Float), at: parent.appending(key)) }
        if T.self == URL.self { return .string((value as! URL).absoluteString) }
        if T.self == Data.self { return .string((value as! Data).base64EncodedString()) }
        if T.self == Decimal.self { return .number((value as! Decimal).description) }
        let encoder = TreeEncoder(path: parent.appending(key))
        try value.encode(to: encoder)
        // Foundation writes a value that encoded nothing as an empty object.
        return encoder.tree ?? .object(JSONObject())
    }

    static func double(_ value: Double, at path: CodingPathNode) throws -> JSONTree {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: path.keys, debugDescription: "\(value) is not a JSON number"))
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return .number(text)
    }

    func write(to out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .int(let number): Self.writeInteger(number.magnitude, negative: number < 0, to: &out)
        case .unsigned(let number): Self.writeInteger(number, negative: false, to: &out)
        case .number(let text): out.append(contentsOf: text.utf8)
        case .string(let text): Self.writeString(text, to: &out)
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            let members = object.members, order = object.sortedOrder()
            var first = true
            for (position, index) in order.enumerated() {
                // A key written twice (only a hand-written `encode(to:)` can) keeps its last value, as Foundation's does.
                if position + 1 < order.count, members[order[position + 1]].key == members[index].key { continue }
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                Self.writeString(members[index].key, to: &out)
                out.append(UInt8(ascii: ":"))
                members[index].value.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        case .array(let array):
            out.append(UInt8(ascii: "["))
            for (index, item) in array.items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                item.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
    }

    static func writeInteger(_ magnitude: UInt64, negative: Bool, to out: inout [UInt8]) {
        if negative { out.append(UInt8(ascii: "-")) }
        var value = magnitude, count = 0
        repeat { count += 1; value /= 10 } while value > 0
        let start = out.count
        out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: count))
        value = magnitude
        for index in stride(from: start + count - 1, through: start, by: -1) {
            out[index] = UInt8(ascii: "0") + UInt8(value % 10)
            value /= 10
        }
    }

    private static let hex = Array("0123456789abcdef".utf8)

    /// Quotes and escapes like Foundation: `"`, `\`, `/` and control characters; everything else as UTF-8.
    static func writeString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Most strings (ids, keys, enum values) need no escape: copied whole.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "/") }) {
            out.append(contentsOf: text.utf8)
            out.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "/"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "/")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x08: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0..<0x20:
                out.append(contentsOf: Array("\\u00".utf8))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// An object's members in the order they were encoded; containers add to it after it is placed in its parent.
final class JSONObject {
    var members: [(key: String, value: JSONTree)] = []

    func set(_ key: String, _ value: JSONTree) { members.append((key, value)) }

    /// The members' indices by key (as Swift orders strings: byte order for the ASCII keys of our types), a
    /// repeated key's writes in the order they were made.
    func sortedOrder() -> [Int] {
        members.indices.sorted { a, b in
            let left = members[a].key, right = members[b].key
            return left == right ? a < b : left < right
        }
    }
}

final class JSONArray {
    var items: [JSONTree] = []
}

/// The `Encoder` a value's `encode(to:)` talks to: it records one tree (a scalar, an object or an array).
final class TreeEncoder: Encoder {
    let path: CodingPathNode
    var codingPath: [any CodingKey] { path.keys }
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    var tree: JSONTree?

    init(path: CodingPathNode) { self.path = path }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let object: JSONObject
        if case .object(let existing) = tree { object = existing } else { object = JSONObject(); tree = .object(object) }
        return KeyedEncodingContainer(TreeKeyedContainer<Key>(object: object, path: path))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let array: JSONArray
        if case .array(let existing) = tree { array = existing } else { array = JSONArray(); tree = .array(array) }
        return TreeUnkeyedContainer(array: array, path: path)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { TreeSingleValueContainer(encoder: self) }
}

struct TreeKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let object: JSONObject
    let path: CodingPathNode
    var codingPath: [any CodingKey] { path.keys }

    mutating func encodeNil(forKey key: Key) throws { object.set(key.stringValue, .null) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { object.set(key.stringValue, .bool(value)) }
    mutating func encode(_ value: String, forKey key: Key) throws { object.set(key.stringValue, .string(value)) }
    mutating func encode(_ value: Int, forKey key: Key) throws { object.set(key.stringValue, .int(Int64(value))) }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        object.set(key.stringValue, try .double(value, at: path.appending(key)))
    }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        object.set(key.stringValue, try .make(value, in: path, key: key))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nested = JSONObject()
        object.set(key.stringValue, .object(nested))
        return KeyedEncodingContainer(TreeKeyedContainer<NestedKey>(object: nested, path: path.appending(key)))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = JSONArray()
        object.set(key.stringValue, .array(nested))
        return TreeUnkeyedContainer(array: nested, path: path.appending(key))
    }

    mutating func superEncoder() -> any Encoder { SlotEncoder(path: path) { [object] in object.set("super", $0) } }
    mutating func superEncoder(forKey key: Key) -> any Encoder {
        SlotEncoder(path: path.appending(key)) { [object] in object.set(key.stringValue, $0) }
    }
}

struct TreeUnkeyedContainer: UnkeyedEncodingContainer {
    let array: JSONArray
    let path: CodingPathNode
    var codingPath: [any CodingKey] { path.keys }
    var count: Int { array.items.count }

    private var next: CodingPathNode { path.appending(IndexKey(intValue: array.items.count)) }

    mutating func encodeNil() throws { array.items.append(.null) }
    mutating func encode(_ value: Bool) throws { array.items.append(.bool(value)) }
    mutating func encode(_ value: String) throws { array.items.append(.string(value)) }
    mutating func encode(_ value: Int) throws { array.items.append(.int(Int64(value))) }
    mutating func encode<T: Encodable>(_ value: T) throws { array.items.append(try .make(value, in: path, key: IndexKey(intValue: array.items.count))) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = JSONObject()
        let path = next
        array.items.append(.object(nested))
        return KeyedEncodingContainer(TreeKeyedContainer<NestedKey>(object: nested, path: path))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = JSONArray()
        let path = next
        array.items.append(.array(nested))
        return TreeUnkeyedContainer(array: nested, path: path)
    }

    mutating func superEncoder() -> any Encoder {
        // The slot is taken now so that later items keep their order.
        let index = array.items.count
        array.items.append(.null)
        return SlotEncoder(path: path.appending(IndexKey(intValue: index))) { [array] in array.items[index] = $0 }
    }
}

struct TreeSingleValueContainer: SingleValueEncodingContainer {
    let encoder: TreeEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() throws { encoder.tree = .null }
    mutating func encode(_ value: Bool) throws { encoder.tree = .bool(value) }
    mutating func encode(_ value: String) throws { encoder.tree = .string(value) }
    mutating func encode(_ value: Int) throws { encoder.tree = .int(Int64(value)) }
    mutating func encode(_ value: Double) throws { encoder.tree = try .double(value, at: encoder.path) }
    mutating func encode<T: Encodable>(_ value: T) throws { encoder.tree = try .make(value, in: encoder.path, key: nil) }
}

/// A super-encoder: what is encoded into it lands in its slot when it is released.
final class SlotEncoder: Encoder {
    let inner: TreeEncoder
    let place: (JSONTree) -> Void
    var codingPath: [any CodingKey] { inner.codingPath }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(path: CodingPathNode, place: @escaping (JSONTree) -> Void) {
        inner = TreeEncoder(path: path)
        self.place = place
    }

    deinit { place(inner.tree ?? .object(JSONObject())) }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> { inner.container(keyedBy: type) }
    func unkeyedContainer() -> any UnkeyedEncodingContainer { inner.unkeyedContainer() }
    func singleValueContainer() -> any SingleValueEncodingContainer { inner.singleValueContainer() }
}

struct IndexKey: CodingKey {
    var stringValue: String { "Index \(intValue ?? 0)" }
    var intValue: Int?
    init(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { nil }
}

/// The coding path as a chain that is only turned into an array when someone asks (an error, a custom
/// `encode(to:)` that reads it): building an array for every value was a measurable share of the work.
final class CodingPathNode: Sendable {
    let parent: CodingPathNode?
    nonisolated(unsafe) let key: (any CodingKey)?

    static let root = CodingPathNode(parent: nil, key: nil)

    init(parent: CodingPathNode?, key: (any CodingKey)?) {
        self.parent = parent
        self.key = key
    }

    func appending(_ key: (any CodingKey)?) -> CodingPathNode { key.map { CodingPathNode(parent: self, key: $0) } ?? self }

    var keys: [any CodingKey] {
        var keys: [any CodingKey] = []
        var node: CodingPathNode? = self
        while let current = node, let key = current.key {
            keys.append(key)
            node = current.parent
        }
        return keys.reversed()
    }
}
