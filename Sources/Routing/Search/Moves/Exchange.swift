/// PyVRP's Exchange (N, M): the `n` consecutive clients from `u` go where the `m` from `v` are, and those
/// where `u`'s were; m = 0 moves the `n` clients to just after `v`. Used for (2,0), (2,1) and (2,2);
/// (1,0) and (1,1) are `Relocate` and `Swap`.
struct Exchange: NodeOperator {
    let n: Int
    let m: Int

    init(_ n: Int, _ m: Int) {
        precondition(n >= 1 && m >= 0 && n >= m, "Exchange (\(n),\(m)): n ≥ 1 and n ≥ m ≥ 0")
        self.n = n
        self.m = m
    }

    var name: String { "exchange (\(n),\(m))" }

    /// The last node of the `length` clients starting at `u`, or nil when the route ends before.
    @inline(__always) private func stretchEnd(_ u: Int, length: Int, in routes: SearchRoutes) -> Int? {
        let last = routes.position[u] + length - 1
        guard last <= routes.clientCount(routes.routeOf[u]) else { return nil }
        var node = u
        for _ in 1..<max(length, 1) { node = routes.following[node] }
        return node
    }

    @inline(never) func run(_ u: Int, _ v: Int, _ routes: SearchRoutes, applying: Bool) -> Int {
        let ru = routes.routeOf[u], rv = routes.routeOf[v]
        let position = routes.position, previous = routes.previous, following = routes.following
        guard routes.movable(u), let uLast = stretchEnd(u, length: n, in: routes) else { return 0 }
        var vLast = v
        if m > 0 {
            guard routes.movable(v), let last = stretchEnd(v, length: m, in: routes) else { return 0 }
            vLast = last
        } else {
            guard position[v] >= routes.pinnedCount[rv] else { return 0 }
        }
        if ru != rv {
            var node = u
            for _ in 0..<n { guard routes.canServe(route: rv, node) else { return 0 }; node = following[node] }
            node = v
            for _ in 0..<m { guard routes.canServe(route: ru, node) else { return 0 }; node = following[node] }
            if m == 0 {
                return routes.saving(ru, Proposal(.head(previous[u]), .tail(following[uLast])),
                                 rv, Proposal(.head(v), .stretch(u, uLast), .tail(following[v])), applying: applying)
            }
            return routes.saving(ru, Proposal(.head(previous[u]), .stretch(v, vLast), .tail(following[uLast])),
                                 rv, Proposal(.head(previous[v]), .stretch(u, uLast), .tail(following[vLast])), applying: applying)
        }
        let p: Proposal
        if m == 0 {
            // Inserting right before or inside its own stretch changes nothing.
            if position[v] < position[u] - 1 {
                p = Proposal(.head(v), .stretch(u, uLast), .stretch(following[v], previous[u]), .tail(following[uLast]))
            } else if position[v] > position[uLast] {
                p = Proposal(.head(previous[u]), .stretch(following[uLast], v), .stretch(u, uLast), .tail(following[v]))
            } else {
                return 0
            }
        } else {
            guard position[uLast] < position[v] || position[vLast] < position[u] else { return 0 }
            let (first, firstLast, second, secondLast) = position[u] < position[v] ? (u, uLast, v, vLast) : (v, vLast, u, uLast)
            p = following[firstLast] == second
                ? Proposal(.head(previous[first]), .stretch(second, secondLast), .stretch(first, firstLast), .tail(following[secondLast]))
                : Proposal(.head(previous[first]), .stretch(second, secondLast), .stretch(following[firstLast], previous[second]),
                           .stretch(first, firstLast), .tail(following[secondLast]))
        }
        return routes.saving(ru, p, applying: applying)
    }
}
