/// Taking clients out and putting them back: the perturbation's two halves.
extension LocalSearch {
    /// Inserts unassigned client `u` where it adds the least penalised cost: next to one of its neighbours,
    /// or alone in an empty route. Optional clients stay out when their prize does not pay for the detour.
    func insert(_ u: Int) {
        let routes = routes
        var bestDelta = Int.max, bestAfter = -1
        func consider(_ v: Int) {
            let r = routes.routeOf[v]
            guard v != routes.endNode(r), routes.position[v] >= routes.pinnedCount[r], routes.canServe(route: r, u) else { return }
            let p = Proposal(.head(v), .single(u), .tail(routes.following[v]))
            let b = routes.lowerBound(p, route: r)
            guard b.bound - routes.routeCost[r] < bestDelta else { return }
            let delta = routes.cost(p, route: r, given: b) - routes.routeCost[r]
            if delta < bestDelta { bestDelta = delta; bestAfter = v }
        }
        for v32 in neighbours[u] {
            let v = Int(v32)
            guard routes.routeOf[v] >= 0 else { continue }
            consider(v)
            consider(routes.previous[v])
        }
        for t in routes.vehicleTypes.indices { if let r = routes.emptyRoute(ofType: t) { consider(routes.startNode(r)) } }
        if bestAfter < 0 {
            // No neighbour placed yet and no empty vehicle: try every position.
            for r in 0..<routes.routeCount {
                consider(routes.startNode(r))
                for c in routes.visits[r] { consider(c) }
            }
        }
        guard bestAfter >= 0 else { return }
        let client = problem.client(u)
        if !client.required && bestDelta >= client.prize { return }
        routes.insert(u, route: routes.routeOf[bestAfter], at: routes.position[bestAfter])
    }

    /// Takes client `u` out of its route (for perturbation); pinned clients stay.
    func remove(_ u: Int) { routes.remove(u) }
}
