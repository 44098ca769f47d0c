import Foundation
import Hummingbird
import Logistics

/// JSON in and out, with DESIGN.md's conventions: ISO 8601 UTC times, clear 400s for bad bodies.
enum JSONCoding {
    /// Foundation's `JSONEncoder` with sorted keys and ISO 8601 times, written faster (see `ResponseEncoder`).
    static let encoder = ResponseEncoder()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = ISO8601.date(from: text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected an ISO 8601 time such as 2026-11-25T08:00:00Z")
            }
            return date
        }
        return decoder
    }()

    /// Reads and decodes the body; every failure is a 4xx with the field that was wrong.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, context: AppRequestContext) async throws -> T {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: context.maxUploadSize)
        } catch {
            throw APIError(.contentTooLarge, code: "payload_too_large", message: "the body is larger than \(context.maxUploadSize) bytes")
        }
        guard buffer.readableBytes > 0 else { throw APIError(.badRequest, code: "invalid_json", message: "the request needs a JSON body") }
        do {
            return try decoder.decode(T.self, from: Data(buffer: buffer))
        } catch let error as DecodingError {
            throw describe(error)
        } catch {
            throw APIError(.badRequest, code: "invalid_json", message: "the body is not valid JSON")
        }
    }

    static func describe(_ error: DecodingError) -> APIError {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().drop(while: { $0 == "." }).description
        }
        switch error {
        case .typeMismatch(let type, let context):
            let field = path(context.codingPath)
            return APIError(.badRequest, code: "invalid_field", message: "\(field.isEmpty ? "body" : field): expected \(typeName(type))", details: ["field": field])
        case .valueNotFound(let type, let context):
            let field = path(context.codingPath)
            return APIError(.badRequest, code: "invalid_field", message: "\(field): expected \(typeName(type)), got null", details: ["field": field])
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath + [key])
            return APIError(.badRequest, code: "missing_field", message: "\(field) is required", details: ["field": field])
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            if field.isEmpty { return APIError(.badRequest, code: "invalid_json", message: "the body is not valid JSON") }
            return APIError(.badRequest, code: "invalid_field", message: "\(field): \(context.debugDescription)", details: ["field": field])
        @unknown default:
            return APIError(.badRequest, code: "invalid_json", message: "the body could not be read")
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is Int64.Type: "an integer"
        case is Double.Type: "a number"
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        default: "\(type)".contains("Array") ? "an array" : "an object"
        }
    }

    static func response<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try encoder.bytes(value))))
    }
}

/// A page of a list: the items and the cursor for the next page (`null` on the last, never left out).
struct Page<Item: Encodable>: Encodable {
    var items: [Item]
    var nextCursor: String?

    init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }

    /// The first `limit` of `rows` (read with `limit + 1`: one more tells that a next page exists), the last
    /// item's cursor when it does.
    init(rows: [Item], limit: Int, cursor: (Item) -> String) {
        items = Array(rows.prefix(limit))
        nextCursor = rows.count > limit ? items.last.map(cursor) : nil
    }

    enum CodingKeys: String, CodingKey { case items, nextCursor }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(nextCursor, forKey: .nextCursor)
    }
}

extension Request {
    /// The language for timeline sentences, from `Accept-Language` (zh-CN by default).
    var timelineLanguage: TimelineLanguage { TimelineLanguage(acceptLanguage: headers[.acceptLanguage]) }

    /// `?limit=` clamped to 1...100, default 20; anything else is a 400.
    func pageLimit() throws -> Int {
        guard let text = uri.queryParameters["limit"] else { return 20 }
        guard let value = Int(String(text)), (1...100).contains(value) else {
            throw APIError(.badRequest, code: "invalid_query", message: "limit must be an integer from 1 to 100", details: ["field": "limit"])
        }
        return value
    }
}
