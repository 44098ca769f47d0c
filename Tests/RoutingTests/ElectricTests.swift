import Foundation
import Testing
@testable import Routing

@Suite("Electric routes")
struct ElectricTests {
    static let bench = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../shared/bench/evrptw").standardized.path

    /// A straight road north of the depot: stations and customers at `y`, battery 10, one unit of energy per
    /// unit of distance, speed 1, 5 time units to charge one unit of energy.
    func road(_ stops: [(id: String, kind: EVRPTWInstance.Kind, y: Double, ready: Double, due: Double)], battery: Double = 10, g: Double = 5) -> EVRPTWInstance {
        EVRPTWInstance(name: "road", locations: [.init(id: "D0", kind: .depot, x: 0, y: 0, due: 1_000)]
                        + stops.map { .init(id: $0.id, kind: $0.kind, x: 0, y: $0.y, demand: $0.kind == .customer ? 1 : 0, ready: $0.ready, due: $0.due) },
                       battery: battery, capacity: 10, energyPerDistance: 1, chargeTimePerEnergy: g, speed: 1)
    }

    @Test("a customer beyond half the range: the round trip needs exactly one stop, and charges just what is missing")
    func oneStop() throws {
        let instance = road([("S1", .station, 5, 0, 1_000), ("C1", .customer, 10, 0, 1_000)], battery: 15)
        let evaluator = ElectricRouteEvaluator(instance: instance)
        let direct = evaluator.evaluate([2])
        #expect(!direct.isFeasible && direct.violations.first?.contains("runs out of energy") == true, "\(direct.violations)")
        let stopped = evaluator.evaluate([1, 2])
        #expect(stopped.isFeasible, "\(stopped.violations)")
        #expect(stopped.distance == 20 && stopped.energy == 20)
        #expect(stopped.charging == [.init(position: 0, location: 1, arrival: 5, energy: 5, duration: 25)], "\(stopped.charging)")
        #expect(stopped.returnTime == 45)
    }

    @Test("charging at the first station, where a wait for a window absorbs it, is what lets the second customer be served in time")
    func chargeEarly() throws {
        // S1 at 2, C1 at 4 (opens at 20), S2 at 6, C2 at 8 (closes at 48), back 8: S2 must send the van off full.
        // Charging only at S2 (6 units, 30) reaches C2 at 54; 2 units at S1 while C1 is still closed reach it at 44.
        let instance = road([("S1", .station, 2, 0, 1_000), ("C1", .customer, 4, 20, 1_000), ("S2", .station, 6, 0, 1_000),
                             ("C2", .customer, 8, 0, 48)])
        let evaluation = ElectricRouteEvaluator(instance: instance).evaluate([1, 2, 3, 4])
        #expect(evaluation.isFeasible, "\(evaluation.violations)")
        #expect(evaluation.charging.map(\.location) == [1, 3] && evaluation.charging.map(\.energy) == [2, 4], "\(evaluation.charging)")
        #expect(evaluation.returnTime == 52)
        #expect(Self.minimalCharging(instance, [1, 2, 3, 4]) == false, "the minimum at each station is too late")
        let tighter = road([("S1", .station, 2, 0, 1_000), ("C1", .customer, 4, 20, 1_000), ("S2", .station, 6, 0, 1_000),
                            ("C2", .customer, 8, 0, 43)])
        let late = ElectricRouteEvaluator(instance: tighter).evaluate([1, 2, 3, 4])
        #expect(!late.isFeasible, "in time for C2 only with too little left to get home")
    }

