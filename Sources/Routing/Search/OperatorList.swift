/// The operators a local search tries, in order, on each pair; the first that saves is applied.
///
/// The list is built from types (`Then<Relocate, Then<Swap, …>>`) rather than held as `[any NodeOperator]`:
/// the hot loop evaluates some 10⁸ moves a minute, and a list the compiler can see through becomes the
/// same straight sequence of direct calls a hand-written `tryMoves` would be (STYLE.md: no existential
/// calls in hot loops). An enum switched on per call measured 5–10 % slower than this.
protocol OperatorList {
    /// Names of the operators that are on, in order.
    var names: [String] { get }
    /// Applies the first operator whose move on (`u`, `v`) saves; whether one did.
    func applyFirst(_ u: Int, _ v: Int, in routes: SearchRoutes) -> Bool
}

/// `head`, then the rest of the list.
struct Then<Head: NodeOperator, Tail: OperatorList>: OperatorList {
    let head: Head
    let tail: Tail

    init(_ head: Head, _ tail: Tail) {
        self.head = head
        self.tail = tail
    }

    var names: [String] { (head.name.isEmpty ? [] : [head.name]) + tail.names }

    @inline(__always) func applyFirst(_ u: Int, _ v: Int, in routes: SearchRoutes) -> Bool {
        if head.evaluate(u, v, in: routes) > 0 {
            head.apply(u, v, to: routes)
            return true
        }
        return tail.applyFirst(u, v, in: routes)
    }
}

/// The end of a list.
struct NoMoreOperators: OperatorList {
    var names: [String] { [] }
    @inline(__always) func applyFirst(_ u: Int, _ v: Int, in routes: SearchRoutes) -> Bool { false }
}

/// PyVRP's default order: Relocate, Swap, 2-opt* and 2-opt, with Exchange (2,0), (2,1) and (2,2) beside
/// their (1,0) and (1,1) relatives when pair moves are on.
typealias StandardOperators =
    Then<Relocate, Then<Exchange?, Then<Swap, Then<Exchange?, Then<Exchange?, Then<SwapTails, Then<TwoOpt, NoMoreOperators>>>>>>>

/// The standard list, with or without pair moves.
func standardOperators(pairMoves: Bool) -> StandardOperators {
    Then(Relocate(), Then(pairMoves ? Exchange(2, 0) : nil, Then(Swap(), Then(pairMoves ? Exchange(2, 1) : nil,
         Then(pairMoves ? Exchange(2, 2) : nil, Then(SwapTails(), Then(TwoOpt(), NoMoreOperators())))))))
}
