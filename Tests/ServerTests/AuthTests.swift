import Foundation
import Testing
import TestSupport

@Suite("Auth")
struct AuthTests {
    @Test("register, sign in, refresh once; a used refresh token and a bad access token are refused", arguments: TestDatabase.available)
    func sessionFlow(_ database: TestDatabase) async throws {
        try await withApp(database) { app in
            let register = #"{"email":"Wang@Example.com","password":"correct horse","name":"Wang","phone":"13800000000"}"#
            let created = try await app.call(.post, "/api/v1/auth/register", body: register)
            #expect(created.status == .created)
            #expect((created["user"] as? [String: Any])?["role"] as? String == "customer")
            #expect(try await app.call(.post, "/api/v1/auth/register", body: register).errorCode == "email_taken")

            #expect(try await app.call(.post, "/api/v1/auth/login", body: #"{"email":"wang@example.com","password":"wrong one"}"#).status == .unauthorized)
            let login = try await app.call(.post, "/api/v1/auth/login", body: #"{"email":"wang@example.com","password":"correct horse"}"#)
            #expect(login.status == .ok)
            let refresh = try #require(login["refreshToken"] as? String)
            let renewed = try await app.call(.post, "/api/v1/auth/refresh", body: #"{"refreshToken":"\#(refresh)"}"#)
            #expect(renewed.status == .ok && renewed["accessToken"] is String)
            #expect(try await app.call(.post, "/api/v1/auth/refresh", body: #"{"refreshToken":"\#(refresh)"}"#).status == .unauthorized)

            #expect(try await app.call(.get, "/api/v1/orders").errorCode == "unauthorized")
            #expect(try await app.call(.get, "/api/v1/orders", token: "not.a.jwt").status == .unauthorized)
            let token = try #require(renewed["accessToken"] as? String)
            #expect(try await app.call(.get, "/api/v1/orders", token: token).status == .ok)
        }
    }

    @Test("weak passwords and malformed e-mails are refused", arguments: TestDatabase.available)
    func registrationRules(_ database: TestDatabase) async throws {
        try await withApp(database) { (app: Harness) async throws in
            #expect(try await app.call(.post, "/api/v1/auth/register", body: #"{"email":"a@b.cn","password":"short","name":"A","phone":"13800000000"}"#).errorCode == "invalid_field")
            #expect(try await app.call(.post, "/api/v1/auth/register", body: #"{"email":"not-an-email","password":"long enough","name":"A","phone":"13800000000"}"#).errorCode == "invalid_field")
        }
    }

    @Test("login is rate-limited per e-mail: after 5 failures even the right password gets 429", arguments: TestDatabase.available)
    func rateLimit(_ database: TestDatabase) async throws {
        try await withApp(database) { app in
            _ = try await app.call(.post, "/api/v1/auth/register", body: #"{"email":"target@example.com","password":"correct horse","name":"T","phone":"13800000000"}"#)
            for _ in 0..<5 {
                #expect(try await app.call(.post, "/api/v1/auth/login", body: #"{"email":"target@example.com","password":"guess"}"#).status == .unauthorized)
            }
            let blocked = try await app.call(.post, "/api/v1/auth/login", body: #"{"email":"target@example.com","password":"correct horse"}"#)
            #expect(blocked.status == .tooManyRequests)
            #expect(blocked.errorCode == "too_many_requests")
            #expect(blocked.headers[.retryAfter] != nil)
        }
    }

    @Test("admins add staff, list people and change a member's role, which the next refresh carries; never their own, never a customer's",
          arguments: TestDatabase.available)
    func staffAndRoles(_ database: TestDatabase) async throws {
        try await withApp(database) { app in
            let admin = try await app.staff(.admin)
            let added = try await app.call(.post, "/api/v1/admin/users", token: admin,
                                           body: #"{"email":"Wang.Agent@Mall.test","password":"first password","name":"王客服","phone":"13800001111","role":"agent"}"#)
            #expect(added.status == .created && added["role"] as? String == "agent" && added["email"] as? String == "wang.agent@mall.test", "\(added.text)")
            let id = try #require(added["id"] as? String)
            #expect(try await app.call(.post, "/api/v1/admin/users", token: admin,
                                       body: #"{"email":"wang.agent@mall.test","password":"first password","name":"x","phone":"13800001111","role":"agent"}"#).errorCode
                    == "email_taken")
            #expect(try await app.call(.post, "/api/v1/admin/users", token: admin,
                                       body: #"{"email":"c@mall.test","password":"first password","name":"x","phone":"13800001111","role":"customer"}"#).status
                    == .badRequest, "customers sign up themselves")
            let session = try await app.call(.post, "/api/v1/auth/login", body: #"{"email":"wang.agent@mall.test","password":"first password"}"#)
            let refresh = try #require(session["refreshToken"] as? String)
            #expect(try await app.call(.get, "/api/v1/admin/users?role=agent", token: admin).items.contains { $0["id"] as? String == id })

            let changed = try await app.call(.put, "/api/v1/admin/users/\(id)/role", token: admin, body: #"{"role":"dispatcher"}"#)
            #expect(changed["role"] as? String == "dispatcher", "\(changed.text)")
            let renewed = try await app.call(.post, "/api/v1/auth/refresh", body: #"{"refreshToken":"\#(refresh)"}"#)
            #expect((renewed["user"] as? [String: Any])?["role"] as? String == "dispatcher", "the next session carries the new role")

            let me = try #require(try await app.call(.get, "/api/v1/admin/users?role=admin", token: admin).items.first?["id"] as? String)
            #expect(try await app.call(.put, "/api/v1/admin/users/\(me)/role", token: admin, body: #"{"role":"agent"}"#).errorCode == "own_role")
            let (_, customerId) = try await app.customer()
            #expect(try await app.call(.put, "/api/v1/admin/users/\(customerId)/role", token: admin, body: #"{"role":"agent"}"#).errorCode == "customer_role")
            #expect(try await app.call(.put, "/api/v1/admin/users/usr_nobody/role", token: admin, body: #"{"role":"agent"}"#).status == .notFound)
            #expect(try await app.call(.get, "/api/v1/admin/users", token: try await app.staff(.agent)).status == .forbidden)
        }
    }
}
