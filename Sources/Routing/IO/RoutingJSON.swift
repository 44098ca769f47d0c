import Foundation

/// The JSON form of problems and solutions, for the API and for files: a problem is `ProblemData` as
/// JSON (matrices either dense `{"dense":{"values":[...],"size":n}}` or from coordinates
/// `{"euclidean":{"x":[...],"y":[...],"scale":1,"truncate":false}}`); a solution carries each route's
/// stops with their arrival and service times, and the checker's verdict.
public enum RoutingJSON {
    public struct PlannedStop: Codable, Sendable, Equatable {
        public var location: Int
        public var arrival: Int
        public var serviceStart: Int
    }

    public struct PlannedRoute: Codable, Sendable, Equatable {
        public var vehicleType: Int
        public var departure: Int
        public var returnTime: Int
        public var distance: Int
        public var load: [Int]
        public var stops: [PlannedStop]
    }

    public struct Plan: Codable, Sendable {
        public var cost: Int
        public var distance: Int
        public var feasible: Bool
        public var violations: [String]
        public var routes: [PlannedRoute]
    }

    public static func problem(from data: Data) throws -> ProblemData {
        try JSONDecoder().decode(ProblemData.self, from: data)
    }

    public static func encode(_ problem: ProblemData) throws -> Data {
        try JSONEncoder().encode(problem)
    }

    /// The plan with per-stop times, as the dispatch API returns it.
    public static func plan(_ solution: Solution, problem: ProblemData) -> Plan {
        let report = FeasibilityChecker(problem: problem).check(solution)
        let routes = zip(solution.routes, report.schedules).map { route, schedule in
            PlannedRoute(vehicleType: route.vehicleType, departure: schedule.departure, returnTime: schedule.returnTime,
                         distance: schedule.distance, load: schedule.load,
                         stops: route.visits.indices.map { PlannedStop(location: route.visits[$0], arrival: schedule.arrivals[$0],
                                                                       serviceStart: schedule.serviceStarts[$0]) })
        }
        return Plan(cost: report.cost, distance: report.distance, feasible: report.isFeasible, violations: report.violations, routes: routes)
    }
}
