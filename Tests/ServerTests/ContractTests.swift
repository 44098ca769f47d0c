import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logistics
@testable import Server
import Testing
import TestSupport

@Suite("API contract")
struct ContractTests {
    @Test("every schema the document names exists, and every operation lists its error statuses")
    func documentIsClosed() throws {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json)) as? [String: Any])
        let components = try #require((json["components"] as? [String: Any])?["schemas"] as? [String: Any])
        var references: [String] = []
        func walk(_ value: Any) {
            if let object = value as? [String: Any] {
                if let ref = object["$ref"] as? String { references.append(ref) }
                object.values.forEach(walk)
            } else if let array = value as? [Any] {
                array.forEach(walk)
            }
        }
        walk(json)
        #expect(!references.isEmpty)
        for ref in references {
            #expect(components[String(ref.dropFirst("#/components/schemas/".count))] != nil, "dangling \(ref)")
        }
        for operation in OpenAPIDocument.operations {
            if operation.body != nil { #expect(operation.statuses.isSuperset(of: [400, 413]), "\(operation.path)") }
            if case .roles = operation.access { #expect(operation.statuses.contains(401), "\(operation.path)") }
            if operation.path.contains("{") { #expect(operation.statuses.contains(404), "\(operation.path)") }
            if let body = operation.body { #expect(APISchemas.all[body] != nil, "\(body)") }
        }
    }

    @Test("a method the path does not list is a 405 with Allow; an unknown path stays a 404", arguments: TestDatabase.available.prefix(1))
    func methodNotAllowed(_ database: TestDatabase) async throws {
        try await withApp(database) { app in
            let trace = try await app.call(.init("TRACE")!, "/api/v1/orders")
            #expect(trace.status == .methodNotAllowed && trace.errorCode == "method_not_allowed")
            #expect(trace.headers[.allow] == "GET, POST")
            let delete = try await app.call(.delete, "/api/v1/orders/ord_123")
            #expect(delete.status == .methodNotAllowed && delete.headers[.allow] == "GET")
            let put = try await app.call(.put, "/api/v1/carriers/sf/callback")
            #expect(put.status == .methodNotAllowed && put.headers[.allow] == "POST")
            let missing = try await app.call(.get, "/api/v1/orders/ord_1/nothing")
            #expect(missing.status == .notFound && missing.errorCode == "not_found")
        }
    }

    @Test("input outside a documented limit is a 400 naming the field, and changes nothing", arguments: TestDatabase.available)
    func limitsAreEnforced(_ database: TestDatabase) async throws {
        try await withApp(database) { app in
            let (token, _) = try await app.customer()
            let address = try await app.address(token: token)
            let before = try await app.snapshot()
            let cases: [(String, HTTPRequest.Method, String, String?, String)] = [
                ("quantity above 999", .post, "/api/v1/orders", #"{"lines":[{"sku":"WB-7KW-BASIC","quantity":1000}],"addressId":"\#(address)"}"#, "lines[0].quantity"),
                ("51 lines", .post, "/api/v1/orders",
                 #"{"lines":[\#(Array(repeating: #"{"sku":"WB-7KW-BASIC","quantity":1}"#, count: 51).joined(separator: ","))],"addressId":"\#(address)"}"#, "lines"),
                ("a time that is not one", .post, "/api/v1/orders",
                 #"{"lines":[{"sku":"WB-7KW-BASIC","quantity":1}],"addressId":"\#(address)","deliveryWindow":{"start":"2026-02-30T10:00:00Z","end":"2026-03-01T10:00:00Z"}}"#,
                 "deliveryWindow.start"),
                ("latitude 91", .post, "/api/v1/me/addresses", #"{"recipient":"Li","phone":"13800000000","region":"Futian","detail":"1","latitude":91,"longitude":114}"#, "latitude"),
                ("a phone of letters", .post, "/api/v1/me/addresses", #"{"recipient":"Li","phone":"call me maybe","region":"Futian","detail":"1","latitude":22,"longitude":114}"#, "phone"),
                ("a blank recipient", .post, "/api/v1/me/addresses", #"{"recipient":"   ","phone":"13800000000","region":"Futian","detail":"1","latitude":22,"longitude":114}"#, "recipient"),
                ("limit 0", .get, "/api/v1/orders?limit=0", nil, "limit"),
                ("limit not a number", .get, "/api/v1/orders?limit=ten", nil, "limit"),
                ("unknown status", .get, "/api/v1/orders?status=teleported", nil, "status"),
                ("an Idempotency-Key of 201 characters", .post, "/api/v1/orders", #"{"lines":[{"sku":"WB-7KW-BASIC","quantity":1}],"addressId":"\#(address)"}"#, "Idempotency-Key"),
            ]
            for (name, method, uri, body, field) in cases {
                var headers = HTTPFields()
                if name.hasPrefix("an Idempotency-Key") { headers[.init("Idempotency-Key")!] = String(repeating: "k", count: 201) }
                let reply = try await app.call(method, uri, token: token, body: body, headers: headers)
                #expect(reply.status == .badRequest, "\(name): \(reply.text.prefix(300))")
                let details = (reply["error"] as? [String: Any])?["details"] as? [String: String]
                #expect(details?["field"] == field, "\(name): \(reply.text.prefix(300))")
            }
            #expect(try await app.snapshot() == before)
        }
    }

    @Test("a role the operation does not list is refused before the body is read", arguments: TestDatabase.available.prefix(1))
    func rolesBeforeBodies(_ database: TestDatabase) async throws {
        try await withApp(database) { app in
            let (customer, _) = try await app.customer()
            let receipt = try await app.call(.post, "/api/v1/admin/stock/receipts", token: customer, body: #"{"quantity":"lots"}"#)
            #expect(receipt.status == .forbidden && receipt.errorCode == "forbidden")
            let anonymous = try await app.call(.post, "/api/v1/admin/stock/receipts", body: #"{"quantity":"lots"}"#)
            #expect(anonymous.status == .unauthorized)
        }
    }

    @Test("a stale token is ignored where no sign-in is needed and explained where one is", arguments: TestDatabase.available.prefix(1))
    func staleTokens(_ database: TestDatabase) async throws {
        try await withApp(database) { app in
            let products = try await app.call(.get, "/api/v1/products", token: "not-a-token")
            #expect(products.status == .ok)
            let orders = try await app.call(.get, "/api/v1/orders", token: "not-a-token")
            #expect(orders.status == .unauthorized)
            #expect(((orders["error"] as? [String: Any])?["message"] as? String)?.contains("invalid or expired") == true, "\(orders.text)")
            let scheme = try await app.call(.get, "/api/v1/orders", headers: [.authorization: "Basic abc"])
            #expect(scheme.status == .unauthorized && scheme.text.contains("Bearer"))
        }
    }

    @Test("the last page of a list says nextCursor: null", arguments: TestDatabase.available.prefix(1))
    func lastPageCursor(_ database: TestDatabase) async throws {
        try await withApp(database) { app in
            let first = try await app.call(.get, "/api/v1/products?limit=2")
            let cursor = try #require(first["nextCursor"] as? String)
            var page = try await app.call(.get, "/api/v1/products?limit=100&cursor=\(cursor)")
            #expect(page.json.keys.contains("nextCursor") && page["nextCursor"] is NSNull, "\(page.text.prefix(200))")
            let (token, _) = try await app.customer()
            page = try await app.call(.get, "/api/v1/orders", token: token)
            #expect(page.items.isEmpty && page["nextCursor"] is NSNull)
        }
    }

    @Test("a response the document does not describe becomes a 500 that names the breach")
    func responseCheckCatchesDrift() async throws {
        let operations = [
            APIOperation(.get, "/drift/status", "answers a status it does not list", tag: "test", success: [200: .json(.ref("Health"))]),
            APIOperation(.get, "/drift/body", "answers a body that breaks its schema", tag: "test", success: [200: .json(.ref("Health"))]),
            APIOperation(.get, "/drift/none", "keeps its word", tag: "test", success: [200: .json(.ref("Health"))]),
        ]
        let router = Router(context: AppRequestContext.self)
        router.add(middleware: ContractResponseCheck(routes: ContractRoutes(operations)))
        router.add(middleware: ErrorMiddleware())
        router.get("/drift/status") { _, _ -> Response in throw LogisticsError.conflict(.alertState, message: "not documented") }
        router.get("/drift/body") { _, _ in try JSONCoding.response(["status": "ok"]) }
        router.get("/drift/none") { _, _ in try JSONCoding.response(["status": "ok", "database": "sqlite", "schemaVersion": "1"].mapValues { $0 as String }) }
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/drift/status", method: .get) { response in
                #expect(response.status == .internalServerError)
                #expect(String(buffer: response.body).contains("status 409 is not documented"))
            }
            try await client.execute(uri: "/drift/body", method: .get) { response in
                #expect(response.status == .internalServerError)
                #expect(String(buffer: response.body).contains("database is required"))
            }
            try await client.execute(uri: "/drift/none", method: .get) { response in
                #expect(response.status == .internalServerError, "schemaVersion is a string here")
                #expect(String(buffer: response.body).contains("schemaVersion"))
            }
        }
    }
}

@Suite("JSON Schema validation")
struct SchemaValidatorTests {
    let validator = SchemaValidator(components: ["Point": .object(["x": .integer(min: 0, max: 10)], required: ["x"])])

    func check(_ json: String, _ schema: Schema) -> SchemaViolation? {
        validator.firstViolation(of: JSONValue.parse(Data(json.utf8))!, against: schema)
    }

    @Test("types are told apart as JSON Schema does")
    func types() {
        #expect(check("1", .integer()) == nil)
        #expect(check("2.0", .integer()) == nil, "2.0 is an integer in JSON Schema")
        #expect(check("1.5", .integer()) != nil)
        #expect(check("true", .integer()) != nil)
        #expect(check("1", .boolean) != nil)
        #expect(check("1", .number()) == nil)
        #expect(check(#""1""#, .integer()) != nil)
        #expect(check("null", .string()) != nil)
        #expect(check("null", Schema.string().orNull) == nil)
        #expect(check("null", Schema.ref("Point").orNull) == nil)
    }

    @Test("lengths count code points; limits, enums and patterns hold")
    func limits() {
        #expect(check(#""e\u0301e\u0301""#, .string(max: 3)) != nil, "four code points, two characters")
        #expect(check(#""abc""#, .string(min: 1, max: 3)) == nil)
        #expect(check(#""""#, .string(min: 1)) != nil)
        #expect(check(#""b""#, .oneOf(["a"])) != nil)
        #expect(check(#""   ""#, APISchemas.text(max: 10)) != nil)
        #expect(check(#""+86 138-0000-0000""#, APISchemas.phone) == nil)
        #expect(check(#""12345""#, APISchemas.phone) != nil)
        #expect(check(#""WB-7KW; DROP""#, APISchemas.code(min: 2, max: 40)) != nil)
        #expect(check("11", .integer(min: 0, max: 10)) != nil)
        #expect(check("-1", .integer(min: 0, max: 10)) != nil)
    }

    @Test("patterns mean what ECMA-262 says, code point by code point")
    func ecmaPatterns() throws {
        let email = try #require(APISchemas.requests["RegisterRequest"]?.properties.first { $0.name == "email" }?.schema)
        // What schemathesis generated: U+0085 is not white space in ECMA-262, though it is in Unicode.
        #expect(check(#""a@b\u0085.c""#, email) == nil)
        #expect(check(#""a@b\u2005.c""#, email) != nil)
        #expect(check(#""a@b.c\n""#, email) != nil, "$ is the end, not the end before a newline")
        #expect(check(#""a@\u0301b.c""#, email) == nil, "an accent does not swallow the @")
        #expect(check(#""\u0085\u00a0""#, APISchemas.text(max: 10)) != nil, "the domain trims U+0085 away")
        #expect(check(#""\u0085x""#, APISchemas.text(max: 10)) == nil)
        #expect(check(#""\ufeff""#, APISchemas.text(max: 10)) != nil)
        #expect(check(#""\u0663""#, .string(pattern: "^\\d$")) != nil, "an Arabic-Indic digit is no \\d")
        #expect(check(#""7""#, .string(pattern: "^\\d$")) == nil)
    }

    @Test("a violation names its path through objects and arrays")
    func paths() {
        let schema = Schema.object(["points": .array(.ref("Point"), max: 2)], required: ["points"])
        #expect(check(#"{"points":[{"x":1},{"x":11}]}"#, schema)?.field == "points[1].x")
        #expect(check(#"{"points":[{}]}"#, schema) == SchemaViolation(field: "points[0].x", message: "is required"))
        #expect(check(#"{"points":[{"x":1},{"x":1},{"x":1}]}"#, schema)?.field == "points")
        #expect(check(#"{}"#, schema)?.field == "points")
    }

    @Test("query and header text is read as the schema's type")
    func text() {
        #expect(validator.firstViolation(ofText: "20", against: .integer(min: 1, max: 100), at: "limit") == nil)
        #expect(validator.firstViolation(ofText: "2.5", against: .integer(min: 1, max: 100), at: "limit")?.field == "limit")
        #expect(validator.firstViolation(ofText: "abc", against: .integer(), at: "since") != nil)
    }
}

@Suite("Times on the wire")
struct TimeParsingTests {
    @Test("RFC 3339 in all its spellings; impossible dates refused")
    func rfc3339() throws {
        let noon = Date(timeIntervalSince1970: 1_764_072_000)  // 2025-11-25T12:00:00Z
        #expect(ISO8601.date(from: "2025-11-25T12:00:00Z") == noon)
        #expect(ISO8601.date(from: "2025-11-25t12:00:00z") == noon)
        #expect(ISO8601.date(from: "2025-11-25T20:00:00+08:00") == noon)
        #expect(ISO8601.date(from: "2025-11-25T11:30:00-00:30") == noon)
        #expect(ISO8601.date(from: "2025-11-25T12:00:00.250Z") == noon.addingTimeInterval(0.25))
        #expect(ISO8601.date(from: "2025-11-25T12:00:00") == nil, "a time without a zone is ambiguous")
        #expect(ISO8601.date(from: "2025-02-29T12:00:00Z") == nil, "2025 is no leap year")
        #expect(ISO8601.date(from: "2024-02-29T12:00:00Z") != nil)
        #expect(ISO8601.date(from: "2025-11-25T24:00:00Z") == nil)
        #expect(ISO8601.date(from: "2025-11-25T12:00:00Zjunk") == nil)
        #expect(ISO8601.date(from: ISO8601.string(from: noon)) == noon, "what we write we read")
    }

    @Test("carriers' times without a zone are China time")
    func carrierTimes() {
        let noon = Date(timeIntervalSince1970: 1_764_072_000)
        #expect(CarriersController.parseTime("2025-11-25 20:00:00") == noon)
        #expect(CarriersController.parseTime("2025-11-25T12:00:00Z") == noon)
        #expect(CarriersController.parseTime("2025-13-01 20:00:00") == nil)
    }
}
