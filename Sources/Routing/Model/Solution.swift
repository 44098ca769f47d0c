/// A set of routes: each is a vehicle type and the clients (location indices) it visits in order, from its
/// start depot and back to its end depot. Clients in no route are unvisited.
public struct Solution: Sendable, Equatable, Codable {
    public struct Route: Sendable, Equatable, Codable {
        public var vehicleType: Int
        public var visits: [Int]

        public init(vehicleType: Int = 0, visits: [Int]) {
            self.vehicleType = vehicleType
            self.visits = visits
        }
    }

    public var routes: [Route]

    public init(routes: [Route]) { self.routes = routes.filter { !$0.visits.isEmpty } }

    public var visitedCount: Int { routes.reduce(0) { $0 + $1.visits.count } }
}
