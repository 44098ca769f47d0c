import HTTPTypes
import Logistics

/// One documented operation: what it takes, who may call it and every status it can answer with.
///
/// The error statuses that follow from its shape are added by `statuses`, so they cannot be forgotten:
/// 400 for a body or parameters (path ones too), 401 and 403 for access, 404 for a path with an id, 413 for a body,
/// 415 for an upload.
struct APIOperation: Sendable {
    enum Access: Sendable, Equatable {
        case anyone
        /// The caller proves itself with an HMAC signature in headers (payment provider, carriers).
        case signature
        case roles(Set<Role>)
    }

    struct Parameter: Sendable {
        enum Location: String, Sendable { case query, header }
        var name: String
        var location: Location
        var required = false
        var schema: Schema
        var description: String?

        static func query(_ name: String, _ schema: Schema, _ description: String? = nil) -> Parameter {
            Parameter(name: name, location: .query, schema: schema, description: description)
        }
        static func header(_ name: String, _ schema: Schema, required: Bool = false, _ description: String? = nil) -> Parameter {
            Parameter(name: name, location: .header, required: required, schema: schema, description: description)
        }
    }

    /// What a successful answer carries.
    enum Content: Sendable {
        case json(Schema)
        /// A body that is not JSON: the media types it may have and a description.
        case other(mediaTypes: [String], String)
        /// Server-sent events, each described by the schema (`id`, `event`, `data`), as OpenAPI 3.1 reads it.
        case eventStream(Schema, String)
        case empty
    }

    let method: HTTPRequest.Method
    let path: String
    var summary: String
    var tag: String
    var access: Access = .anyone
    var parameters: [Parameter] = []
    /// A request body that is not JSON but raw bytes (a photo): the media types taken and the size limit.
    struct Upload: Sendable {
        var mediaTypes: [String]
        var maxBytes: Int
        var description: String
    }

    /// The name of the request body's schema in `APISchemas`.
    var body: String?
    var upload: Upload?
    var bodyRequired = true
    var success: [Int: Content]
    /// Error statuses beyond those that follow from the operation's shape (409 conflicts, 422 rules, 429...).
    var errors: Set<Int> = []

    init(_ method: HTTPRequest.Method, _ path: String, _ summary: String, tag: String, access: Access = .anyone, parameters: [Parameter] = [],
         body: String? = nil, bodyRequired: Bool = true, upload: Upload? = nil, success: [Int: Content], errors: Set<Int> = []) {
        self.method = method
        self.path = path
        self.summary = summary
        self.tag = tag
        self.access = access
        self.parameters = parameters
        self.body = body
        self.bodyRequired = bodyRequired
        self.upload = upload
        self.success = success
        self.errors = errors
        pathParameters = path.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) }
    }

    /// The names in the path's braces.
    let pathParameters: [String]

    /// Every error status this operation may answer with.
    var errorStatuses: Set<Int> {
        var statuses = errors
        if body != nil || !parameters.isEmpty || !pathParameters.isEmpty { statuses.insert(400) }
        if body != nil || upload != nil { statuses.insert(413) }
        if upload != nil { statuses.formUnion([400, 415]) }
        switch access {
        case .anyone: break
        case .signature: statuses.insert(401)
        case .roles(let roles):
            statuses.insert(401)
            if roles != Set(Role.allCases) { statuses.insert(403) }
        }
        if !pathParameters.isEmpty { statuses.insert(404) }
        // Every operation reads or writes the database, which may be down or out of disk.
        statuses.insert(503)
        return statuses
    }

    /// Every status, successes and errors.
    var statuses: Set<Int> { Set(success.keys).union(errorStatuses) }
}

extension Set where Element == Role {
    static let customers: Set<Role> = [.customer]
    static let staff: Set<Role> = Set(Role.allCases.filter(\.isStaff))
    static let everyone: Set<Role> = Set(Role.allCases)
    static let stockKeepers: Set<Role> = [.admin, .warehouse]
    static let admins: Set<Role> = [.admin]
    static let planners: Set<Role> = DispatchService.planners
    static let drivers: Set<Role> = [.driver]
    static let agents: Set<Role> = SupportService.agents
}
