import Foundation
import Hummingbird
import Logistics

/// The staff alert board: late, stuck and failed orders, newest first; acknowledge, resolve.
struct AlertsController {
    let alerts: AlertService

    func register(to api: RouterGroup<AppRequestContext>) {
        api.get("admin/alerts", use: board)
        api.post("admin/alerts/{id}/acknowledge", use: acknowledge)
        api.post("admin/alerts/{id}/resolve", use: resolve)
    }

    @Sendable func board(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let query = request.uri.queryParameters
        let limit = try request.pageLimit()
        func parse<T: RawRepresentable & CaseIterable>(_ name: String, as type: T.Type) throws -> T? where T.RawValue == String {
            guard let text = query[name[...]] else { return nil }
            guard let value = T(rawValue: String(text)) else {
                throw APIError(.badRequest, code: "invalid_query", message: "\(name) is one of \(T.allCases.map(\.rawValue).joined(separator: ", "))", details: ["field": name])
            }
            return value
        }
        let rows = try await alerts.alerts(
            state: try parse("state", as: AlertState.self), kind: try parse("kind", as: AlertKind.self), orderId: query["orderId"].map(String.init),
            before: query["cursor"].map(String.init), limit: limit + 1, by: user)
        return try JSONCoding.response(Page(rows: rows, limit: limit, cursor: \.id))
    }

    @Sendable func acknowledge(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let note = try await NoteBody.note(in: request, context: context)
        return try JSONCoding.response(try await alerts.acknowledge(id: try context.parameters.require("id"), by: user, note: note))
    }

    @Sendable func resolve(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let note = try await NoteBody.note(in: request, context: context)
        return try JSONCoding.response(try await alerts.resolve(id: try context.parameters.require("id"), by: user, note: note))
    }
}
