import Foundation
import SolverSupport

/// Whether a van can drive a route on time when it charges exactly as much as it needs where it best can,
/// for a route with two or more station visits that the charging policies (`ChargingSegment`) time late:
/// given the route's locations in order (depots left out), its duration from the start of the shift, or nil
/// when no charging plan keeps every window. The policies decide fast and never promise too much, but with
/// several stations each charges more than needed on some routes (charging more where a wait hides it, less
/// where it does not, is the exact plan), so the search could not keep routes such as the 25 of the 367 best
/// known E-VRPTW routes with stations that both policies time late. The search asks about each route it
/// builds, not about each move's proposal, which the policies still price: a move that makes such a route is
/// taken when it pays despite its penalised lateness, and the route then costs what it is. (Asking about
/// proposals too cost a fifth to a quarter of the iterations and found worse solutions; BENCHMARKS, session 13.)
public typealias ExactCharging = @Sendable (_ route: [Int]) -> Int?

/// How long and how the solver searches.
public struct SolverOptions: Sendable {
    /// Wall-clock budget; nil = until `iterations`.
    public var seconds: Double?
    /// Iteration budget per search thread; with `seconds` nil the result depends only on the seed.
    public var iterations: Int?
    public var seed: UInt64
    /// Searches run side by side (one per core); the best result wins.
    public var threads: Int
    /// Late-acceptance history length (Burke & Bykov 2017).
    public var historyLength: Int
    /// Clients removed and reinserted per perturbation: uniformly 1...this.
    public var maxPerturbation: Int
    /// Iterations without a new best before restarting from the best.
    public var restartAfter: Int
    /// Local search also moves pairs of clients (Exchange (2,0), (2,1), (2,2); see `NodeOperators.standard`).
    public var pairMoves = false
    /// Under a time limit, a search that restarts (`restartAfter`) continues from the best any thread has
    /// found (`SharedBest`) rather than its own. Ignored under an iteration budget, where the seed alone must
    /// decide the result. Off by default: measured on E-VRPTW only (the electric solver turns it on).
    public var shareBest = false
    /// Stop once this many iterations in a row found no new best feasible solution (PyVRP's `NoImprovement`
    /// criterion); nil: run the whole budget. Deterministic, unlike a time limit: small problems settle early.
    public var noImprovement: Int?

    public init(seconds: Double? = 10, iterations: Int? = nil, seed: UInt64 = 1, threads: Int = 2,
                historyLength: Int = 300, maxPerturbation: Int = 25, restartAfter: Int = 20_000) {
        self.seconds = seconds
        self.iterations = iterations
        self.seed = seed
        self.threads = max(1, threads)
        self.historyLength = historyLength
        self.maxPerturbation = maxPerturbation
        self.restartAfter = restartAfter
    }
}

/// What the solver reports while it runs (from its first thread).
public struct SolverProgress: Sendable {
    public var seconds: Double
    public var iterations: Int
    public var bestCost: Int?
    public var currentCost: Int
    public var feasible: Bool
}

public struct SolveResult: Sendable {
    public var solution: Solution
    /// Objective of the best feasible solution (distance and duration at unit costs, fixed costs, forgone
    /// prizes), or of the best infeasible one when none was feasible.
    public var cost: Int
    public var feasible: Bool
    public var iterations: Int
    public var seconds: Double
}

/// Iterated local search (PyVRP 0.13+): a start built by cheapest insertion and improved by local search;
/// then, each iteration, a ruin-and-recreate perturbation of a few neighbouring clients and local search,
/// accepted by late-acceptance hill climbing; penalties for excess load and time warp adapt so that the
/// search may cross infeasible solutions.
public struct Solver: Sendable {
    public let problem: ProblemData
    private let neighbours: [[Int32]]
    /// A second opinion on charging (the electric solver gives one); see `ExactCharging`.
    public var exactCharging: ExactCharging?

    /// `neighbours`: how many of each client's nearest clients the moves consider (granular neighbourhood).
    public init(problem: ProblemData, neighbours count: Int = 40) {
        self.problem = problem
        neighbours = Neighbourhood.build(problem, count: count)
    }