    @Test("the solver's answer visits every customer once, with the station visits its routes need, and passes the evaluator")
    func solves() throws {
        // Two customers far up the road and one near: one van, which must stop at S1 on the way.
        let instance = road([("S1", .station, 5, 0, 1_000), ("C1", .customer, 10, 0, 1_000), ("C2", .customer, 9, 0, 1_000),
                             ("C3", .customer, 1, 0, 1_000)], battery: 15)
        let result = ElectricSolver(instance: instance).solve(options: SolverOptions(seconds: nil, iterations: 300, seed: 3, threads: 1))
        #expect(result.feasible && result.vehicles == 1, "\(result.routes)")
        let visits = result.routes.joined()
        #expect(visits.filter { instance.locations[$0].kind == .customer }.sorted() == instance.customers)
        #expect(visits.contains(1), "the station")
        let evaluator = ElectricRouteEvaluator(instance: instance)
        #expect(result.routes.allSatisfy { evaluator.evaluate($0).isFeasible })
        #expect(abs(result.distance - 20) < 1e-9 && result.charged > 0)
        let checked = ElectricChecker(instance: instance).check(result.plans)
        #expect(checked.isFeasible && abs(checked.distance - result.distance) < 1e-9, "\(checked.violations)")
        // The stop is the search's own: the battery is a range between charging points and S1 one of them.
        let (problem, locations) = ElectricSolver(instance: instance).engineProblem(allowance: 0.25)
        #expect(problem.clients.filter(\.recharges).count == 3 && problem.vehicleTypes[0].maxDistance == 15_000)
        let searched = Solver(problem: problem).solve(options: SolverOptions(seconds: nil, iterations: 300, seed: 3, threads: 1))
        #expect(searched.feasible && FeasibilityChecker(problem: problem).check(searched.solution).isFeasible)
        #expect(searched.solution.routes.flatMap(\.visits).map { locations[$0] }.contains(1), "\(searched.solution.routes)")
        let (without, _) = ElectricSolver(instance: instance, stationCopies: 0).engineProblem(allowance: 0.25)
        #expect(without.clients.count == 3 && without.vehicleTypes[0].maxDistance == .max / 4, "the first version: stations only after the search")
        // A route no station visit mends is split: one customer north, one south, each a full battery away and back.
        let far = road([("C1", .customer, 7, 0, 1_000), ("C2", .customer, -7, 0, 1_000)], battery: 14)
        #expect(ElectricSolver(instance: far).repair([1, 2]) == [[1], [2]])
    }

