import Foundation

/// An electric VRP with time windows and recharging stations (Schneider, Stenger & Goeke 2014): one depot,
/// customers with demand, windows and service, stations where a van adds any amount of energy up to a full
/// battery at a linear rate, and one kind of van. Distances are exact Euclidean; travel time is distance
/// over speed; energy used is `energyPerDistance` × distance. Everything is in the instance's own units.
public struct EVRPTWInstance: Sendable {
    public enum Kind: String, Sendable { case depot = "d", station = "f", customer = "c" }

    public struct Location: Sendable, Equatable {
        /// As the file names it ("D0", "S3", "C12").
        public var id: String
        public var kind: Kind
        public var x: Double, y: Double
        public var demand: Double
        public var ready: Double, due: Double
        public var service: Double

        public init(id: String, kind: Kind, x: Double, y: Double, demand: Double = 0, ready: Double = 0, due: Double = .greatestFiniteMagnitude,
                    service: Double = 0) {
            self.id = id; self.kind = kind; self.x = x; self.y = y; self.demand = demand
            self.ready = ready; self.due = due; self.service = service
        }
    }

    public var name: String
    /// The depot first; then stations and customers in the file's order.
    public var locations: [Location]
    /// Battery capacity `Q`.
    public var battery: Double
    /// Load capacity `C`.
    public var capacity: Double
    /// Energy per unit of distance `r`.
    public var energyPerDistance: Double
    /// Time to charge one unit of energy `g` (the inverse of the charging rate).
    public var chargeTimePerEnergy: Double
    /// Speed `v`.
    public var speed: Double

    public init(name: String, locations: [Location], battery: Double, capacity: Double, energyPerDistance: Double, chargeTimePerEnergy: Double,
                speed: Double) {
        self.name = name; self.locations = locations; self.battery = battery; self.capacity = capacity
        self.energyPerDistance = energyPerDistance; self.chargeTimePerEnergy = chargeTimePerEnergy; self.speed = speed
    }

    public var depot: Int { 0 }
    public var customers: [Int] { locations.indices.filter { locations[$0].kind == .customer } }
    public var stations: [Int] { locations.indices.filter { locations[$0].kind == .station } }

    public func distance(_ i: Int, _ j: Int) -> Double {
        let dx = locations[i].x - locations[j].x, dy = locations[i].y - locations[j].y
        return (dx * dx + dy * dy).squareRoot()
    }

    /// The index of the location the file calls `id`.
    public func index(of id: String) -> Int? { locations.firstIndex { $0.id == id } }
}

public enum EVRPTWFormat {
    public enum ReadError: Error, CustomStringConvertible {
        case missing(String)
        case malformed(String)

        public var description: String {
            switch self {
            case .missing(let what): "E-VRPTW: missing \(what)"
            case .malformed(let what): "E-VRPTW: \(what)"
            }
        }
    }

    public static func read(path: String) throws -> EVRPTWInstance {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ReadError.missing("file \(path)")
        }
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return try parse(text, name: name)
    }

    /// The text format of the instances: a header line, one line per location (`StringID Type x y demand
    /// ReadyTime DueDate ServiceTime`), a blank line, then the van's `Q C r g v` as `Q … /79.69/`.
    public static func parse(_ text: String, name: String) throws -> EVRPTWInstance {
        var locations: [EVRPTWInstance.Location] = []
        var parameters: [String: Double] = [:]
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !line.isEmpty, !line.hasPrefix("StringID") else { continue }
            if let open = line.firstIndex(of: "/"), let close = line.lastIndex(of: "/"), open < close {
                let key = String(line.prefix { !$0.isWhitespace })
                guard let value = Double(line[line.index(after: open)..<close]) else { throw ReadError.malformed("line \(number + 1): a number between slashes") }
                parameters[key] = value
                continue
            }
            let fields = line.split(whereSeparator: \.isWhitespace)
            guard fields.count == 8, let kind = EVRPTWInstance.Kind(rawValue: String(fields[1])) else {
                throw ReadError.malformed("line \(number + 1): expected 8 fields (id, d|f|c, x, y, demand, ready, due, service)")
            }
            let numbers = fields[2...].map { Double($0) }
            guard numbers.allSatisfy({ $0 != nil }) else { throw ReadError.malformed("line \(number + 1): a field is not a number") }
            let n = numbers.map { $0! }
            locations.append(.init(id: String(fields[0]), kind: kind, x: n[0], y: n[1], demand: n[2], ready: n[3], due: n[4], service: n[5]))
        }
        guard let depot = locations.firstIndex(where: { $0.kind == .depot }) else { throw ReadError.missing("a depot (type d)") }
        locations.insert(locations.remove(at: depot), at: 0)
        for key in ["Q", "C", "r", "g", "v"] where parameters[key] == nil { throw ReadError.missing("the van's \(key)") }
        guard parameters["v"]! > 0, parameters["Q"]! > 0 else { throw ReadError.malformed("speed and battery must be positive") }
        return EVRPTWInstance(name: name, locations: locations, battery: parameters["Q"]!, capacity: parameters["C"]!,
                              energyPerDistance: parameters["r"]!, chargeTimePerEnergy: parameters["g"]!, speed: parameters["v"]!)
    }

    /// Routes in the best-known-solution files' form, `D0;S5;C12;…;D0;D0;C20;…;D0`: each route from the depot
    /// back to it, as location indices of `instance` (without the depot).
    public static func routes(_ configuration: String, in instance: EVRPTWInstance) throws -> [[Int]] {
        var routes: [[Int]] = []
        var current: [Int]?
        for token in configuration.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) where !token.isEmpty {
            guard let index = instance.index(of: token) else { throw ReadError.malformed("unknown location \(token)") }
            if index == instance.depot {
                if let route = current {
                    routes.append(route)
                    current = nil
                } else {
                    current = []
                }
            } else {
                guard current != nil else { throw ReadError.malformed("\(token) outside a route (a route starts at the depot)") }
                current!.append(index)
            }
        }
        guard current == nil else { throw ReadError.malformed("the last route does not end at the depot") }
        return routes
    }

    /// One row of the best-known-solutions table (`bks-evrptw-pr.tsv`).
    public struct BestKnown: Sendable, Equatable {
        public var instance: String
        public var vehicles: Int
        public var distance: Double
        /// The routes in the `D0;…;D0;D0;…;D0` form.
        public var configuration: String
    }

    /// The table's rows by upper-case instance name (`C101`); empty when the file cannot be read.
    public static func bestKnown(path: String) -> [String: BestKnown] {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else { return [:] }
        var rows: [String: BestKnown] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: "\t").map(String.init)
            guard f.count >= 7, let vehicles = Int(f[1]), let distance = Double(f[2]) else { continue }
            rows[f[0].uppercased()] = BestKnown(instance: f[0].uppercased(), vehicles: vehicles, distance: distance, configuration: f[6])
        }
        return rows
    }

    /// Routes in the same form: one line per route, `D0;S3;C12;…;D0`.
    public static func format(_ routes: [[Int]], in instance: EVRPTWInstance) -> String {
        routes.map { route in ([instance.depot] + route + [instance.depot]).map { instance.locations[$0].id }.joined(separator: ";") }
            .joined(separator: "\n")
    }
}

