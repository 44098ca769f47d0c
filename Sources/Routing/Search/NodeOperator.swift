/// A local-search move on a client `u` and one of its granular neighbours `v` (PyVRP's `NodeOperator`).
/// One type per file in `Moves/`; a new move is a new conformance and a place in `StandardOperators`.
protocol NodeOperator: Sendable {
    /// Shown in statistics and tests.
    var name: String { get }
    /// The penalised cost the move on `u` and `v` saves, 0 when it does not lower it; changes nothing.
    func evaluate(_ u: Int, _ v: Int, in routes: SearchRoutes) -> Int
    /// Carries out the move on `u` and `v` that `evaluate` has just priced as a saving.
    func apply(_ u: Int, _ v: Int, to routes: SearchRoutes)
    /// The move itself, stated once: what it saves, carried out as well when `applying` (moves price and
    /// apply through one function so each states its proposal once; returning the proposals instead
    /// would copy them on every evaluation).
    func run(_ u: Int, _ v: Int, _ routes: SearchRoutes, applying: Bool) -> Int
}

extension NodeOperator {
    @inline(__always) func evaluate(_ u: Int, _ v: Int, in routes: SearchRoutes) -> Int { run(u, v, routes, applying: false) }
    func apply(_ u: Int, _ v: Int, to routes: SearchRoutes) { _ = run(u, v, routes, applying: true) }
}

/// An operator switched off (nil) saves nothing: optional moves sit in the list as `Optional`s.
extension Optional: NodeOperator where Wrapped: NodeOperator {
    var name: String { self?.name ?? "" }

    @inline(__always) func evaluate(_ u: Int, _ v: Int, in routes: SearchRoutes) -> Int {
        self?.evaluate(u, v, in: routes) ?? 0
    }

    func apply(_ u: Int, _ v: Int, to routes: SearchRoutes) { self?.apply(u, v, to: routes) }

    func run(_ u: Int, _ v: Int, _ routes: SearchRoutes, applying: Bool) -> Int { self?.run(u, v, routes, applying: applying) ?? 0 }
}
