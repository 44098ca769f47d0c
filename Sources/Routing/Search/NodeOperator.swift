/// A local-search move on a client `u` and one of its granular neighbours `v` (PyVRP's `NodeOperator`).
/// One type per file in `Moves/`; a new move is a new conformance and a place in `StandardOperators`.
protocol NodeOperator: Sendable {
    /// Shown in statistics and tests.
    var name: String { get }
    /// The penalised cost the move on `u` and `v` saves, 0 when it does not lower it; changes nothing.
    func evaluate(_ u: Int, _ v: Int, in routes: SearchRoutes) -> Int
    /// Carries out the move on `u` and `v` that `evaluate` has just priced as a saving.
    func apply(_ u: Int, _ v: Int, to routes: SearchRoutes)
}

/// An operator switched off (nil) saves nothing: optional moves sit in the list as `Optional`s.
extension Optional: NodeOperator where Wrapped: NodeOperator {
    var name: String { self?.name ?? "" }

    @inline(__always) func evaluate(_ u: Int, _ v: Int, in routes: SearchRoutes) -> Int {
        self?.evaluate(u, v, in: routes) ?? 0
    }

    func apply(_ u: Int, _ v: Int, to routes: SearchRoutes) { self?.apply(u, v, to: routes) }
}
