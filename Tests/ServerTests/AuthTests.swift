import Foundation
import Logistics
import Server
import Storage
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

    @Test("a refresh token presented twice ends its sign-in on every device; another sign-in lives on", arguments: TestDatabase.available)
    func reuseEndsTheFamily(_ database: TestDatabase) async throws {
        try await withApp(database) { app in
            let email = "twice@example.com"
            #expect(try await app.call(.post, "/api/v1/auth/register", body: #"{"email":"\#(email)","password":"correct horse","name":"T","phone":"13800000000"}"#).status == .created)
            func signIn() async throws -> String {
                try #require(try await app.call(.post, "/api/v1/auth/login", body: #"{"email":"\#(email)","password":"correct horse"}"#)["refreshToken"] as? String)
            }
            func refresh(_ token: String) async throws -> Reply {
                try await app.call(.post, "/api/v1/auth/refresh", body: #"{"refreshToken":"\#(token)"}"#)
            }
            let phone = try await signIn(), laptop = try await signIn()
            let rotated = try #require(try await refresh(phone)["refreshToken"] as? String)
            // The old token again (a thief's copy, or the owner's after the thief refreshed): the whole sign-in ends.
            let replay = try await refresh(phone)
            #expect(replay.status == .unauthorized)
            #expect(replay.text.contains("already used"))
            #expect(try await refresh(rotated).status == .unauthorized)
            // The other sign-in is another family: untouched.
            let next = try await refresh(laptop)
            #expect(next.status == .ok)
            #expect(try await refresh(try #require(next["refreshToken"] as? String)).status == .ok)
        }
    }

    @Test("signing out ends one device's sign-in; signing out everywhere ends them all and needs a signed-in user", arguments: TestDatabase.available)
    func signOut(_ database: TestDatabase) async throws {
        try await withApp(database) { app in
            let email = "leaver@example.com"
            #expect(try await app.call(.post, "/api/v1/auth/register", body: #"{"email":"\#(email)","password":"correct horse","name":"L","phone":"13800000000"}"#).status == .created)
            func signIn() async throws -> Reply { try await app.call(.post, "/api/v1/auth/login", body: #"{"email":"\#(email)","password":"correct horse"}"#) }
            func refresh(_ token: String) async throws -> Reply {
                try await app.call(.post, "/api/v1/auth/refresh", body: #"{"refreshToken":"\#(token)"}"#)
            }
            let phone = try await signIn(), tablet = try await signIn(), laptop = try await signIn()
            let phoneToken = try #require(phone["refreshToken"] as? String)
            let rotated = try #require(try await refresh(phoneToken)["refreshToken"] as? String)
            // Signing out with the latest token ends the phone's sign-in; the others go on.
            #expect(try await app.call(.post, "/api/v1/auth/logout", body: #"{"refreshToken":"\#(rotated)"}"#).status == .noContent)
            #expect(try await refresh(rotated).status == .unauthorized)
            let tabletFirst = try #require(tablet["refreshToken"] as? String)
            let tabletToken = try #require(try await refresh(tabletFirst)["refreshToken"] as? String)

            #expect(try await app.call(.post, "/api/v1/auth/logout-all").status == .unauthorized)
            let everywhere = try await app.call(.post, "/api/v1/auth/logout-all", token: try #require(laptop["accessToken"] as? String))
            #expect(everywhere.status == .ok, "\(everywhere.text)")
            // The tablet's, the laptop's and the one signing up opened.
            #expect(everywhere["sessionsEnded"] as? Int == 3)
            #expect(try await refresh(tabletToken).status == .unauthorized)
            #expect(try await refresh(try #require(laptop["refreshToken"] as? String)).status == .unauthorized)
            // Nothing left to end; a new sign-in works.
            #expect(try await app.call(.post, "/api/v1/auth/logout-all", token: try #require(laptop["accessToken"] as? String))["sessionsEnded"] as? Int == 0)
            let again = try await signIn()
            #expect(try await refresh(try #require(again["refreshToken"] as? String)).status == .ok)
        }
    }

    @Test("a rotated signing key keeps the tokens it signed valid while it is listed as previous; tokens name their key", arguments: TestDatabase.available)
    func keyRotation(_ database: TestDatabase) async throws {
        try await withApp(database) { app in
            let store = SQLLogisticsStore(client: app.database)
            let old = "the-old-secret-that-is-at-least-32-bytes-long", new = "the-new-secret-that-is-at-least-32-bytes-long"
            let user = User(id: "usr_rotation", email: "r@example.com", name: "R", phone: "0", role: .agent, createdAt: Date())
            let before = await TokenService(secret: old, store: store, accessSeconds: 900, refreshSeconds: 86_400)
            let token = try await before.accessToken(for: user)
            let header = try #require(Data(base64Encoded: String(token.split(separator: ".")[0]).padding(toLength: (token.split(separator: ".")[0].count + 3) / 4 * 4, withPad: "=", startingAt: 0)))
            let kid = try #require((try JSONSerialization.jsonObject(with: header) as? [String: Any])?["kid"] as? String)
            #expect(!kid.isEmpty && !old.contains(kid))

            let rotated = await TokenService(secret: new, previousSecrets: [old], store: store, accessSeconds: 900, refreshSeconds: 86_400)
            #expect(try await rotated.user(fromAccessToken: token).id == user.id)
            let fresh = try await rotated.accessToken(for: user)
            #expect(try await rotated.user(fromAccessToken: fresh).role == .agent)
            // Once the old secret is dropped, its tokens stop working; the new ones do not need it.
            let dropped = await TokenService(secret: new, store: store, accessSeconds: 900, refreshSeconds: 86_400)
            await #expect(throws: LogisticsError.self) { try await dropped.user(fromAccessToken: token) }
            #expect(try await dropped.user(fromAccessToken: fresh).id == user.id)
            await #expect(throws: LogisticsError.self) { try await before.user(fromAccessToken: fresh) }
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