    /// `initial`, when given, is where every thread starts (a warm start: a re-plan keeps the current plan
    /// unless it finds better); `pinned[k]` clients at the start of its route k never move.
    public func solve(options: SolverOptions, initial: Solution? = nil, pinned: [Int: Int] = [:],
                      progress: (@Sendable (SolverProgress) -> Void)? = nil) -> SolveResult {
        let started = Date()
        let shared = options.shareBest && options.seconds != nil && options.threads > 1 ? SharedBest() : nil
        let results = parallelMap(options.threads) { thread in
            run(options: options, seed: options.seed &+ UInt64(thread) &* 0x9E37, started: started, initial: initial,
                pinned: pinned, shared: shared, progress: thread == 0 ? progress : nil)
        }
        var best = results[0]
        for r in results.dropFirst() where (r.feasible && !best.feasible) || (r.feasible == best.feasible && r.cost < best.cost) {
            best = r
        }
        best.iterations = results.reduce(0) { $0 + $1.iterations }
        best.seconds = Date().timeIntervalSince(started)
        return best
    }

    private func run(options: SolverOptions, seed: UInt64, started: Date, initial: Solution?, pinned: [Int: Int],
                     shared: SharedBest?, progress: (@Sendable (SolverProgress) -> Void)?) -> SolveResult {
        var random = SeededGenerator(seed: seed)
        let startPenalties = initialPenalties()
        var penalties = PenaltyManager(load: startPenalties.load, timeWarp: startPenalties.timeWarp, distance: startPenalties.distance)
        let search = LocalSearch(problem: problem, neighbours: neighbours, evaluator: penalties.evaluator, pairMoves: options.pairMoves)
        let routes = search.routes
        routes.exactCharging = exactCharging
        if let initial { routes.load(initial, pinned: pinned) }
        for u in routes.unassigned.shuffled(using: &random) { search.insert(u) }
        search.search(random: &random)

        var current = routes.snapshot()
        var currentCost = routes.penalisedCost
        var best: (solution: Solution, snapshot: [[Int]], cost: Int)? = routes.isFeasible ? (routes.solution(), current, currentCost) : nil
        var bestInfeasible = (solution: routes.solution(), cost: currentCost)
        var history = [Int](repeating: currentCost, count: max(1, options.historyLength))
        var iteration = 0, sinceImprovement = 0, sinceBest = 0, lastExhaustive = 0
        var lastReport = 0.0
        let clients = Array(problem.depotCount..<problem.locationCount)

        while true {
            let elapsed = Date().timeIntervalSince(started)
            if let seconds = options.seconds, elapsed >= seconds { break }
            if let limit = options.iterations, iteration >= limit { break }
            if options.seconds == nil && options.iterations == nil { break }
            if let patience = options.noImprovement, best != nil, sinceBest >= patience { break }
            iteration += 1
            sinceImprovement += 1
            sinceBest += 1

            let touched = perturbation(search, count: Int.random(in: 1...max(1, options.maxPerturbation), using: &random),
                                       clients: clients, random: &random)
            for u in touched { search.remove(u) }
            for u in touched.shuffled(using: &random) where !routes.isPlanned(u) { search.insert(u) }
            search.search(random: &random, promising: touched)

            var cost = routes.penalisedCost
            var feasible = routes.isFeasible
            penalties.register(loadFeasible: routes.isLoadFeasible, timeFeasible: routes.isTimeFeasible, distanceFeasible: routes.isDistanceFeasible)
            if feasible, best == nil || cost < best!.cost {
                // A new best is worth a full pass of the local search (PyVRP's `exhaustive_on_best`); on large
                // instances, where new bests come nearly every iteration at first, not more often than
                // every clientCount / 100 iterations.
                if iteration - lastExhaustive >= problem.clientCount / 100 {
                    lastExhaustive = iteration
                    search.search(random: &random)
                    cost = routes.penalisedCost
                    feasible = routes.isFeasible
                }
                if feasible {
                    best = (routes.solution(), routes.snapshot(), cost)
                    shared?.offer(cost: cost, snapshot: best!.snapshot)
                    sinceBest = 0
                }
                sinceImprovement = 0
            } else if !feasible, best == nil, cost < bestInfeasible.cost {
                bestInfeasible = (routes.solution(), cost)
            }
            // Late acceptance (Burke & Bykov 2017) with both enhancements PyVRP uses: also accept what beats
            // the current solution, and write the history only when the current solution beats it.
            let slot = iteration % history.count
            if cost < history[slot] || cost < currentCost {
                current = routes.snapshot()
                currentCost = cost
            } else {
                routes.restore(current)
            }
            if currentCost < history[slot] { history[slot] = currentCost }
            if sinceImprovement >= options.restartAfter, let best {
                let restart = shared?.cheaper(than: best.cost) ?? (best.cost, best.snapshot)
                routes.restore(restart.snapshot)
                current = restart.snapshot
                currentCost = restart.cost
                sinceImprovement = 0
            }
            let evaluator = penalties.evaluator
            if evaluator.loadPenalty != routes.evaluator.loadPenalty || evaluator.timeWarpPenalty != routes.evaluator.timeWarpPenalty
                || evaluator.distancePenalty != routes.evaluator.distancePenalty {
                routes.evaluator = evaluator
                routes.repriceAll()
                currentCost = routes.penalisedCost
            }
            if let progress, elapsed - lastReport >= 1 {
                lastReport = elapsed
                progress(SolverProgress(seconds: elapsed, iterations: iteration, bestCost: best?.cost, currentCost: currentCost,
                                        feasible: best != nil))
            }
        }
        if best == nil {
            // Never feasible: repair the best infeasible solution with heavy penalties (HGS's repair step).
            routes.evaluator = CostEvaluator(loadPenalty: 1 << 20, timeWarpPenalty: 1 << 20, distancePenalty: 1 << 20)
            routes.load(bestInfeasible.solution, pinned: pinnedByRoute(bestInfeasible.solution, pinned: pinned, initial: initial))
            for u in routes.unassigned { search.insert(u) }
            search.search(random: &random)
            if routes.isFeasible {
                routes.evaluator = penalties.evaluator
                routes.repriceAll()
                best = (routes.solution(), routes.snapshot(), routes.penalisedCost)
            }
        }
        let answer = best.map { (solution: $0.solution, cost: $0.cost) } ?? bestInfeasible
        return SolveResult(solution: answer.solution, cost: answer.cost, feasible: best != nil,
                           iterations: iteration, seconds: Date().timeIntervalSince(started))
    }

