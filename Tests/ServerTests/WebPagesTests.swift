import Foundation
import HTTPTypes
import Logistics
import Server
import Testing
import TestSupport

/// The console and H5 pages as the server serves them; what they do in a browser is checked by
/// scripts/browser-tests.sh in chromium.
@Suite("Web pages")
struct WebPagesTests {
    @Test("every address below /console/ and /m/ opens its app's page, with a strict CSP; files have types and ETags", arguments: TestDatabase.available)
    func shells(_ database: TestDatabase) async throws {
        try await withApp(database) { app in
            let console = try await app.call(.get, "/console/orders/ord_123")
            #expect(console.status == .ok && console.text.contains("/assets/console/main.js"))
            #expect(console.headers[.contentType] == "text/html; charset=utf-8")
            let policy = try #require(console.headers[.contentSecurityPolicy])
            #expect(policy.contains("script-src 'self'") && policy.contains("frame-ancestors 'none'") && !policy.contains("unsafe-inline"))
            #expect(console.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            #expect(!console.text.contains("<script>") && !console.text.contains("style="), "no inline script or style in the page")
            let phone = try await app.call(.get, "/m/orders/ord_123")
            #expect(phone.status == .ok && phone.text.contains("/assets/m/main.js"))
            #expect(try await app.call(.get, "/console").text == (try await app.call(.get, "/console/")).text)
            let root = try await app.call(.get, "/")
            #expect(root.status == .found && root.headers[.location] == "/console/")

            let script = try await app.call(.get, "/assets/lib/api.js")
            #expect(script.status == .ok && script.headers[.contentType] == "text/javascript; charset=utf-8")
            #expect(script.text.contains("sessionStorage") && !script.text.contains("localStorage.setItem('chargemall.session"), "tokens stay in the tab")
            let etag = try #require(script.headers[.eTag])
            let again = try await app.call(.get, "/assets/lib/api.js", headers: [.ifNoneMatch: etag])
            #expect(again.status == .notModified && again.text.isEmpty)
            #expect(try await app.call(.get, "/assets/app.css").headers[.contentType] == "text/css; charset=utf-8")

            let missing = try await app.call(.get, "/assets/nothing.js")
            #expect(missing.status == .notFound && missing.errorCode == "not_found")
            #expect(try await app.call(.get, "/assets/../Package.swift").status == .notFound)
        }
    }

    @Test("no page's script writes API text as HTML")
    func noMarkupFromData() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/Server/Public/assets").standardized
        let files = try #require(FileManager.default.enumerator(atPath: root.path)).compactMap { $0 as? String }.filter { $0.hasSuffix(".js") }
        #expect(files.count >= 8)
        for file in files {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            for sink in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("] {
                #expect(!text.contains(sink), "\(file) uses \(sink)")
            }
        }
    }

    @Test("sign-out spends the refresh token; the answer is the same for any token", arguments: TestDatabase.available)
    func logout(_ database: TestDatabase) async throws {
        try await withApp(database) { app in
            let email = "leaver-\(UUID().uuidString.prefix(6))@example.com".lowercased()
            let session = try await app.call(.post, "/api/v1/auth/register", body: #"{"email":"\#(email)","password":"correct horse","name":"L","phone":"13800000000"}"#)
            let refresh = try #require(session["refreshToken"] as? String)
            #expect(try await app.call(.post, "/api/v1/auth/logout", body: #"{"refreshToken":"\#(refresh)"}"#).status == .noContent)
            #expect(try await app.call(.post, "/api/v1/auth/refresh", body: #"{"refreshToken":"\#(refresh)"}"#).status == .unauthorized)
            #expect(try await app.call(.post, "/api/v1/auth/logout", body: #"{"refreshToken":"\#(refresh)"}"#).status == .noContent)
            #expect(try await app.call(.post, "/api/v1/auth/logout", body: #"{"refreshToken":"made-up"}"#).status == .noContent)
            #expect(try await app.call(.post, "/api/v1/auth/logout", body: "{}").status == .badRequest)
        }
    }

    @Test("the dashboard's overview counts today's orders, open orders by status and open alerts; staff only", arguments: TestDatabase.available)
    func overview(_ database: TestDatabase) async throws {
        try await withApp(database) { app in
            let admin = try await app.staff(.agent)
            let before = try await app.call(.get, "/api/v1/admin/overview", token: admin)
            #expect(before.status == .ok, "\(before.text)")
            let counts = { (reply: Reply) in reply["counts"] as? [String: Any] ?? [:] }
            #expect(counts(before)["ordersToday"] as? Int == 0)
            let (token, _) = try await app.customer()
            let address = try await app.address(token: token)
            var ids: [String] = []
            for _ in 0..<3 { ids.append(try #require(try await app.placeOrder(token: token, addressId: address)["id"] as? String)) }
            let boss = try await app.staff(.admin)
            #expect(try await app.call(.post, "/api/v1/admin/orders/\(ids[0])/transitions", token: boss, body: #"{"to":"paid"}"#).status == .ok)
            #expect(try await app.call(.post, "/api/v1/orders/\(ids[1])/cancel", token: token, body: "{}").status == .ok)
            let after = try await app.call(.get, "/api/v1/admin/overview", token: admin)
            #expect(counts(after)["ordersToday"] as? Int == 3)
            let open = counts(after)["openByStatus"] as? [String: Int] ?? [:]
            #expect(open["pendingPayment"] == 1 && open["cancelled"] == nil && open.values.reduce(0, +) == 2, "\(open)")
            #expect(after["onTimeShareLast7Days"] == nil && counts(after)["deliveredLast7Days"] as? Int == 0)
            #expect(try await app.call(.get, "/api/v1/admin/overview", token: token).status == .forbidden)
        }
    }
}
