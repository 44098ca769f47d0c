import SolverSupport

/// First-improvement local search over granular neighbourhoods (PyVRP's `LocalSearch`): for each client
/// `u` and neighbour `v`, the operators of `operators` in order (`StandardOperators`), the first
/// that improves is applied; then a move into an empty vehicle; for an optional client, first whether it
/// should come in or go out (`LocalSearch+OptionalClients`). A route remembers when it last changed
/// and a client when it was last tested, so unchanged pairs are not examined again.
///
/// The routes and their pricing caches are `SearchRoutes`; each move is a `NodeOperator` in `Moves/`.
final class LocalSearch {
    let routes: SearchRoutes
    let neighbours: [[Int32]]
    let operators: StandardOperators
    /// The `routes.clock` at which each client was last tested.
    private var lastTested: [Int]
    /// Whether any client may be left out (prize-collecting problems such as a dispatch day).
    let hasOptionalClients: Bool

    init(problem: ProblemData, neighbours: [[Int32]], evaluator: CostEvaluator, pairMoves: Bool = false) {
        routes = SearchRoutes(problem: problem, evaluator: evaluator)
        self.neighbours = neighbours
        operators = standardOperators(pairMoves: pairMoves)
        lastTested = [Int](repeating: 0, count: problem.locationCount)
        hasOptionalClients = problem.clients.contains { !$0.required }
    }

    var problem: ProblemData { routes.problem }

    /// Runs moves until none improves. Only promising clients are examined (all when `promising` is nil):
    /// those perturbed and those next to a change, as PyVRP does, so an iteration's work stays local.
    func search(random: inout SeededGenerator, promising: [Int]? = nil) {
        let routes = routes, operators = operators
        var order = Array(problem.depotCount..<problem.locationCount)
        order.shuffle(using: &random)
        var flags = [Bool](repeating: promising == nil, count: routes.locationCount)
        if let promising { for u in promising { markAround(u, &flags) } }
        var improved = true
        while improved {
            improved = false
            for u in order where flags[u] {
                flags[u] = false
                if hasOptionalClients, applyOptionalClientMove(u) {
                    improved = true
                    markAround(u, &flags)
                }
                if routes.routeOf[u] < 0 { continue }
                let tested = lastTested[u]
                lastTested[u] = routes.clock
                for v32 in neighbours[u] {
                    let v = Int(v32)
                    let rv = routes.routeOf[v]
                    if rv < 0 { continue }
                    if max(routes.lastModified[routes.routeOf[u]], routes.lastModified[rv]) <= tested { continue }
                    // The clients around u and v before the move are worth another look too.
                    let around = (routes.previous[u], routes.following[u], routes.previous[v], routes.following[v])
                    if operators.applyFirst(u, v, in: routes) {
                        improved = true
                        markAround(u, &flags)
                        markAround(v, &flags)
                        for node in [around.0, around.1, around.2, around.3] where routes.isClient(node) { markAround(node, &flags) }
                    }
                    if routes.routeOf[u] < 0 { break }
                }
                if routes.routeOf[u] >= 0, routes.clientCount(routes.routeOf[u]) > 1, emptyRouteMove(u) {
                    improved = true
                    markAround(u, &flags)
                }
            }
        }
    }

    /// Marks a client and its route neighbours for another look.
    @inline(__always) private func markAround(_ u: Int, _ flags: inout [Bool]) {
        flags[u] = true
        guard routes.routeOf[u] >= 0 else { return }
        if routes.isClient(routes.previous[u]) { flags[routes.previous[u]] = true }
        if routes.isClient(routes.following[u]) { flags[routes.following[u]] = true }
    }

    /// Moves `u`, or the rest of its route from `u` on, into an empty vehicle that can serve it.
    private func emptyRouteMove(_ u: Int) -> Bool {
        for t in routes.typeTerms.indices where routes.typeTerms[t].canServe(routes.skills[u]) {
            guard let empty = routes.emptyRoute(ofType: t) else { continue }
            let start = routes.startNode(empty)
            if Relocate.move(u, after: start, in: routes, applying: true) > 0
                || SwapTails.move(routes.previous[u], start, in: routes, applying: true) > 0 { return true }
        }
        return false
    }
}