    /// PyVRP's perturbation: a random client and its nearest neighbours, taken route by route (so a ruin
    /// tends to empty stretches of few routes), `count` clients in all; more random clients while short.
    private func perturbation(_ search: LocalSearch, count: Int, clients: [Int], random: inout SeededGenerator) -> [Int] {
        var chosen: [Int] = [], seen = Set<Int>()
        var attempts = 0
        while chosen.count < count && attempts < 8 {
            attempts += 1
            let u = clients[Int.random(in: 0..<clients.count, using: &random)]
            var groups: [(route: Int, members: [Int])] = []
            for v in [u] + neighbours[u].map(Int.init) where seen.insert(v).inserted {
                let r = search.routes.route(of: v)
                if let g = groups.firstIndex(where: { $0.route == r }) { groups[g].members.append(v) } else { groups.append((r, [v])) }
            }
            for group in groups {
                for v in group.members {
                    chosen.append(v)
                    if chosen.count == count { return chosen }
                }
            }
        }
        return chosen
    }

    /// Pinned prefixes follow their routes: a route whose first clients are an initial route's pinned
    /// prefix keeps that pin wherever it sits in the solution.
    private func pinnedByRoute(_ solution: Solution, pinned: [Int: Int], initial: Solution?) -> [Int: Int] {
        guard let initial, !pinned.isEmpty else { return [:] }
        var result: [Int: Int] = [:]
        for (k, count) in pinned where count > 0 && k < initial.routes.count {
            let prefix = Array(initial.routes[k].visits.prefix(count))
            if let index = solution.routes.firstIndex(where: { Array($0.visits.prefix(count)) == prefix }) { result[index] = count }
        }
        return result
    }

    /// Penalties that make one unit of excess load, or one second of time warp, about as costly as an average
    /// depot–client trip (PyVRP's `PenaltyManager.init_from`): its cost per unit of demand, and, where time
    /// has a price, per unit of its duration. Where it has none (the benchmark sets: distance only), time
    /// warp starts at the load penalty, as it always has.
    private func initialPenalties() -> (load: Double, timeWarp: Double, distance: Double) {
        guard problem.clientCount > 0, let vehicle = problem.vehicleTypes.first else { return (1, 1, 1) }
        var cost = 0.0, demand = 0.0, duration = 0.0
        for l in problem.depotCount..<problem.locationCount {
            cost += Double(problem.distances[0, l] * vehicle.unitDistanceCost + problem.durations[0, l] * vehicle.unitDurationCost)
            duration += Double(problem.durations[0, l])
            demand += Double(problem.client(l).demand.reduce(0, +))
        }
        let load = max(1, demand > 0 ? cost / demand : 1)
        // A unit beyond a van's range starts at ten times what driving it costs; the manager adapts it.
        let distance = max(1, 10 * Double(vehicle.unitDistanceCost))
        return (load, vehicle.unitDurationCost > 0 && duration > 0 ? max(1, cost / duration) : load, distance)
    }
}