    @Test("the independent checker takes the stated charges: too little runs flat, too much overfills, a window missed, a customer twice")
    func checker() throws {
        let instance = road([("S1", .station, 5, 0, 1_000), ("C1", .customer, 10, 0, 1_000)], battery: 15)
        let checker = ElectricChecker(instance: instance)
        let good = checker.check([[.init(location: 1, charge: 5), .init(location: 2)]])
        #expect(good.isFeasible, "\(good.violations)")
        #expect(good.routes == [.init(distance: 20, energy: 20, charged: 5, chargingTime: 25, load: 1, returnTime: 45)])
        #expect(checker.check([[.init(location: 1, charge: 4), .init(location: 2)]]).violations == ["route 1: the battery is empty before D0 (-1.0)"])
        #expect(checker.check([[.init(location: 1, charge: 11), .init(location: 2)]]).violations.first?.contains("above the battery") == true)
        #expect(checker.check([[.init(location: 1, charge: 5), .init(location: 2, charge: 1)]]).violations.contains { $0.contains("not a station") })
        #expect(checker.check([[.init(location: 1, charge: 5), .init(location: 2)], [.init(location: 1, charge: 5), .init(location: 2)]])
            .violations == ["C1 is served 2 times"])
        #expect(checker.check([]).violations == ["C1 is served 0 times"])
        // The early-charging road: the evaluator's amounts pass; the same energy taken all at S2 reaches C2 late.
        let early = road([("S1", .station, 2, 0, 1_000), ("C1", .customer, 4, 20, 1_000), ("S2", .station, 6, 0, 1_000), ("C2", .customer, 8, 0, 48)])
        let plan = try #require(ElectricRouteEvaluator(instance: early).plan([1, 2, 3, 4]))
        #expect(ElectricChecker(instance: early).check([plan]).isFeasible)
        let late = ElectricChecker(instance: early).check([[.init(location: 1), .init(location: 2), .init(location: 3, charge: 6), .init(location: 4)]])
        #expect(late.violations == ["route 1: starts C2 at 54.0, after its window closes at 48.0"], "\(late.violations)")
    }

    @Test("the JSON form: written and read back to the same problem; defaults; one depot; known kinds only")
    func json() throws {
        let road = road([("S1", .station, 5, 0, 1_000), ("C1", .customer, 10, 30, 60)], battery: 15)
        let back = try JSONDecoder().decode(EVRPTWInstance.self, from: try JSONEncoder().encode(road))
        #expect(back.locations == road.locations && back.battery == 15 && back.capacity == road.capacity && back.speed == road.speed
                && back.energyPerDistance == road.energyPerDistance && back.chargeTimePerEnergy == road.chargeTimePerEnergy)
        let text = #"{"battery":15,"capacity":10,"energyPerDistance":1,"chargeTimePerEnergy":5,"speed":1,"locations":["#
            + #"{"id":"C1","kind":"customer","x":0,"y":10,"demand":1},{"id":"S1","kind":"station","x":0,"y":5},{"id":"D0","kind":"depot","x":0,"y":0}]}"#
        let written = try JSONDecoder().decode(EVRPTWInstance.self, from: Data(text.utf8))
        #expect(written.locations.map(\.id) == ["D0", "C1", "S1"], "the depot comes first")
        #expect(written.locations[1].due == .greatestFiniteMagnitude && written.locations[1].ready == 0)
        #expect(ElectricRouteEvaluator(instance: written).evaluate([2, 1]).charging.map(\.energy) == [5])
        // Times without a bound reach the engine as its open end, not as an overflow.
        let solved = ElectricSolver(instance: written).solve(options: SolverOptions(seconds: nil, iterations: 50, seed: 1, threads: 1))
        // Charging on the way out or on the way back drives the same 20.
        #expect(solved.feasible && solved.routes.count == 1 && Set(solved.routes[0]) == [1, 2] && abs(solved.distance - 20) < 1e-9, "\(solved.routes)")
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(EVRPTWInstance.self, from: Data(text.replacingOccurrences(of: "\"station\"", with: "\"depot\"").utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(EVRPTWInstance.self, from: Data(text.replacingOccurrences(of: "\"station\"", with: "\"charger\"").utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(EVRPTWInstance.self, from: Data(text.replacingOccurrences(of: "\"battery\":15", with: "\"battery\":0").utf8)) }
    }

    @Test("reads the instance format and writes and reads routes in the best-known form")
    func format() throws {
        let text = """
        StringID   Type       x          y          demand     ReadyTime  DueDate    ServiceTime
        S0         f          40.0       50.0       0.0        0.0        1236.0     0.0
        D0         d          40.0       50.0       0.0        0.0        1236.0     0.0
        C1         c          45.0       68.0       10.0       78.0       140.0      90.0

        Q Vehicle fuel tank capacity /79.69/
        C Vehicle load capacity /200.0/
        r fuel consumption rate /1.0/
        g inverse refueling rate /3.39/
        v average Velocity /1.0/
        """
        let instance = try EVRPTWFormat.parse(text, name: "tiny")
        #expect(instance.locations.map(\.id) == ["D0", "S0", "C1"] && instance.battery == 79.69 && instance.chargeTimePerEnergy == 3.39)
        let routes = try EVRPTWFormat.routes("D0;S0;C1;D0;D0;C1;D0", in: instance)
        #expect(routes == [[1, 2], [2]])
        #expect(EVRPTWFormat.format(routes, in: instance) == "D0;S0;C1;D0\nD0;C1;D0")
        #expect(throws: EVRPTWFormat.ReadError.self) { try EVRPTWFormat.routes("D0;C9;D0", in: instance) }
        #expect(throws: EVRPTWFormat.ReadError.self) { try EVRPTWFormat.parse("D0 d 1 2", name: "bad") }
    }

    @Test("the amounts of a feasible plan pass the checker when an early arrival at a station would need less than nothing in the battery (rc204)")
    func noArrivalBelowEmpty() throws {
        let path = "\(Self.bench)/100/rc204_21.txt"
        guard FileManager.default.fileExists(atPath: path) else {
            print("skipped: no E-VRPTW benchmark data at \(Self.bench)")
            return
        }
        let instance = try EVRPTWFormat.read(path: path)
        // A route the search found: arriving at S15 as early as the frontier allows before C83 would leave 2 units
        // below empty; the plan once chose that arrival (charging longer there) and stated 2 too little at S10.
        let line = "D0;C69;C98;C53;C60;C79;S10;C17;C16;C14;C78;C7;C6;C46;C45;C1;C3;C5;C8;C73;S10;C47;C15;C13;C9;C87;C59;C97;C75;C58;C74;C86;C52;C99;C83;S15;C64;C51;C76;C89;C63;C85;C84;C66;D0"
        let route = line.split(separator: ";").dropFirst().dropLast().map { instance.index(of: String($0))! }
        let evaluator = ElectricRouteEvaluator(instance: instance)
        let plan = try #require(evaluator.plan(route))
        let report = ElectricChecker(instance: instance).check([plan])
        #expect(!report.violations.contains { !$0.hasSuffix("is served 0 times") }, "\(report.violations.filter { !$0.hasSuffix("is served 0 times") })")
        #expect(evaluator.evaluate(route).charging.map(\.energy).allSatisfy { $0 >= 0 && $0 <= instance.battery })
    }

    @Test("every best known solution with partial recharging is feasible to the evaluator, with its vehicles and distance")
    func bestKnown() throws {
        let table = EVRPTWFormat.bestKnown(path: "\(Self.bench)/bks-evrptw-pr.tsv")
        guard !table.isEmpty else {
            print("skipped: no E-VRPTW benchmark data at \(Self.bench)")
            return
        }
        var checked = 0, needEarlyCharging = 0
        for best in table.values.sorted(by: { $0.instance < $1.instance }) {
            let fields = [best.instance, String(best.vehicles), String(best.distance)]
            let instance = try EVRPTWFormat.read(path: "\(Self.bench)/100/\(best.instance.lowercased())_21.txt")
            let routes = try EVRPTWFormat.routes(best.configuration, in: instance)
            let evaluator = ElectricRouteEvaluator(instance: instance)
            let evaluations = routes.map(evaluator.evaluate)
            for (k, evaluation) in evaluations.enumerated() {
                #expect(evaluation.isFeasible, "\(fields[0]) route \(k + 1): \(evaluation.violations)")
            }
            // The independent checker, given the evaluator's charge amounts, agrees: feasible, same vehicles and distance.
            let plans = routes.compactMap(evaluator.plan)
            let report = ElectricChecker(instance: instance).check(plans)
            #expect(report.isFeasible && plans.count == routes.count, "\(fields[0]): \(report.violations)")
            #expect(report.vehicles == Int(fields[1]) && abs(report.distance - Double(fields[2])!) < 1e-3, "\(fields[0]): checker \(report.vehicles), \(report.distance)")
            #expect(routes.count == Int(fields[1]), "\(fields[0]): vehicles")
            let distance = evaluations.reduce(0) { $0 + $1.distance }
            #expect(abs(distance - Double(fields[2])!) < 1e-3, "\(fields[0]): distance \(distance) against \(fields[2])")
            let visited = routes.flatMap { $0 }.filter { instance.locations[$0].kind == .customer }
            #expect(visited.count == instance.customers.count && Set(visited) == Set(instance.customers), "\(fields[0]): every customer once")
            if !routes.allSatisfy({ Self.minimalCharging(instance, $0) }) { needEarlyCharging += 1 }
            checked += 1
        }
        #expect(checked == 56)
        // The data's README: 31 of the 56 are late somewhere when each station gives only the minimum needed.
        #expect(needEarlyCharging == 31, "\(needEarlyCharging)")
        print("E-VRPTW best known: \(checked) instances feasible; \(needEarlyCharging) need more than the minimum at some station")
    }

    /// The naive plan: at each station charge just enough to reach the next station or the depot.
    static func minimalCharging(_ instance: EVRPTWInstance, _ route: [Int]) -> Bool {
        let path = [instance.depot] + route + [instance.depot]
        var time = instance.locations[instance.depot].ready, energy = instance.battery
        for i in 1..<path.count {
            let leg = instance.distance(path[i - 1], path[i])
            time += leg / instance.speed
            energy -= leg * instance.energyPerDistance
            guard energy >= -1e-4 else { return false }
            let here = instance.locations[path[i]]
            if here.kind == .customer {
                guard time <= here.due + 1e-4 else { return false }
                time = max(time, here.ready) + here.service
            } else if here.kind == .station {
                var ahead = 0.0
                for j in (i + 1)..<path.count {
                    ahead += instance.distance(path[j - 1], path[j]) * instance.energyPerDistance
                    if instance.locations[path[j]].kind != .customer { break }
                }
                let amount = max(0, min(instance.battery, ahead) - energy)
                energy += amount
                time += amount * instance.chargeTimePerEnergy
            } else if time > here.due + 1e-4 {
                return false
            }
        }
        return true
    }
}
