import Foundation
import HTTPTypes
import Hummingbird
import Logistics
import Metrics
import NIOCore

/// Enforces the OpenAPI document on every request before a handler runs: a method the path does not list
/// is a 405 with `Allow`; the caller's role is checked against the operation's; parameters and the JSON
/// body are validated against their schemas (400 naming the field). Handlers so never see input the
/// document forbids, and the document cannot promise a limit that nobody enforces.
///
/// Runs inside `AuthMiddleware`, which has put the signed-in user in the context. Knowing the operation,
/// the user and the body, it also writes the audit log: every change by staff that succeeded.
struct ContractMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let routes: ContractRoutes
    var audit: (any AuditStore)?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let path = routes.match(request, context: context) else { return try await next(request, context) }
        guard let endpoint = path.endpoints[request.method] else {
            var response = ErrorMiddleware.response(
                for: APIError(.methodNotAllowed, code: "method_not_allowed", message: "\(request.method.rawValue) is not allowed on \(path.template)",
                              details: ["allow": path.allow]),
                context: context)
            response.headers[.allow] = path.allow
            return response
        }
        let operation = endpoint.operation
        try checkAccess(operation, request: request, context: context)
        try checkParameters(endpoint, request: request, context: context)
        var request = request, body: ByteBuffer?
        if let schema = endpoint.bodySchema {
            (request, body) = try await checkedBody(request, schema: schema, required: operation.bodyRequired, context: context)
        }
        let response = try await next(request, context)
        if let audit, let user = context.user, user.role.isStaff, request.method != .get, request.method != .head,
           (200..<300).contains(response.status.code), !Self.unaudited.contains(operation.path) {
            await record(AuditEntry(id: Identifier.make("aud", at: Date()), at: Date(), actorId: user.id, actorRole: user.role,
                                    method: request.method.rawValue, path: request.uri.path, route: operation.path, action: operation.summary,
                                    status: response.status.code, detail: body.flatMap(AuditDetail.redacted)),
                         in: audit, context: context)
        }
        return response
    }

    /// Telemetry, not actions: a van's GPS pings arrive every few seconds all day.
    static let unaudited: Set<String> = ["/api/v1/driver/positions"]

    /// The change has committed: an audit write that fails is logged and counted, and the answer stands
    /// (turning a done change into an error would invite the caller to do it twice).
    private func record(_ entry: AuditEntry, in audit: any AuditStore, context: Context) async {
        do {
            try await audit.recordAudit(entry)
        } catch {
            Counter(label: "chargemall_audit_write_failures_total").increment()
            context.logger.error("audit entry not written", metadata: ["path": "\(entry.path)", "actor": "\(entry.actorId)", "error": "\(error)"])
        }
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

    private func checkParameters(_ endpoint: ContractRoutes.Endpoint, request: Request, context: Context) throws {
        for (name, schema) in endpoint.pathParameters {
            guard let raw = context.parameters.get(name) else { continue }
            // The router leaves segments percent-encoded; the schema speaks of the decoded value.
            let value = raw.utf8.contains(UInt8(ascii: "%")) ? raw.removingPercentEncoding ?? raw : raw
            if let violation = OpenAPIDocument.validator.firstViolation(ofText: value, against: schema, at: name) {
                throw APIError(.badRequest, code: "invalid_path", message: violation.description, details: ["field": violation.field])
            }
        }
        let operation = endpoint.operation
        guard !operation.parameters.isEmpty else { return }
        let query = request.uri.queryParameters
        for (parameter, headerName) in zip(operation.parameters, endpoint.headerNames) {
            let value: String?
            switch parameter.location {
            case .query: value = query[parameter.name[...]].map(String.init)
            case .header: value = headerName.flatMap { request.headers[$0] }
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

    /// Reads the body once, validates it and hands the handler a request with the same bytes (and the bytes).
    private func checkedBody(_ request: Request, schema: Schema, required: Bool, context: Context) async throws -> (Request, ByteBuffer?) {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: context.maxUploadSize)
        } catch {
            throw APIError(.contentTooLarge, code: "payload_too_large", message: "the body is larger than \(context.maxUploadSize) bytes")
        }
        var request = request
        request.body = .init(buffer: buffer)
        if buffer.readableBytes == 0 {
            guard required else { return (request, nil) }
            throw APIError(.badRequest, code: "invalid_json", message: "the request needs a JSON body")
        }
        guard let value = JSONValue.parse(Data(buffer: buffer)) else {
            throw APIError(.badRequest, code: "invalid_json", message: "the body is not valid JSON")
        }
        if let violation = OpenAPIDocument.validator.firstViolation(of: value, against: schema) {
            let code = violation.message == "is required" ? "missing_field" : "invalid_field"
            throw APIError(.badRequest, code: code, message: violation.description, details: ["field": violation.field])
        }
        return (request, buffer)
    }
}