/// The JSON form of an electric problem: `{"name", "battery", "capacity", "energyPerDistance",
/// "chargeTimePerEnergy", "speed", "locations": [{"id", "kind": "depot"|"station"|"customer", "x", "y",
/// "demand", "ready", "due", "service"}]}`, one depot; a location's demand, ready time and service default
/// to 0 and its due time to never. The same model as the text format, for problems that are not benchmark files.
extension EVRPTWInstance: Codable {
    enum CodingKeys: String, CodingKey { case name, battery, capacity, energyPerDistance, chargeTimePerEnergy, speed, locations }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        var locations = try c.decode([Location].self, forKey: .locations)
        let depots = locations.indices.filter { locations[$0].kind == .depot }
        guard depots.count == 1 else {
            throw DecodingError.dataCorruptedError(forKey: .locations, in: c, debugDescription: "exactly one location of kind depot")
        }
        locations.insert(locations.remove(at: depots[0]), at: 0)
        self.init(name: try c.decodeIfPresent(String.self, forKey: .name) ?? "", locations: locations,
                  battery: try c.decode(Double.self, forKey: .battery), capacity: try c.decode(Double.self, forKey: .capacity),
                  energyPerDistance: try c.decode(Double.self, forKey: .energyPerDistance),
                  chargeTimePerEnergy: try c.decode(Double.self, forKey: .chargeTimePerEnergy), speed: try c.decode(Double.self, forKey: .speed))
        for (key, value) in [(CodingKeys.battery, battery), (.speed, speed), (.capacity, capacity)] where !(value > 0) {
            throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "must be positive")
        }
        for (key, value) in [(CodingKeys.energyPerDistance, energyPerDistance), (.chargeTimePerEnergy, chargeTimePerEnergy)] where !(value >= 0) {
            throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "must not be negative")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(battery, forKey: .battery)
        try c.encode(capacity, forKey: .capacity)
        try c.encode(energyPerDistance, forKey: .energyPerDistance)
        try c.encode(chargeTimePerEnergy, forKey: .chargeTimePerEnergy)
        try c.encode(speed, forKey: .speed)
        try c.encode(locations, forKey: .locations)
    }
}

extension EVRPTWInstance.Kind: Codable {
    var word: String {
        switch self {
        case .depot: "depot"
        case .station: "station"
        case .customer: "customer"
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let word = try container.decode(String.self)
        guard let kind = [Self.depot, .station, .customer].first(where: { $0.word == word }) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "depot, station or customer")
        }
        self = kind
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(word)
    }
}

extension EVRPTWInstance.Location: Codable {
    enum CodingKeys: String, CodingKey { case id, kind, x, y, demand, ready, due, service }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try c.decode(String.self, forKey: .id), kind: try c.decode(EVRPTWInstance.Kind.self, forKey: .kind),
                  x: try c.decode(Double.self, forKey: .x), y: try c.decode(Double.self, forKey: .y),
                  demand: try c.decodeIfPresent(Double.self, forKey: .demand) ?? 0, ready: try c.decodeIfPresent(Double.self, forKey: .ready) ?? 0,
                  due: try c.decodeIfPresent(Double.self, forKey: .due) ?? .greatestFiniteMagnitude,
                  service: try c.decodeIfPresent(Double.self, forKey: .service) ?? 0)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(kind, forKey: .kind)
        try c.encode(x, forKey: .x)
        try c.encode(y, forKey: .y)
        try c.encode(demand, forKey: .demand)
        try c.encode(ready, forKey: .ready)
        if due < .greatestFiniteMagnitude { try c.encode(due, forKey: .due) }
        try c.encode(service, forKey: .service)
    }
}
