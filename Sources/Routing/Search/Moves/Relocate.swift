/// Relocate, PyVRP's Exchange (1,0): moves client `u` to just after `v`, or, failing that, just before it.
struct Relocate: NodeOperator {
    var name: String { "relocate" }

    @inline(never) func run(_ u: Int, _ v: Int, _ routes: SearchRoutes, applying: Bool) -> Int {
        let saving = Relocate.move(u, after: v, in: routes, applying: applying)
        return saving > 0 ? saving : Relocate.move(u, after: routes.previous[v], in: routes, applying: applying)
    }

    /// What moving `u` to just after node `v` (a client or a start depot) saves, 0 when nothing; carried
    /// out when `applying` and it saves.
    @inline(__always) static func move(_ u: Int, after v: Int, in routes: SearchRoutes, applying: Bool) -> Int {
        let ru = routes.routeOf[u], rv = routes.routeOf[v]
        guard v != u, v != routes.previous[u], v != routes.endNode(rv), routes.movable(u),
              routes.position[v] >= routes.pinnedCount[rv], routes.canServe(route: rv, u) else { return 0 }
        let pu = routes.previous[u], nu = routes.following[u], w = routes.following[v]
        if ru != rv {
            return routes.saving(ru, Proposal(.head(pu), .tail(nu)), rv, Proposal(.head(v), .single(u), .tail(w)), applying: applying)
        }
        let p = routes.position[v] < routes.position[u] ? Proposal(.head(v), .single(u), .stretch(w, pu), .tail(nu))
                                                        : Proposal(.head(pu), .stretch(nu, v), .single(u), .tail(w))
        return routes.saving(ru, p, applying: applying)
    }
}
