import Foundation

/// Reads VRPLIB instances (CVRP, VRPTW and PyVRP's multi-depot dialect) and writes and reads `.sol` files.
public enum VRPLIB {
    /// How Euclidean distances become integers.
    public enum Rounding: String, Sendable, CaseIterable {
        /// Truncated to one decimal (DIMACS 2021): stored in tenths, so times and windows are ×10 too.
        case dimacs
        /// Rounded to the nearest integer (TSPLIB; CVRP X).
        case round
        /// Scaled by 1,000 and rounded: effectively exact.
        case exact

        var scale: Double { self == .dimacs ? 10 : self == .exact ? 1_000 : 1 }
        var truncates: Bool { self == .dimacs }
    }

    public enum ReadError: Error, CustomStringConvertible {
        case missing(String)
        case malformed(String)

        public var description: String {
            switch self {
            case .missing(let what): "VRPLIB: missing \(what)"
            case .malformed(let what): "VRPLIB: \(what)"
            }
        }
    }

    public static func read(path: String, rounding: Rounding) throws -> ProblemData {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ReadError.missing("file \(path)")
        }
        return try parse(text, rounding: rounding)
    }

    public static func parse(_ text: String, rounding: Rounding) throws -> ProblemData {
        var header: [String: String] = [:]
        var sections: [String: [[Substring]]] = [:]
        var current: String?
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line == "EOF" { continue }
            if line.hasSuffix("SECTION") || line.split(whereSeparator: \.isWhitespace).first?.hasSuffix("_SECTION") == true {
                current = String(line.split(whereSeparator: \.isWhitespace)[0])
                sections[current!] = []
                continue
            }
            if let colon = line.firstIndex(of: ":"), current == nil || line.range(of: #"^[A-Z_]+\s*:"#, options: .regularExpression) != nil {
                let key = line[..<colon].trimmingCharacters(in: .whitespaces)
                let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                header[key] = value
                current = nil
                continue
            }
            guard let section = current else { throw ReadError.malformed("unexpected line: \(line)") }
            sections[section]!.append(line.split(whereSeparator: \.isWhitespace))
        }

        guard let coordinates = sections["NODE_COORD_SECTION"] else { throw ReadError.missing("NODE_COORD_SECTION") }
        let nodeCount = coordinates.count
        var xs = [Double](repeating: 0, count: nodeCount), ys = xs
        for row in coordinates {
            guard row.count >= 3, let id = Int(row[0]), (1...nodeCount).contains(id), let x = Double(row[1]), let y = Double(row[2])
            else { throw ReadError.malformed("coordinate row \(row.joined(separator: " "))") }
            xs[id - 1] = x; ys[id - 1] = y
        }
        func perNode(_ section: String) throws -> [[Double]]? {
            guard let rows = sections[section] else { return nil }
            var values = [[Double]](repeating: [], count: nodeCount)
            for row in rows {
                guard let id = Int(row[0]), (1...nodeCount).contains(id) else { throw ReadError.malformed("\(section) row \(row.joined(separator: " "))") }
                values[id - 1] = try row.dropFirst().map {
                    guard let v = Double($0) else { throw ReadError.malformed("\(section) value \($0)") }
                    return v
                }
            }
            return values
        }
        let demands = try perNode("DEMAND_SECTION") ?? Array(repeating: [0], count: nodeCount)
        let windows = try perNode("TIME_WINDOW_SECTION")
        let services = try perNode("SERVICE_TIME_SECTION")
        let prizes = try perNode("PRIZE_SECTION")
        let depotIDs = (sections["DEPOT_SECTION"] ?? [["1"]]).compactMap { Int($0[0]) }.filter { $0 > 0 }
        guard !depotIDs.isEmpty else { throw ReadError.missing("a depot") }

        let scale = rounding.scale
        func scaled(_ v: Double) -> Int { Int((v * scale).rounded()) }
        let uniformService = header["SERVICE_TIME"].flatMap(Double.init) ?? 0
        let dimensions = max(1, demands.map(\.count).max() ?? 1)
        let capacities: [Int] = (header["CAPACITY"] ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" }).compactMap { Double($0) }.map { Int($0) }
        let capacity = capacities.isEmpty ? [Int](repeating: .max / 4, count: dimensions)
            : (capacities.count == dimensions ? capacities : [Int](repeating: capacities[0], count: dimensions))

        // Our locations: the depots (in DEPOT_SECTION order), then the other nodes in file order.
        let depotSet = Set(depotIDs)
        let order = depotIDs + (1...nodeCount).filter { !depotSet.contains($0) }
        let depots = depotIDs.map { id -> ProblemData.Depot in
            let w = windows?[id - 1]
            return ProblemData.Depot(x: xs[id - 1], y: ys[id - 1], twEarly: w.map { scaled($0[0]) } ?? 0,
                                     twLate: w.map { scaled($0[1]) } ?? .max / 4)
        }
        let clients = order.dropFirst(depotIDs.count).map { id -> ProblemData.Client in
            let i = id - 1
            var demand = demands[i].map { Int($0) }
            if demand.count < dimensions { demand += [Int](repeating: 0, count: dimensions - demand.count) }
            let w = windows?[i]
            let service = services?[i].first ?? uniformService
            let prize = prizes?[i].first
            return ProblemData.Client(x: xs[i], y: ys[i], demand: demand, serviceDuration: scaled(service),
                                      twEarly: w.map { scaled($0[0]) } ?? 0, twLate: w.map { scaled($0[1]) } ?? .max / 4,
                                      prize: prize.map { scaled($0) } ?? 0, required: prize == nil)
        }
        let vehicles = header["VEHICLES"].flatMap { Int($0) } ?? clients.count
        let maxDuration = header["VEHICLES_MAX_DURATION"].flatMap(Double.init).map(scaled) ?? .max / 4
        let maxDistance = header["VEHICLES_MAX_DISTANCE"].flatMap(Double.init).map(scaled) ?? .max / 4
        var vehicleTypes: [ProblemData.VehicleType] = []
        if let assignment = sections["VEHICLES_DEPOT_SECTION"] {
            var perDepot = [Int](repeating: 0, count: depots.count)
            for row in assignment {
                guard row.count >= 2, let depotID = Int(row[1]), let index = depotIDs.firstIndex(of: depotID) else {
                    throw ReadError.malformed("VEHICLES_DEPOT_SECTION row \(row.joined(separator: " "))")
                }
                perDepot[index] += 1
            }
            for (d, count) in perDepot.enumerated() where count > 0 {
                vehicleTypes.append(.init(count: count, capacity: capacity, startDepot: d, endDepot: d,
                                          shiftStart: depots[d].twEarly, shiftEnd: depots[d].twLate, maxDuration: maxDuration, maxDistance: maxDistance))
            }
        } else {
            vehicleTypes.append(.init(count: vehicles, capacity: capacity, shiftStart: depots[0].twEarly,
                                      shiftEnd: depots[0].twLate, maxDuration: maxDuration, maxDistance: maxDistance))
        }
        let orderedX = order.map { xs[$0 - 1] }, orderedY = order.map { ys[$0 - 1] }
        let matrix = TravelMatrix.euclidean(x: orderedX, y: orderedY, scale: scale, truncate: rounding.truncates).densified()
        return ProblemData(name: header["NAME"] ?? "", depots: depots, clients: Array(clients), vehicleTypes: vehicleTypes,
                           distances: matrix, durations: matrix, costScale: Int(scale))
    }

    /// A `.sol` file: `Route #k: c1 c2 ...` with clients numbered as locations (first client = depotCount),
    /// i.e. from 1 with one depot; then `Cost C`.
    public static func solutionText(_ solution: Solution, cost: Double) -> String {
        solutionText(routes: solution.routes.map(\.visits), cost: cost)
    }

    static func solutionText(routes: [[Int]], cost: Double) -> String {
        var text = ""
        for (k, visits) in routes.enumerated() {
            text += "Route #\(k + 1): " + visits.map(String.init).joined(separator: " ") + "\n"
        }
        let formatted = cost == cost.rounded() ? String(Int(cost)) : String(format: "%.1f", cost)
        return text + "Cost \(formatted)\n"
    }

    /// A `.sol` file that says which vehicle drives each route, as PyVRP's best-known-solution files do for
    /// problems with several vehicle types (several depots): route k is vehicle k, vehicles numbered type by
    /// type as the problem lists them, and an unused vehicle's route is listed empty. With one vehicle type,
    /// the plain form.
    public static func solutionText(_ solution: Solution, problem: ProblemData, cost: Double) -> String {
        guard problem.vehicleTypes.count > 1 else { return solutionText(solution, cost: cost) }
        var aligned: [[Int]] = []
        for (type, vehicleType) in problem.vehicleTypes.enumerated() {
            let routes = solution.routes.filter { $0.vehicleType == type }.map(\.visits)
            aligned += routes + Array(repeating: [], count: max(0, vehicleType.count - routes.count))
        }
        return solutionText(routes: aligned, cost: cost)
    }

    /// Reads a `.sol` file written for `problem`: when it lists a route per vehicle (the aligned form), route k
    /// is on vehicle k's type and empty routes are dropped; otherwise every route is on type 0.
    public static func readSolution(path: String, problem: ProblemData) throws -> (solution: Solution, cost: Double?) {
        let (lines, cost) = try routeLines(path: path)
        let types = problem.vehicleTypes.enumerated().flatMap { type, vehicleType in Array(repeating: type, count: vehicleType.count) }
        guard problem.vehicleTypes.count > 1, lines.count == types.count else {
            return (Solution(routes: lines.filter { !$0.isEmpty }.map { .init(vehicleType: 0, visits: $0) }), cost)
        }
        return (Solution(routes: zip(lines, types).filter { !$0.0.isEmpty }.map { Solution.Route(vehicleType: $1, visits: $0) }), cost)
    }

    /// Reads a `.sol` file: the routes (all on vehicle type 0: the format does not say) and the stated cost,
    /// if any.
    public static func readSolution(path: String) throws -> (solution: Solution, cost: Double?) {
        let (routes, cost) = try routeLines(path: path)
        return (Solution(routes: routes.map { .init(vehicleType: 0, visits: $0) }), cost)
    }

    /// Every `Route` line's visits, empty ones included, and the cost line.
    static func routeLines(path: String) throws -> (routes: [[Int]], cost: Double?) {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ReadError.missing("file \(path)")
        }
        var routes: [[Int]] = []
        var cost: Double?
        for line in text.split(whereSeparator: \.isNewline) {
            if line.hasPrefix("Route") {
                guard let colon = line.firstIndex(of: ":") else { throw ReadError.malformed("route line \(line)") }
                routes.append(try line[line.index(after: colon)...].split(whereSeparator: \.isWhitespace).map {
                    guard let v = Int($0) else { throw ReadError.malformed("route line \(line)") }
                    return v
                })
            } else if line.lowercased().hasPrefix("cost") {
                cost = Double(line.split(whereSeparator: \.isWhitespace).last ?? "")
            }
        }
        return (routes, cost)
    }
}
