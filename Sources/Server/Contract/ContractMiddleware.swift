import Foundation
import HTTPTypes
import Hummingbird
import Logistics
import NIOCore

/// Enforces the OpenAPI document on every request before a handler runs: a method the path does not list
/// is a 405 with `Allow`; the caller's role is checked against the operation's; parameters and the JSON
/// body are validated against their schemas (400 naming the field). Handlers so never see input the
/// document forbids, and the document cannot promise a limit that nobody enforces.
///
/// Runs inside `AuthMiddleware`, which has put the signed-in user in the context.
struct ContractMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let routes: ContractRoutes

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let (template, operations) = routes.match(request, context: context) else { return try await next(request, context) }
        guard let operation = operations[request.method] else {
            var response = ErrorMiddleware.response(
                for: APIError(.methodNotAllowed, code: "method_not_allowed", message: "\(request.method.rawValue) is not allowed on \(template)",
                              details: ["allow": ContractRoutes.allow(operations)]),
                context: context)
            response.headers[.allow] = ContractRoutes.allow(operations)
            return response
        }
        try checkAccess(operation, request: request, context: context)
        try checkParameters(operation, request: request, context: context)
        guard let bodyName = operation.body, let schema = APISchemas.all[bodyName] else { return try await next(request, context) }
        return try await next(try await checkedBody(request, schema: schema, required: operation.bodyRequired, context: context), context)
    }

    private func checkAccess(_ operation: APIOperation, request: Request, context: Context) throws {
        guard case .roles(let roles) = operation.access else { return }
        guard let user = context.user else {
            // Streams also take ?access_token= (EventSource cannot set headers); their handlers check it.
            if operation.parameters.contains(where: { $0.name == "access_token" }), request.uri.queryParameters["access_token"] != nil { return }
            throw context.authFailure ?? LogisticsError.unauthorized("sign in first: send Authorization: Bearer <accessToken>")
        }
        guard roles.contains(user.role) else {
            throw LogisticsError.forbidden("this needs one of the roles: \(roles.map(\.rawValue).sorted().joined(separator: ", "))")
        }
    }

    private func checkParameters(_ operation: APIOperation, request: Request, context: Context) throws {
        for name in operation.pathParameters {
            guard let raw = context.parameters.get(name), let schema = OpenAPIDocument.pathParameters[name] else { continue }
            // The router leaves segments percent-encoded; the schema speaks of the decoded value.
            let value = raw.removingPercentEncoding ?? raw
            if let violation = OpenAPIDocument.validator.firstViolation(ofText: value, against: schema, at: name) {
                throw APIError(.badRequest, code: "invalid_path", message: violation.description, details: ["field": violation.field])
            }
        }
        guard !operation.parameters.isEmpty else { return }
        let query = request.uri.queryParameters
        for parameter in operation.parameters {
            let value: String?
            switch parameter.location {
            case .query: value = query[parameter.name[...]].map(String.init)
            case .header: value = HTTPField.Name(parameter.name).flatMap { request.headers[$0] }
            }
            guard let value else {
                guard parameter.required else { continue }
                // A missing signature is an authentication failure, as a wrong one is.
                if operation.access == .signature { throw LogisticsError.unauthorized("\(parameter.name) is required") }
                throw APIError(.badRequest, code: "missing_\(parameter.location.rawValue)", message: "\(parameter.name) is required", details: ["field": parameter.name])
            }
            if let violation = OpenAPIDocument.validator.firstViolation(ofText: value, against: parameter.schema, at: parameter.name) {
                throw APIError(.badRequest, code: "invalid_\(parameter.location.rawValue)", message: violation.description, details: ["field": violation.field])
            }
        }
    }

    /// Reads the body once, validates it and hands the handler a request with the same bytes.
    private func checkedBody(_ request: Request, schema: Schema, required: Bool, context: Context) async throws -> Request {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: context.maxUploadSize)
        } catch {
            throw APIError(.contentTooLarge, code: "payload_too_large", message: "the body is larger than \(context.maxUploadSize) bytes")
        }
        var request = request
        request.body = .init(buffer: buffer)
        if buffer.readableBytes == 0 {
            guard required else { return request }
            throw APIError(.badRequest, code: "invalid_json", message: "the request needs a JSON body")
        }
        guard let value = JSONValue.parse(Data(buffer: buffer)) else {
            throw APIError(.badRequest, code: "invalid_json", message: "the body is not valid JSON")
        }
        if let violation = OpenAPIDocument.validator.firstViolation(of: value, against: schema) {
            let code = violation.message == "is required" ? "missing_field" : "invalid_field"
            throw APIError(.badRequest, code: code, message: violation.description, details: ["field": violation.field])
        }
        return request
    }
}

/// The document's operations by path template and method, and how a request finds its template.
struct ContractRoutes: Sendable {
    private let byTemplate: [String: [HTTPRequest.Method: APIOperation]]
    /// Templates split into segments, for requests the router did not match (to tell 405 from 404).
    private let segments: [(template: String, parts: [Substring])]

    init(_ operations: [APIOperation] = OpenAPIDocument.operations) {
        var byTemplate: [String: [HTTPRequest.Method: APIOperation]] = [:]
        for operation in operations { byTemplate[operation.path, default: [:]][operation.method] = operation }
        self.byTemplate = byTemplate
        segments = byTemplate.keys.sorted().map { ($0, $0.split(separator: "/")) }
    }

    func operation(_ method: HTTPRequest.Method, _ template: String) -> APIOperation? { byTemplate[template]?[method] }

    /// The template of the request's path and the operations documented on it; nil for an unknown path.
    func match(_ request: Request, context: AppRequestContext) -> (String, [HTTPRequest.Method: APIOperation])? {
        if let template = context.endpointPath, let operations = byTemplate[template] { return (template, operations) }
        let parts = request.uri.path.split(separator: "/")
        for (template, templateParts) in segments where templateParts.count == parts.count {
            let same = zip(templateParts, parts).allSatisfy { pattern, part in pattern.hasPrefix("{") || pattern == part }
            if same, let operations = byTemplate[template] { return (template, operations) }
        }
        return nil
    }

    static func allow(_ operations: [HTTPRequest.Method: APIOperation]) -> String {
        operations.keys.map(\.rawValue).sorted().joined(separator: ", ")
    }
}
