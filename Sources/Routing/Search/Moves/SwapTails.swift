/// 2-opt* between routes (PyVRP's `SwapTails`): `u`'s route keeps its head up to `u` and takes the tail
/// after `v`, and the other way round. Tried on `v` and, when `v` is first in its route, on its start
/// depot, so a whole route can move behind another.
struct SwapTails: NodeOperator {
    var name: String { "2-opt*" }

    @inline(__always) func evaluate(_ u: Int, _ v: Int, in routes: SearchRoutes) -> Int {
        // Checked here, before the call: most pairs are decided by this alone.
        routes.routeOf[u] != routes.routeOf[v] ? run(u, v, routes, applying: false) : 0
    }

    @inline(never) func run(_ u: Int, _ v: Int, _ routes: SearchRoutes, applying: Bool) -> Int {
        guard routes.routeOf[u] != routes.routeOf[v] else { return 0 }
        let saving = SwapTails.move(u, v, in: routes, applying: applying)
        if saving > 0 { return saving }
        let pv = routes.previous[v]
        return routes.isClient(pv) ? 0 : SwapTails.move(u, pv, in: routes, applying: applying)
    }

    /// What swapping the tails after `u` and after `v` saves, 0 when nothing; either may be a start depot
    /// (the whole route moves, or a route is split into an empty vehicle). Carried out when `applying`.
    @inline(__always) static func move(_ u: Int, _ v: Int, in routes: SearchRoutes, applying: Bool) -> Int {
        let ru = routes.routeOf[u], rv = routes.routeOf[v]
        guard ru >= 0, ru != rv, routes.position[u] >= routes.pinnedCount[ru], routes.position[v] >= routes.pinnedCount[rv] else { return 0 }
        let nu = routes.following[u], nv = routes.following[v]
        guard routes.isClient(nu) || routes.isClient(nv) else { return 0 }
        // The tails carry their end depots: only vehicles that end alike may trade them.
        let ea = routes.after[routes.endNode(ru)], eb = routes.after[routes.endNode(rv)]
        guard ea.first == eb.first, ea.twEarly == eb.twEarly, ea.twLate == eb.twLate else { return 0 }
        // Tails change vehicles: check skills only when the fleet has them.
        if routes.terms[ru].skills != routes.terms[rv].skills {
            var node = nv
            while routes.isClient(node) { guard routes.canServe(route: ru, node) else { return 0 }; node = routes.following[node] }
            node = nu
            while routes.isClient(node) { guard routes.canServe(route: rv, node) else { return 0 }; node = routes.following[node] }
        }
        return routes.saving(ru, Proposal(.head(u), .tail(nv)), rv, Proposal(.head(v), .tail(nu)), applying: applying)
    }
}
