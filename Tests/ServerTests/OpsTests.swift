import Foundation
import Logistics
import Server
import Testing
import TestSupport

@Suite("Ops")
struct OpsTests {
    @Test("the OpenAPI document lists exactly the router's routes", arguments: TestDatabase.available.prefix(1))
    func openAPIMatchesRouter(_ database: TestDatabase) async throws {
        try await database.withFresh { client in
            let router = buildRouter(try await makeServices(testConfiguration(), database: client))
            @Sendable func normalise(_ path: String) -> String {
                path.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
            }
            // The web pages (HTML, scripts, styles) are not the API: the document describes the API only.
            let pages = ["", "console", "console/**", "m", "m/**", "assets/**", "favicon.ico"]
            let routed = Set(router.routes.map { ($0.method.rawValue.uppercased(), normalise($0.path.description)) }
                .filter { !pages.contains($0.1) }.map { "\($0.0) /\($0.1)" })
            let app = try await buildApplication(testConfiguration(), database: client)
            let documented: Set<String> = try await app.test(.router) { testClient in
                try await testClient.execute(uri: "/api/v1/openapi.json", method: .get) { response in
                    let json = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                    #expect(json["openapi"] as? String == "3.1.0")
                    let paths = try #require(json["paths"] as? [String: [String: Any]])
                    return Set(paths.flatMap { path, methods in methods.keys.map { "\($0.uppercased()) /\(normalise(path))" } })
                }
            }
            #expect(routed.subtracting(documented).isEmpty, "undocumented: \(routed.subtracting(documented).sorted())")
            #expect(documented.subtracting(routed).isEmpty, "documented but not routed: \(documented.subtracting(routed).sorted())")
            #expect(routed.count >= 20)
        }
    }

    @Test("health answers, metrics count orders, unknown routes get the error shape", arguments: TestDatabase.available)
    func healthAndMetrics(_ database: TestDatabase) async throws {
        try await withApp(database) { app in
            let health = try await app.call(.get, "/health")
            #expect(health.status == .ok && health["status"] as? String == "ok" && health["database"] as? String == database.rawValue)
            #expect(health.headers[.init("X-Request-Id")!] != nil)
            let (token, _) = try await app.customer()
            #expect(try await app.placeOrder(token: token, addressId: try await app.address(token: token)).status == .created)
            let metrics = try await app.call(.get, "/metrics")
            #expect(metrics.status == .ok)
            #expect(metrics.text.contains("chargemall_orders_placed_total"))
            #expect(metrics.text.contains("hb_requests"))
            let missing = try await app.call(.get, "/api/v1/nothing-here")
            #expect(missing.status == .notFound && missing.errorCode == "not_found")
        }
    }
}
