/// Prize-collecting: optional clients come and go during the search (PyVRP's optional-client moves), so
/// one that a full van or a tight window makes too dear is dropped, and one that became cheap is taken.
extension LocalSearch {
    /// Inserts unplanned optional `u` where that costs less than its prize, or removes planned optional
    /// `u` when its route saves more than the prize without it; whether anything changed.
    func applyOptionalClientMove(_ u: Int) -> Bool {
        let routes = routes, client = problem.client(u)
        guard !client.required else { return false }
        let r = routes.routeOf[u]
        if r < 0 {
            insert(u)
            return routes.routeOf[u] >= 0
        }
        guard routes.movable(u) else { return false }
        let p = Proposal(.head(routes.previous[u]), .tail(routes.following[u]))
        let b = routes.lowerBound(p, route: r)
        guard routes.routeCost[r] - routes.cost(p, route: r, given: b) > client.prize else { return false }
        routes.remove(u)
        return true
    }
}
