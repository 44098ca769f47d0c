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

    /// A `YYYY-MM-DD` query parameter of a report. The contract checks the shape; a day past a month's end
    /// runs on into the next month (02-30 is 03-02), as a calendar control would roll it: a read never fails
    /// on a date a form produced.
    func queryDay(_ name: String) throws -> PlanningDay? {
        guard let text = uri.queryParameters[name[...]] else { return nil }
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else {
            throw APIError(.badRequest, code: "invalid_query", message: "\(name) is a date, YYYY-MM-DD", details: ["field": name])
        }
        let firstOfMonth = CivilDate.toDays(year: parts[0], month: min(max(parts[1], 1), 12), day: 1)
        return PlanningDay(days: firstOfMonth + max(parts[2], 1) - 1)
    }

    func queryString(_ name: String) -> String? { uri.queryParameters[name[...]].map(String.init) }

    func requiredQuery(_ name: String) throws -> String {
        guard let value = queryString(name), !value.isEmpty else {
            throw APIError(.badRequest, code: "invalid_query", message: "\(name) is required", details: ["field": name])
        }
        return value
    }
}
