import HTTPTypes
import Hummingbird

/// The document's operations by path template and method, prepared once for the per-request checks, and
/// how a request finds its template.
struct ContractRoutes: Sendable {
    /// One operation with what its checks need, looked up once instead of on every request.
    final class Endpoint: Sendable {
        let operation: APIOperation
        let pathParameters: [(name: String, schema: Schema)]
        /// The header name of each of `operation.parameters` (nil for query parameters).
        let headerNames: [HTTPField.Name?]
        let bodySchema: Schema?

        init(_ operation: APIOperation) {
            self.operation = operation
            pathParameters = operation.pathParameters.map { ($0, OpenAPIDocument.pathParameters[$0] ?? .string()) }
            headerNames = operation.parameters.map { $0.location == .header ? HTTPField.Name($0.name) : nil }
            bodySchema = operation.body.flatMap { APISchemas.all[$0] }
        }
    }

    /// A documented path and its operations.
    final class Path: Sendable {
        let template: String
        let endpoints: [HTTPRequest.Method: Endpoint]
        /// The `Allow` header of a 405.
        let allow: String

        init(template: String, operations: [APIOperation]) {
            self.template = template
            endpoints = Dictionary(operations.map { ($0.method, Endpoint($0)) }, uniquingKeysWith: { first, _ in first })
            allow = endpoints.keys.map(\.rawValue).sorted().joined(separator: ", ")
        }
    }

    private let byTemplate: [String: Path]
    /// Templates split into segments, for requests the router did not match (to tell 405 from 404).
    private let segments: [(parts: [Substring], path: Path)]

    init(_ operations: [APIOperation] = OpenAPIDocument.operations) {
        let grouped = Dictionary(grouping: operations, by: \.path)
        byTemplate = grouped.mapValues { Path(template: $0[0].path, operations: $0) }
        segments = byTemplate.sorted { $0.key < $1.key }.map { ($0.key.split(separator: "/"), $0.value) }
    }

    /// The documented path the request is on; nil for an unknown path.
    func match(_ request: Request, context: AppRequestContext) -> Path? {
        if let template = context.endpointPath, let path = byTemplate[template] { return path }
        let parts = request.uri.path.split(separator: "/")
        for (templateParts, path) in segments where templateParts.count == parts.count {
            if zip(templateParts, parts).allSatisfy({ pattern, part in pattern.hasPrefix("{") || pattern == part }) { return path }
        }
        return nil
    }
}
