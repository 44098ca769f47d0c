import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Checks every answer against the document: its status is one the operation lists, and a JSON body
/// matches the schema documented for that status. Turned on by `AppConfiguration.checkResponses` (the
/// tests do); a breach becomes a 500 `contract_violation` that names it, so the test that caused it fails.
///
/// Sits outside `ErrorMiddleware`, so it sees thrown errors as the responses clients get.
struct ContractResponseCheck: RouterMiddleware {
    typealias Context = AppRequestContext
    let routes: ContractRoutes

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        guard let path = routes.match(request, context: context), let operation = path.endpoints[request.method]?.operation else { return response }
        let template = path.template
        let where_ = "\(request.method.rawValue) \(template) \(response.status.code)"
        guard operation.statuses.contains(response.status.code) else {
            return violation("status \(response.status.code) is not documented for \(request.method.rawValue) \(template)", context: context)
        }
        let schema: Schema
        if response.status.code >= 400 {
            schema = .ref("Error")
        } else if case .json(let documented) = operation.success[response.status.code] {
            schema = documented
        } else {
            return response
        }
        guard response.headers[.contentType]?.hasPrefix("application/json") == true else {
            return violation("\(where_): content type \(response.headers[.contentType] ?? "none"), documented application/json", context: context)
        }
        let collector = BodyCollector()
        try await response.body.write(collector)
        let bytes = collector.buffer.buffer
        response.body = .init(byteBuffer: bytes)
        guard let value = JSONValue.parse(Data(buffer: bytes)) else { return violation("\(where_): the body is not JSON", context: context) }
        if let breach = OpenAPIDocument.validator.firstViolation(of: value, against: schema) {
            return violation("\(where_): \(breach.field.isEmpty ? "body" : breach.field) \(breach.message)", context: context)
        }
        return response
    }

    private func violation(_ message: String, context: Context) -> Response {
        context.logger.error("response breaks the OpenAPI document", metadata: ["violation": "\(message)"])
        var response = ErrorMiddleware.response(for: APIError(.internalServerError, code: "contract_violation", message: message), context: context)
        response.headers[.requestID] = context.id
        return response
    }
}

/// Gathers a response body so it can be checked and sent on.
private struct BodyCollector: ResponseBodyWriter {
    final class Box: @unchecked Sendable { var buffer = ByteBuffer() }
    let buffer = Box()

    mutating func write(_ part: ByteBuffer) async throws {
        var part = part
        buffer.buffer.writeBuffer(&part)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
