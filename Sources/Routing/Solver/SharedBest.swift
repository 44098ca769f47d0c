import Synchronization

/// The best feasible solution any search thread has found, for a thread that has stalled to restart from.
/// Without it the threads of a solve are independent runs of which the best wins, and a thread that falls
/// behind early spends the rest of its time on a worse region; with it, each restart continues from the best
/// any thread knows. Only time-limited solves share (`Solver.solve`): under an iteration budget the result
/// must depend on the seed alone, not on how the threads' progress interleaves.
final class SharedBest: Sendable {
    private let best = Mutex<(cost: Int, snapshot: [[Int]])?>(nil)

    /// Records a thread's new best when it beats every other.
    func offer(cost: Int, snapshot: [[Int]]) {
        best.withLock { current in
            if current.map({ cost < $0.cost }) ?? true { current = (cost, snapshot) }
        }
    }

    /// The shared best when it is cheaper than `cost`.
    func cheaper(than cost: Int) -> (cost: Int, snapshot: [[Int]])? {
        best.withLock { current in current.flatMap { $0.cost < cost ? $0 : nil } }
    }
}
