import Foundation
import Hummingbird
import Logistics

extension Request {
    /// An enum query parameter; a value it does not name is a 400 that lists the ones it does.
    func queryEnum<T: RawRepresentable & CaseIterable>(_ name: String, as type: T.Type) throws -> T? where T.RawValue == String {
        guard let text = uri.queryParameters[name[...]] else { return nil }
        guard let value = T(rawValue: String(text)) else {
            throw APIError(.badRequest, code: "invalid_query", message: "\(name) is one of \(T.allCases.map(\.rawValue).joined(separator: ", "))", details: ["field": name])
        }
        return value
    }

    /// A `YYYY-MM-DD` query parameter.
    func queryDay(_ name: String) throws -> PlanningDay? {
        guard let text = uri.queryParameters[name[...]] else { return nil }
        guard let day = PlanningDay(String(text)) else {
            throw APIError(.badRequest, code: "invalid_query", message: "\(name) is a date, YYYY-MM-DD", details: ["field": name])
        }
        return day
    }

    func queryString(_ name: String) -> String? { uri.queryParameters[name[...]].map(String.init) }

    func requiredQuery(_ name: String) throws -> String {
        guard let value = queryString(name), !value.isEmpty else {
            throw APIError(.badRequest, code: "invalid_query", message: "\(name) is required", details: ["field": name])
        }
        return value
    }
}
