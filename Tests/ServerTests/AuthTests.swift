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
}
