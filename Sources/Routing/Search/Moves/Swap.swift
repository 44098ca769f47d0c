/// Swap, PyVRP's Exchange (1,1): clients `u` and `v` trade places.
struct Swap: NodeOperator {
    var name: String { "swap" }

    @inline(never) func run(_ u: Int, _ v: Int, _ routes: SearchRoutes, applying: Bool) -> Int {
        let ru = routes.routeOf[u], rv = routes.routeOf[v]
        guard u != v, routes.movable(u), routes.movable(v) else { return 0 }
        let previous = routes.previous, following = routes.following
        if ru != rv {
            guard routes.canServe(route: rv, u), routes.canServe(route: ru, v) else { return 0 }
            return routes.saving(ru, Proposal(.head(previous[u]), .single(v), .tail(following[u])),
                                 rv, Proposal(.head(previous[v]), .single(u), .tail(following[v])), applying: applying)
        }
        let (x, y) = routes.position[u] < routes.position[v] ? (u, v) : (v, u)
        let p = following[x] == y
            ? Proposal(.head(previous[x]), .single(y), .single(x), .tail(following[y]))
            : Proposal(.head(previous[x]), .single(y), .stretch(following[x], previous[y]), .single(x), .tail(following[y]))
        return routes.saving(ru, p, applying: applying)
    }
}
