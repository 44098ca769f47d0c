import Foundation
import Hummingbird
import Logistics

/// Admins manage the people with accounts: the list, new staff, staff roles.
struct UsersController {
    let accounts: AccountService

    struct NewStaff: Decodable {
        var email: String
        var password: String
        var name: String
        var phone: String
        var role: Role
    }

    struct RoleBody: Decodable {
        var role: Role
    }

    func register(to api: RouterGroup<AppRequestContext>) {
        api.get("admin/users") { [accounts] request, context in
            let limit = try request.pageLimit()
            let rows = try await accounts.people(role: try request.queryEnum("role", as: Role.self), beforeId: request.uri.queryParameters["cursor"].map(String.init),
                                                 limit: limit + 1, by: try context.requireUser())
            return try JSONCoding.response(Page(rows: rows, limit: limit, cursor: \.id))
        }
        api.post("admin/users") { [accounts] request, context -> Response in
            let body = try await JSONCoding.decode(NewStaff.self, from: request, context: context)
            let user = try await accounts.addStaff(email: body.email, password: body.password, name: body.name, phone: body.phone, role: body.role,
                                                   by: try context.requireUser())
            return try JSONCoding.response(user, status: .created)
        }
        api.put("admin/users/{id}/role") { [accounts] request, context in
            let body = try await JSONCoding.decode(RoleBody.self, from: request, context: context)
            return try JSONCoding.response(try await accounts.setRole(userId: try context.parameters.require("id"), role: body.role, by: try context.requireUser()))
        }
    }
}
