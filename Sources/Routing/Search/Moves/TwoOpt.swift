/// 2-opt inside a route: reverses the stretch after `u` up to `v` (or after `v` up to `u`).
struct TwoOpt: NodeOperator {
    var name: String { "2-opt" }

    @inline(__always) func evaluate(_ u: Int, _ v: Int, in routes: SearchRoutes) -> Int {
        // Checked here, before the call: most pairs are decided by this alone.
        routes.routeOf[u] == routes.routeOf[v] ? run(u, v, routes, applying: false) : 0
    }

    @inline(never) func run(_ u: Int, _ v: Int, _ routes: SearchRoutes, applying: Bool) -> Int {
        let r = routes.routeOf[u]
        guard r == routes.routeOf[v] else { return 0 }
        let (x, y) = routes.position[u] < routes.position[v] ? (u, v) : (v, u)
        guard routes.position[y] - routes.position[x] >= 2, routes.position[x] >= routes.pinnedCount[r] else { return 0 }
        return routes.saving(r, Proposal(.head(x), .reversed(routes.following[x], y), .tail(routes.following[y])), applying: applying)
    }
}
